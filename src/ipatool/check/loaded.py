"""Which parts of a study loaded completely, so cross-file checks do not pile up false findings.

When a file fails to load (bad YAML, wrong shape), its own diagnostics say why. Checks that
report something *absent* (a code never applied, a participant in no transcript, an unknown
participant) would then fire for everything that file held; they ask these helpers first.
"""

from __future__ import annotations

from yaml.nodes import SequenceNode

from ipatool.files import TRANSCRIPTS_DIR
from ipatool.read.study import Study

TRANSCRIPTS_PREFIX = f"{TRANSCRIPTS_DIR}/"


def _list_loaded(study: Study, file: str, key: str, loaded: int) -> bool:
    """True when ``file`` was read and its top-level ``key`` list became ``loaded`` items."""
    if file in study.complete:
        return True
    loc = study.locators.get(file)
    if loc is None:
        return False
    _, node, depth = loc.find((key,))
    if depth != 1 or not isinstance(node, SequenceNode):
        return False
    return loaded == len(node.value)


def participants_loaded(study: Study) -> bool:
    """participants.yaml was read and every entry in it validated."""
    return _list_loaded(study, Study.PARTICIPANTS, "participants", len(study.participants))


def themes_loaded(study: Study) -> bool:
    """themes.yaml was read and every theme in it validated."""
    return _list_loaded(study, Study.THEMES, "themes", len(study.themes))


def transcripts_loaded(study: Study) -> bool:
    """Every transcript file was read and validated (none with malformed turns left out)."""
    files = sum(1 for f in study.files if f.startswith(TRANSCRIPTS_PREFIX))
    return files == len(study.facts) and not any(t.partial for t in study.facts)
