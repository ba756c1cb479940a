"""Shared fixtures: the repository root, the bundled example, the hand-built small study (tests/data)
and ../shared (skipped when absent)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ipatool.analysis import Context, Options, make_context
from ipatool.read.loader import load_study

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "mbt-therapists"
SHARED = REPO.parent / "shared"
SMALL = REPO / "tests" / "data" / "small"
STARTER = REPO / "tests" / "data" / "starter"


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def example_study() -> Path:
    if not (EXAMPLE / "ipatool.yaml").is_file():
        pytest.skip("the bundled example study is not present")
    return EXAMPLE


@pytest.fixture
def shared() -> Path:
    """The workplace's ../shared folder; tests using it skip cleanly on a fresh clone."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (fresh clone)")
    return SHARED


@pytest.fixture
def realdata(shared: Path) -> Path:
    path = shared / "realdata"
    if not path.is_dir():
        pytest.skip("../shared/realdata is not present")
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A writable copy of tests/data/small, the study the table figures were worked out on."""
    dest = tmp_path / "small"
    shutil.copytree(SMALL, dest)
    return dest


NOTES = {
    "I1.yaml": {
        "    text: From the first meeting I knew it would work, slowly.\n": [
            "{kind: descriptive, by: A, text: the first meeting recalled}",
            "{kind: conceptual, by: B, text: trust as foresight}",
        ],
    },
    "FG1.yaml": {
        "    text: They test you, to see if you will stay.\n": [
            "{kind: linguistic, by: A, text: testing as a verb}",
        ],
        "    text: Small steps, and then one day it is different.\n": [
            "{kind: conceptual, by: C, text: change as sudden}",
            "{kind: linguistic, text: small steps repeated}",
        ],
    },
}
"""Exploratory notes added to the small study by :func:`noted`: P1 (I1/2) a descriptive and a
conceptual note; P3 (FG1/3) a linguistic one; P2 (FG1/6) a conceptual and a linguistic one."""


@pytest.fixture
def noted(small: Path) -> Path:
    """The small study with the exploratory notes of :data:`NOTES`."""
    for name, turns in NOTES.items():
        path = small / "transcripts" / name
        text = path.read_text(encoding="utf-8")
        for line, notes in turns.items():
            assert line in text
            block = "".join(f"      - {n}\n" for n in notes)
            text = text.replace(line, f"{line}    notes:\n{block}")
        path.write_text(text, encoding="utf-8")
    return small


@pytest.fixture
def starter(tmp_path: Path) -> Callable[..., Path]:
    """Makes a copy of tests/data/starter (one coder and interviewer R1, one participant P1, one
    theme, one tiny transcript: what ``ipatool init`` wrote before issue 17) at ``tmp_path/name``."""

    def make(name: str = "study") -> Path:
        dest = tmp_path / name
        shutil.copytree(STARTER, dest)
        return dest

    return make


@pytest.fixture
def context_of() -> Callable[..., Context]:
    """Load a study folder (optionally with another count_codings rule) into a Context."""

    def make(root: Path, rule: str | None = None, codes: bool = False) -> Context:
        if rule is not None:
            cfg = root / "ipatool.yaml"
            cfg.write_text(cfg.read_text().replace("count_codings: any", f"count_codings: {rule}"))
        study, _diags = load_study(root)
        return make_context(study, Options(codes=codes))

    return make
