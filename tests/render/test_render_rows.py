"""The fast row writers (``body_rows``, ``heatmap_cells``) give exactly what the Jinja loops in
docs/render.md give, and a user who pastes those loops into an override gets the same files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ipatool.analysis.grid import Column, ColumnGroup, Grid, Row
from ipatool.analysis.themes import ParticipantColumn, RecurrenceRow, RecurrenceTable
from ipatool.read.loader import load_study
from ipatool.render import escape, render_study, rows
from ipatool.render import geometry as layout
from ipatool.render.templates import builtin_dir, make_env

DOCS = Path(__file__).resolve().parents[2] / "docs" / "render.md"
FORMATS = ("md", "tex", "html")
BODY_ROWS_LINE = "{% for part in body_rows(grid) %}{{ part }}{% endfor %}"
HEATMAP_LINE = "{% for part in heatmap_cells(hm) %}{{ part }}{% endfor %}"

TRICKY = [
    "plain",
    "",
    "a & b < c > d \"q\" 'a'",
    "line one\nline two",
    "windows\r\nline",
    "lone\rreturn",
    "\\ ` * _ [ ] < > | $ ~ ^ @ # % { } &",
    "✓ κ α \u2212 × – … é",
    "%s %(x)s {0} {{ x }}",
    "trailing newline\n",
    "\n",
]


def _doc_loops() -> list[str]:
    """The Jinja blocks of the "Body rows and heat map cells" section: md, tex, html, heat map."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("### Body rows and heat map cells", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```jinja\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 4
    return blocks


def _loop_only(block: str) -> str:
    """From the first ``{% for`` line to the last ``{% endfor %}`` line."""
    lines = block.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("{% for "))
    last = max(i for i, line in enumerate(lines) if line.startswith("{% endfor %}"))
    return "".join(lines[first : last + 1])


def _documented(fmt: str) -> str:
    md, tex, html, _heat = _doc_loops()
    return _loop_only({"md": md, "tex": tex, "html": html}[fmt])


def _tricky_grid(cells: list[Any] | None = None) -> Grid:
    columns = (
        Column("Theme"),
        Column("n", "right"),
        Column("Mark", "center"),
        Column("Quote"),
    )
    pool = cells or TRICKY
    body: list[Row] = []
    for i in range(60):
        row = tuple(pool[(i + j) % len(pool)] for j in range(4))
        body.append(Row(row, "body", i % 3))
    out = [
        Row(("Group & <heading> | *x* \\ $\nnext\r\nline", "", "", ""), "group", 0),
        *body[:20],
        Row(("Sub group ✓ κ", "", "", ""), "group", 1),
        Row(("Theme *bold*", "3", "", "x\ny"), "strong", 0),
        Row(("", "3", "✓", ""), "strong", 0),
        *body[20:40],
        Row(("Whole sample", "", "12", "a\nb"), "total", 0),
        Row(("", "", "", ""), "total", 2),
        Row((), "body", 0),
        Row(("short",), "body", 1),
        Row(("two", "cells"), "strong", 1),
        *body[40:],
        Row(("Last group", "", "", ""), "group", 1),
    ]
    return Grid("tricky", "Tricky", columns, tuple(out), ("A note.",), (ColumnGroup("G", 4),))


def _joined(parts: rows.Parts) -> str:
    """The text of row writer's parts, checked to be what printing it whole gives."""
    text = "".join(parts)
    assert str(parts) == text
    return text


def _drawn(env: Any, grid: Grid) -> str:
    return _joined(env.globals["body_rows"](grid))


def _through_jinja(fmt: str, loop: str, **context: Any) -> str:
    env = make_env(fmt, [builtin_dir()])
    return env.from_string(loop).render(**context)


def _small_grids(small: Path) -> list[Grid]:
    from ipatool.analysis import Options, build_tables, make_context

    study, _ = load_study(small)
    data, _ = build_tables(make_context(study, Options(codes=True)), None)
    return [d.grid() for d in data]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("part_rows", [1, 7, rows.PART_ROWS])
def test_body_rows_match_the_documented_loop(
    fmt: str, part_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rows, "PART_ROWS", part_rows)
    grid = _tricky_grid()
    env = make_env(fmt, [builtin_dir()])
    fast = _drawn(env, grid)
    assert len(list(env.globals["body_rows"](grid))) == -(-len(grid.rows) // part_rows)
    assert fast == _through_jinja(fmt, _documented(fmt), grid=grid)


@pytest.mark.parametrize("fmt", FORMATS)
def test_body_rows_match_the_loop_on_every_table(fmt: str, small: Path) -> None:
    env = make_env(fmt, [builtin_dir()])
    for grid in _small_grids(small):
        assert _drawn(env, grid) == _through_jinja(fmt, _documented(fmt), grid=grid)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", ["\x00", "\x01", "\x02", "\x05", "\x1f", "\x01\x02\x03\x04"])
def test_a_cell_holding_a_control_character(fmt: str, code: str) -> None:
    """``\\x00`` joins the cells while they are escaped; a cell may hold it (or others) too."""
    grid = _tricky_grid([f"a{code}b", "plain", code, "x\ny", "100%", "%s"])
    env = make_env(fmt, [builtin_dir()])
    assert _drawn(env, grid) == _through_jinja(fmt, _documented(fmt), grid=grid)


def test_cells_that_are_not_text(monkeypatch: pytest.MonkeyPatch) -> None:
    grid = _tricky_grid([0, 1, 2.5, None, "x & y", True])
    for fmt in FORMATS:
        env = make_env(fmt, [builtin_dir()])
        assert _drawn(env, grid) == _through_jinja(fmt, _documented(fmt), grid=grid)


def test_rows_of_many_kinds_and_indents() -> None:
    """Rows of many indents and kinds in a wide table: each kind of row its own markup."""
    aligns = ["left", "right", "center"]
    columns = tuple(Column(f"c{j}", aligns[j % 3]) for j in range(90))  # type: ignore[arg-type]
    body = tuple(
        Row(tuple(f"{i}.{j}<" for j in range(90)), kind, i % 40)
        for i, kind in enumerate(["body", "total", "body", "strong"] * 10)
    )
    grid = Grid("wide", "Wide", columns, body)
    for fmt in FORMATS:
        env = make_env(fmt, [builtin_dir()])
        assert _drawn(env, grid) == _through_jinja(fmt, _documented(fmt), grid=grid)


def test_empty_grid() -> None:
    grid = Grid("empty", "Empty", (Column("A"),), ())
    for fmt in FORMATS:
        assert _drawn(make_env(fmt, [builtin_dir()]), grid) == ""


def test_lines_filter_and_escaping_agree() -> None:
    """The ``lines`` filter's functions: each line escaped as a one-line cell, then joined."""
    from markupsafe import Markup
    from markupsafe import escape as html_escape

    for text in TRICKY:
        parts = text.split("\n")
        assert escape.md_lines(text) == "; ".join(escape.md(p) for p in parts)
        assert escape.tex_lines(text) == r"\newline{}".join(escape.tex(p) for p in parts)
        assert rows.html_lines(text) == Markup("<br>").join(html_escape(p) for p in parts)


def test_tex_escaping_is_one_pass() -> None:
    """Replacing the non-ASCII characters after the ASCII ones gives the one-pass result."""
    table = escape._TEX_SPECIAL
    for text in [*TRICKY, "".join(table), "✓\\{κ}$α_\u2212×\r\n"]:
        expected = "".join(table.get(ch, ch) for ch in text.replace("\r\n", "\n"))
        assert escape.tex(text) == expected


def _tricky_recurrence() -> RecurrenceTable:
    people = ["P1", "P<2>", "P&3", 'P"4', "Ann ✓"]
    columns = tuple(ParticipantColumn(p, "s1", "Source & one") for p in people)
    counts = [(0, 1, 2, 9, 5), (3, 0, 0, 1, 0), (8, 7, 6, 5, 4)]
    labels = [
        "Theme <one> & more",
        "Sub 'theme' of a label far longer than seventy characters, cut",
        "T3",
    ]
    out = []
    for i, (label, quotes) in enumerate(zip(labels, counts, strict=True)):
        marks = tuple(q > 0 for q in quotes)
        level = "theme" if i != 1 else "subtheme"
        out.append(
            RecurrenceRow(level, f"t{i}", label, "t", marks, quotes, sum(marks), 5, 0.5, "50", True)
        )
    return RecurrenceTable("recurrence", "R", 0.5, "any", columns, (), tuple(out), ())


def test_heatmap_cells_match_the_documented_loop(small: Path) -> None:
    from ipatool.analysis import Options, build_tables, make_context

    study, _ = load_study(small)
    data, _ = build_tables(make_context(study, Options()), ["recurrence"])
    loop = _doc_loops()[3]
    for table in (_tricky_recurrence(), data[0]):
        hm = layout.heatmap(table)  # type: ignore[arg-type]
        assert _joined(rows.heatmap_cells(hm)) == _through_jinja("html", loop, hm=hm)
        assert len(hm.cells) == len(table.rows) * len(table.columns)  # type: ignore[attr-defined]


def _override(fmt: str, name: str, line: str, loop: str) -> str:
    builtin = (builtin_dir() / fmt / name).read_text(encoding="utf-8")
    assert builtin.count(line) == 1
    lines = builtin.splitlines(keepends=True)
    at = next(i for i, text in enumerate(lines) if text.startswith(line))
    start = at
    while lines[start - 1].startswith("{#") or lines[start - 1].startswith("    "):
        start -= 1  # the comment about the line
    return "".join(lines[:start]) + loop + "".join(lines[at + 1 :])


def test_documented_loops_pasted_into_overrides_give_the_same_files(
    small: Path, tmp_path: Path
) -> None:
    user = tmp_path / "user"
    ext = {"md": "md", "tex": "tex", "html": "html"}
    for fmt in FORMATS:
        path = user / fmt / f"_table.{ext[fmt]}.j2"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_override(fmt, path.name, BODY_ROWS_LINE, _documented(fmt)))
    heat = user / "html" / "heatmap.svg.j2"
    heat.write_text(_override("html", heat.name, HEATMAP_LINE, _doc_loops()[3]))
    study, _ = load_study(small)
    builtin = render_study(study, formats=list(FORMATS)).files
    overridden = render_study(study, formats=list(FORMATS), templates=user).files
    assert builtin.keys() == overridden.keys()
    for name in builtin:
        assert builtin[name] == overridden[name], name


def test_documented_html_override_of_one_table(small: Path) -> None:
    """The whole HTML example of docs/render.md, as a study template, changes nothing."""
    block = _doc_loops()[2]
    path = small / "templates" / "html" / "codebook.html.j2"
    path.parent.mkdir(parents=True)
    before = render_study(load_study(small)[0], formats=["html"]).files["tables.html"]
    path.write_text(block)
    after = render_study(load_study(small)[0], formats=["html"]).files["tables.html"]
    assert after == before
