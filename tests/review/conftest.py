"""The small study in a fresh git repository (in tmp_path), committed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from review._gitstudy import CODINGS, CONFIG, PEOPLE, THEMES, GitStudy, transcript


@pytest.fixture
def gs(tmp_path: Path) -> GitStudy:
    """The study committed once ("first")."""
    g = GitStudy(tmp_path)
    g.git("init", "-q")
    g.git("config", "user.email", "ann@example.org")
    g.git("config", "user.name", "Ann")
    g.git("config", "commit.gpgsign", "false")
    g.write("ipatool.yaml", CONFIG)
    g.write("participants.yaml", {"participants": PEOPLE})
    g.write("themes.yaml", THEMES)
    for tid, codings in CODINGS.items():
        g.write(f"transcripts/{tid}.yaml", transcript(tid, codings))
    g.commit("first")
    return g
