"""Render orchestration: each table's caption is its data's title, and its grid is laid out
only when a writer asks for it (after the study has been let go)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipatool.analysis import Options
from ipatool.analysis.registry import TABLES
from ipatool.cli.turns import turn_notes, turn_texts
from ipatool.read.loader import load_study
from ipatool.render.core import prepare

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("example", ["mbt-therapists", "case-first-ipa"])
def test_captions_are_the_grids_titles_and_grids_wait(example: str) -> None:
    study, _ = load_study(EXAMPLES / example)
    options = Options(turn_texts=turn_texts(study, every=True), turn_notes=turn_notes(study))
    names = [n for n in TABLES if n != "history"]  # history needs a git repository
    job, _omitted = prepare(study, tables=names, options=options)
    assert job is not None and len(job.tables) >= 10
    for t in job.tables:
        assert t.laid_out is None, t.name  # not laid out yet
        assert t.title == t.grid.title, t.name
        assert t.laid_out is t.grid  # laid out once, then kept
