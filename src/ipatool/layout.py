"""Where a study's files are: the folder layout, and finding a study folder.

Kept free of parsing and models so that commands can find their way around a study (and
``validate`` can answer from its cache) without importing the reading machinery.
"""

from __future__ import annotations

from pathlib import Path

CONFIG = "ipatool.yaml"
PARTICIPANTS = "participants.yaml"
THEMES = "themes.yaml"
TRANSCRIPTS_DIR = "transcripts"
CONTEXT_FILES = (CONFIG, PARTICIPANTS, THEMES)
"""The small files every transcript is checked against."""


class StudyNotFound(Exception):
    """The path is not a study folder (exit 2, not a finding)."""


def find_study_root(path: Path) -> Path:
    """Check that ``path`` is a study folder; raise :class:`StudyNotFound` with a reason."""
    if not path.exists():
        raise StudyNotFound(f"{path}: no such folder")
    if not path.is_dir():
        raise StudyNotFound(f"{path}: is a file; give the study folder (the one with ipatool.yaml)")
    if not (path / CONFIG).is_file():
        raise StudyNotFound(
            f"{path}: no ipatool.yaml here; this is not a study folder "
            "(run 'ipatool init' to start one)"
        )
    return path


def transcript_paths(root: Path) -> list[Path]:
    """The transcript files of a study, in a stable order."""
    folder = root / TRANSCRIPTS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()),
        key=lambda p: p.relative_to(root).as_posix(),
    )
