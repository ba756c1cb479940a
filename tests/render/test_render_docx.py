"""The Word table writer's ways give what the plain ways give: the longest word of a column, the
rows' markup made for many rows at once."""

from __future__ import annotations

import random
import sys

import pytest

from ipatool.analysis.grid import Column, Grid, Row
from ipatool.render import docx_table
from ipatool.render.docx_columns import _WORD_BYTES, _longest_word
from ipatool.render.docx_table import (
    BODY_ROW,
    ROW_END,
    Cleaner,
    body_rows,
    cell_markup,
    cell_xml,
    forbids,
    row_markup,
)
from ipatool.xmltext import XML_FORBIDDEN, xml_clean

EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))
WHITESPACE = [c for c in EVERY_CHARACTER if c.isspace()]


def _split_longest(text: str, floor: int) -> int:
    """The longest word the plain way: split all the text."""
    return max(floor, max(map(len, text.split()), default=0))


def test_word_bytes_cut_where_split_does() -> None:
    # every ASCII character is a space in the mask exactly when str.split cuts at it
    for b in range(128):
        assert (bytes([b]).translate(_WORD_BYTES) == b" ") == chr(b).isspace()
    # no byte of a character that is not whitespace is a space: a word is one run of x
    words = "".join(c for c in EVERY_CHARACTER if not c.isspace())
    assert b" " not in words.encode("utf-8", "surrogatepass").translate(_WORD_BYTES)


@pytest.mark.parametrize("space", WHITESPACE)
def test_longest_word_cuts_at_every_whitespace(space: str) -> None:
    text = "a" * 30 + space + "\u00e9" * 28 + space + "b" * 3
    assert _longest_word(text, 26, len(text)) == _split_longest(text, 26) == 30
    assert _longest_word(space * 40, 26, 40) == 26  # long lines of nothing but spaces


def test_longest_word_is_the_longest_split_word() -> None:
    rng = random.Random(7)
    letters = ["a", "Z", "\u00e9", "\u2713", "\U0001f600", "\ud83d", "\ude00", "-", "\x00"]
    pieces = letters + WHITESPACE
    for _ in range(2000):
        words = [
            "".join(rng.choice(pieces) for _ in range(rng.choice([0, 1, 3, 8, 12, 30])))
            for _ in range(rng.randrange(6))
        ]
        text = rng.choice(["\n", " ", "\u3000", ""]).join(words)
        floor = rng.choice([0, 1, 5, 10, 26])
        assert _longest_word(text, floor, len(text)) == _split_longest(text, floor), text
    assert _longest_word("short words only", 26, 10) == 26  # lines no longer than the floor


def test_forbids_finds_what_the_pattern_finds() -> None:
    assert [c for c in EVERY_CHARACTER if forbids(c)] == XML_FORBIDDEN.findall(EVERY_CHARACTER)
    for text in ["", "plain\nlines\ttab\r", "caf\u00e9 \u2713 \U0001f600", "\x7f\x85\ufffd"]:
        assert not forbids(text)
        for bad in ["\x00", "\x1f", "\ud83d", "\ufffe", "\uffff"]:
            assert forbids(text + bad) and forbids(bad + text)


def test_row_markup_is_its_cells_in_a_row() -> None:
    one, two = cell_markup(100), cell_markup(200, align="right", bold=True)
    row = row_markup([one, two])
    assert row.size == 2 and row.betweens == (one[1], two[1])
    assert row.pieces == (BODY_ROW + one[0], one[2] + two[0], two[2] + "</w:tr>")
    assert row.pieces[-1] == ROW_END  # every row ends alike: the next row's lead holds the end
    assert row.leads == (ROW_END + row.pieces[0], row.pieces[1])


def _reference_rows(grid: Grid, widths: list[int], size: int | None) -> str:
    """Every body row cell by cell with :func:`_cell_xml`, as the writer drew them first; a
    group heading and the row before the last keep with the next row."""
    cols = len(grid.columns)
    out = []
    # a text column holding a cell of several lines is a list: its wrapped lines hang
    listed = [
        col.align == "left"
        and any("\n" in r.cells[i] for r in grid.rows if r.kind != "group" and i < len(r.cells))
        for i, col in enumerate(grid.columns)
    ]
    for n, r in enumerate(grid.rows):
        cells = []
        keep = n == len(grid.rows) - 2
        if r.kind == "group":
            style = {"span": cols, "italic": r.indent > 0, "bold": r.indent == 0, "keep_next": True}
            cells.append(
                cell_xml(
                    xml_clean(r.cells[0])[0],
                    sum(widths),
                    half_points=size,
                    indent=r.indent,
                    **style,
                )
            )
        else:
            for i in range(cols):
                text = r.cells[i] if i < len(r.cells) else ""
                cells.append(
                    cell_xml(
                        xml_clean(text)[0],
                        widths[i],
                        bold=r.kind == "strong" and i == 0,
                        half_points=size,
                        align=grid.columns[i].align,
                        indent=r.indent if i == 0 else 0,
                        rule_top=r.kind == "total",
                        keep_next=keep,
                        hanging=listed[i],
                    )
                )
        out.append(BODY_ROW + "".join(cells) + "</w:tr>")
    return "".join(out)


@pytest.mark.parametrize("rows_part", [1, 2, 3, 1000])
def test_body_rows_are_the_cells_one_by_one(
    rows_part: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docx_table, "ROWS_PART", rows_part)
    columns = (Column("Theme"), Column("n", "right"), Column("Mark", "center"))
    rows = (
        Row(("Group", "", ""), "group"),
        Row(("Sub", "", ""), "group", 1),
        Row(("Trust", "3", "x"), "strong"),
        Row(("one", "1", "")),
        Row(("two\nlines & <more>", "2", "\u2713")),
        Row(("short",)),
        Row(("long", "1", "2", "extra")),
        Row(("bad\x07char", "\ud800", "ok"), "body", 1),
        Row(("plain", "4", "y")),
        Row(("M (SD) of n = 3", "2", "N")),
        Row(("Total", "10", ""), "total"),
        Row(("Last group\nof two lines",), "group"),
    )
    grid = Grid("t", "T", columns, rows)
    widths = [3000, 700, 900]
    clean = Cleaner()
    made = "".join(body_rows(grid, clean, widths, 20))
    assert made == _reference_rows(grid, widths, 20)
    assert clean.removed == {"t": 2}
    plain = Grid("p", "P", columns, tuple(r for r in rows if r.kind != "total")[2:4])
    assert "".join(body_rows(plain, Cleaner(), widths, None)) == _reference_rows(
        plain, widths, None
    )
    assert "".join(body_rows(Grid("e", "E", columns, ()), Cleaner(), widths, None)) == ""
