"""The coded extracts (the workbook's Extracts sheet): one row per coding, worked out from
tests/data/small."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ipatool.analysis import Context
from ipatool.analysis.extracts import COLUMNS, build_extracts


def test_one_row_per_coding_with_its_place_and_coders(
    small: Path, context_of: Callable[..., Context]
) -> None:
    ctx = context_of(small)
    words = {
        ("I1", 2): (
            "From the first meeting I knew it would work, slowly.",
            ("conceptual (A): trust",),
        )
    }
    table = build_extracts(ctx, words)
    assert len(table.rows) == 10  # 3 codings in I1.yaml, 7 in FG1.yaml
    first, second = table.rows[:2]
    assert (first.transcript, first.turn, first.speaker, first.code) == ("I1", 2, "P1", "c1")
    assert (first.theme, first.subtheme) == ("Trust", "Early trust")
    assert first.coders == ("A",)  # its own by
    assert second.code == "c4" and second.coders == ("A", "B", "C")  # no by: every coder
    assert first.words.startswith("From the first meeting")
    assert first.notes == ("conceptual (A): trust",)
    assert second.quote == first.words  # no quote: the whole turn is the extract
    grid = table.grid()
    assert [c.label for c in grid.columns] == list(COLUMNS)
    assert grid.rows[0].cells[7:10] == ("A", "no", "the first meeting")
    assert grid.rows[1].cells[7] == "A, B, C"


def test_without_the_turns_words_those_columns_are_empty(
    small: Path, context_of: Callable[..., Context]
) -> None:
    rows = build_extracts(context_of(small)).rows
    assert all(r.words == "" and r.notes == () for r in rows)
