"""The small study, and the case-first example, each in a fresh git repository (in tmp_path),
committed once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from review._gitstudy import CODINGS, CONFIG, PEOPLE, THEMES, GitStudy, transcript


@pytest.fixture
def gs(tmp_path: Path) -> GitStudy:
    """The study committed once ("first")."""
    g = GitStudy(tmp_path)
    g.init("Ann", "ann@example.org")
    g.write("ipatool.yaml", CONFIG)
    g.write("participants.yaml", {"participants": PEOPLE})
    g.write("themes.yaml", THEMES)
    for tid, codings in CODINGS.items():
        g.write(f"transcripts/{tid}.yaml", transcript(tid, codings))
    g.commit("first")
    return g


CASE_FIRST = Path(__file__).resolve().parents[2] / "examples" / "case-first-ipa"


@pytest.fixture
def cf(tmp_path: Path) -> GitStudy:
    """The case-first example committed once ("first")."""
    g = GitStudy(tmp_path)
    g.init("Rosa", "rosa@example.org")
    shutil.copytree(CASE_FIRST, g.root, ignore=shutil.ignore_patterns(".ipatool-cache"))
    g.commit("first")
    return g
