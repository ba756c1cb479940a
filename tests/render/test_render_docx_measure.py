"""The Word writer's quick ways of measuring give what the plain ways give: a column's sizes from
its distinct cells, whether it is a list, a part of a wide grid, and whether text may hold a
statistical symbol."""

from __future__ import annotations

import random

import pytest

from ipatool.analysis.grid import Column, ColumnGroup, Grid, Row
from ipatool.render import docx_columns, docx_table, symbols
from ipatool.render.docx_columns import (
    FLOOR,
    UNKNOWN,
    _longest_word,
    _sizes,
    layouts,
    measure_columns,
    sub_grid,
)
from ipatool.render.textwidth import em_width, widest

PIECES = ["a", "Zz", "word", "\u00e9t\u00e9", "\u2713", "M", "n", "SD", " ", " ", "\n", "x" * 30]


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.choice([0, 1, 2, 5, 9])))


def _plain_sizes(cells: list[str]) -> tuple[float, float, float, bool]:
    """The sizes as the writer measured them first: all the cells' text joined and split."""
    text = "\n".join(cells)
    breaks = text.count("\n") >= len(cells) > 0
    if len(text) <= docx_columns.EXACT:
        words, lines = set(text.split()), set(text.split("\n"))
        return widest(words), widest(lines), em_width(text), breaks
    block = docx_columns.WIDTH_BLOCK
    blocks = [cells[k : k + block] for k in range(0, len(cells), block)]
    longest = max(max(map(len, "\n".join(b).split("\n"))) for b in blocks)
    words_len = max(_longest_word("\n".join(b), FLOOR, longest) for b in blocks)
    return words_len * UNKNOWN, longest * 500, len(text) * 500, breaks


@pytest.mark.parametrize("exact", [docx_columns.EXACT, 40])
def test_sizes_are_the_plain_sizes(exact: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_columns, "EXACT", exact)  # 40: most columns estimated
    monkeypatch.setattr(docx_columns, "WIDTH_BLOCK", 3)  # blocks of long and of short lines
    rng = random.Random(11)
    assert tuple(_sizes([])) == _plain_sizes([]) == (0, 0, 0, False)
    for _ in range(3000):
        pool = [_text(rng) for _ in range(rng.choice([1, 3, 10]))]
        cells = [rng.choice(pool) for _ in range(rng.randrange(1, 25))]  # repeated cells
        assert tuple(_sizes(cells)) == _plain_sizes(cells), cells


def _random_grid(rng: random.Random) -> Grid:
    cols = rng.randrange(1, 6)
    columns = tuple(Column(f"C{c}", rng.choice(["left", "left", "right"])) for c in range(cols))
    rows = []
    for _ in range(rng.randrange(0, 12)):
        kind = rng.choice(["body", "body", "strong", "group", "total"])
        size = cols if rng.random() < 0.7 else rng.randrange(1, cols + 2)  # short or long rows
        rows.append(Row(tuple(_text(rng) for _ in range(size)), kind, rng.choice([0, 0, 1])))  # type: ignore[arg-type]
    return Grid("t", "T", columns, tuple(rows))


def test_a_column_is_a_list_as_the_table_writer_finds_it() -> None:
    rng = random.Random(5)
    for _ in range(1500):
        grid = _random_grid(rng)
        listed = [m.listed for m in measure_columns(grid, 12, docx_columns.MARGINS)]
        assert listed == docx_table.lists(grid), grid
        for layout in layouts(grid):
            assert list(layout.listed) == docx_table.lists(layout.grid)
            widths = list(layout.widths)
            given = layout.listed  # what table_parts hands on
            made = docx_table.body_rows(layout.grid, docx_table.Cleaner(), widths, 20, given)
            found = docx_table.body_rows(layout.grid, docx_table.Cleaner(), widths, 20)
            assert "".join(made) == "".join(found)


def _plain_sub_grid(grid: Grid, cols: list[int]) -> Grid:
    """The part of a grid as the writer cut it first: each column's group label listed."""
    group_of: list[str | None] = []
    for g in grid.column_groups:
        group_of += [g.label] * g.span
    group_of += [None] * (len(grid.columns) - len(group_of))
    groups: list[ColumnGroup] = []
    if grid.column_groups:
        for c in cols:
            label = group_of[c] or ""
            if groups and groups[-1].label == label and c - 1 in cols and group_of[c - 1] == label:
                groups[-1] = ColumnGroup(label, groups[-1].span + 1)
            else:
                groups.append(ColumnGroup(label, 1))
    rows = tuple(
        r
        if r.kind == "group"
        else Row(tuple(r.cells[c] for c in cols if c < len(r.cells)), r.kind, r.indent)
        for r in grid.rows
    )
    columns = tuple(grid.columns[c] for c in cols)
    return Grid(grid.name, grid.title, columns, rows, grid.notes, tuple(groups), grid.wide)


def test_sub_grid_is_the_plain_cut() -> None:
    rng = random.Random(3)
    for _ in range(1500):
        grid = _random_grid(rng)
        n = len(grid.columns)
        spans: list[int] = []
        while sum(spans) < n and rng.random() < 0.8:  # groups over some or all of the columns
            spans.append(rng.randrange(1, n - sum(spans) + 1))
        groups = tuple(ColumnGroup(rng.choice(["", "G", "H"]), s) for s in spans)
        grid = Grid(grid.name, grid.title, grid.columns, grid.rows, column_groups=groups)
        cols = [0, *sorted(rng.sample(range(1, n), rng.randrange(0, n)))] if n > 1 else [0]
        assert sub_grid(grid, cols) == _plain_sub_grid(grid, cols), (grid, cols)


def test_may_hold_is_the_plain_test() -> None:
    hints = ("=", "<", ">", "&lt;", "&gt;", "≤", "≥", "SD", "/N", "α", "κ")
    rng = random.Random(9)
    pieces = [*PIECES, "&", "&lt;", "&gt;", "&amp;", "lt;", "<", "=", "/N", "\u03b1", "p", "Mdn"]
    for _ in range(5000):
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(3))) for _ in range(3)]
        joined = "\n".join(texts)
        plain = any(h in joined for h in hints) or not frozenset(symbols.SYMBOLS).isdisjoint(texts)
        assert symbols.may_hold(texts, joined) == plain, texts
