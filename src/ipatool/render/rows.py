"""Row writers: the body rows of a grid (and the heat map's cells) drawn in Python.

The built-in templates keep a table's layout (caption, head, notes, the blocks a user overrides)
but draw the body rows with ``{{ body_rows(grid) }}``: a loop over 100,000 rows in a sandboxed
Jinja template takes seconds. Each writer here gives exactly the text of the Jinja row loop shown
in ``docs/render.md`` for its format: the same escaping (the ``lines`` filter's), the same bold,
italic, indents and classes.

A row is its cells with markup around them (``| `` before the first cell of a Markdown row,
`` | `` between cells, `` |`` and a newline after the last): :class:`Style` gives that markup
for each format. Rows are drawn a part (:data:`PART_ROWS` rows) at a time: the part's cells are
escaped together (:func:`~ipatool.render.escape.escape_all`), then each row is its markup filled
in with its cells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup
from markupsafe import escape as html_escape

from ipatool.analysis.grid import Grid, Row
from ipatool.render import escape
from ipatool.render.geometry import HeatMap, cell_title, ink, opacity

BOLD_KINDS = frozenset({"strong", "total"})


@dataclass(frozen=True, slots=True)
class Style:
    """How one format draws a grid's rows.

    ``lines`` escapes a cell (what the ``lines`` filter does); ``pieces(row)`` is the markup
    around a row's cells, one piece more than cells (before the first, between two, after the
    last); ``group(row)`` is a whole group heading; ``bold`` are the kinds of row whose pieces
    depend on which cells are empty.
    """

    lines: Callable[[str], str]
    pieces: Callable[[Row], list[str]]
    group: Callable[[Row], str]
    bold: frozenset[str] = BOLD_KINDS


def draw(rows: Sequence[Row], style: Style) -> str:
    """The rows as text: each row's markup with its escaped cells, or its group heading."""
    cells = escape.escape_all(
        [str(c) for r in rows if r.kind != "group" for c in r.cells], style.lines
    )
    formats: dict[tuple[str, int, int], str] = {}  # the row format of each kind of row
    out: list[str] = []
    start = 0
    for row in rows:
        if row.kind == "group":
            out.append(style.group(row))
            continue
        end = start + len(row.cells)
        key = (row.kind, row.indent, len(row.cells))
        row_format = formats.get(key)
        if row_format is None:
            row_format = _row_format(style.pieces(row))
            if row.kind not in style.bold:  # a bold row's markup depends on which cells are empty
                formats[key] = row_format
        out.append(row_format % tuple(cells[start:end]))
        start = end
    return "".join(out)


def _row_format(pieces: list[str]) -> str:
    """A ``%`` format of a row from its markup pieces: a ``%s`` for each cell between them."""
    return "%s".join(p.replace("%", "%%") for p in pieces)


def _bold_marks(row: Row) -> list[bool]:
    """Which cells are bold: a strong row's first cell, a total row's every cell (if not empty)."""
    if row.kind == "total":
        return [bool(c) for c in row.cells]
    return [j == 0 and bool(c) and row.kind == "strong" for j, c in enumerate(row.cells)]


def _wrap(pieces: list[str], row: Row, before: str, after: str) -> list[str]:
    """The pieces with ``before`` and ``after`` around each bold cell."""
    for j, bold in enumerate(_bold_marks(row)):
        if bold:
            pieces[j] += before
            pieces[j + 1] = after + pieces[j + 1]
    return pieces


def _final(value: object, fn: Callable[[str], str]) -> str:
    """What ``{{ value }}`` prints in Markdown or LaTeX: text escaped by ``fn``, other values as
    they are (the environment's ``finalize``)."""
    if isinstance(value, escape.Raw) or not isinstance(value, str):
        return str(value)
    return fn(value)


def _html(value: object) -> str:
    """What ``{{ value }}`` prints with autoescape."""
    return str(html_escape(value))


def html_lines(text: str) -> str:
    """A multi-line HTML cell: each line escaped, the lines joined by ``<br>`` (the ``lines`` filter)."""
    return str(html_escape(text)).replace("\n", "<br>")


def md_style(grid: Grid) -> Style:
    """Markdown pipe-table rows (the ``table`` block of ``md/_table.md.j2``)."""
    filler = " |" * max(len(grid.columns) - 1, 0) + "\n"

    def pieces(row: Row) -> list[str]:
        n = len(row.cells)
        if not n:
            return ["|\n"]
        return _wrap(["| ", *[" | "] * (n - 1), " |\n"], row, "**", "**")

    def group(row: Row) -> str:
        text = _final(row.cells[0], escape.md)
        return ("| *" + text + "* |" if row.indent else "| **" + text + "** |") + filler

    return Style(escape.md_lines, pieces, group)


def tex_style(grid: Grid) -> Style:
    """LaTeX longtable rows (the ``table`` block of ``tex/_table.tex.j2``)."""
    multicolumn = "\\multicolumn{" + str(len(grid.columns)) + "}{@{}p{0.95\\linewidth}}{"

    def pieces(row: Row) -> list[str]:
        n = len(row.cells)
        first = "\\midrule\n" if row.kind == "total" else ""
        if not n:
            return [first + " \\\\\n"]
        if row.indent:
            first += "\\hspace{" + _final(row.indent, escape.tex) + "em}"
        return _wrap([first, *[" & "] * (n - 1), " \\\\\n"], row, "\\textbf{", "}")

    def group(row: Row) -> str:
        text = _final(row.cells[0], escape.tex)
        inner = "\\hspace{1em}\\textit{" + text + "}" if row.indent else "\\textbf{" + text + "}"
        return multicolumn + inner + "} \\\\\n"

    return Style(escape.tex_lines, pieces, group)


def html_style(grid: Grid) -> Style:
    """HTML ``<tr>`` rows (the ``body`` block of ``html/_table.html.j2``)."""
    aligns = [_html(c.align) for c in grid.columns]
    span = _html(len(aligns))

    def pieces(row: Row) -> list[str]:
        n = len(row.cells)
        tr = '<tr class="' + _html(row.kind) + '">'
        if not n:
            return [tr + "</tr>\n"]
        out = [tr + '<th scope="row" class="indent-' + _html(row.indent) + '">']
        for j in range(1, n):
            out.append(("</th>" if j == 1 else "</td>") + '<td class="' + aligns[j] + '">')
        out.append(("</th>" if n == 1 else "</td>") + "</tr>\n")
        return out

    def group(row: Row) -> str:
        return (
            '<tr class="group' + (" indent" if row.indent else "") + '"><th scope="rowgroup" '
            'colspan="'
            + span
            + '" class="indent-'
            + _html(row.indent)
            + '">'
            + _html(row.cells[0])
            + "</th></tr>\n"
        )

    return Style(html_lines, pieces, group, frozenset())


PART_ROWS = 2_000
"""How many rows :func:`body_rows` draws into one part."""


class Parts:
    """Text drawn a part at a time as it is iterated: ``{% for part in body_rows(grid) %}{{ part
    }}{% endfor %}`` streams a table of 100,000 rows without ever holding all its text. Printed
    whole (``{{ body_rows(grid) }}``) it gives the same text, joined."""

    __slots__ = ("_draw", "_wrap")

    def __init__(self, draw: Callable[[], Iterator[str]], wrap: Callable[[str], str]) -> None:
        self._draw = draw
        self._wrap = wrap

    def __iter__(self) -> Iterator[str]:
        return map(self._wrap, self._draw())

    def __str__(self) -> str:
        return self._wrap("".join(self._draw()))

    def __html__(self) -> str:
        return str(self)


def _parts(grid: Grid, style: Style) -> Iterator[str]:
    rows = grid.rows
    for start in range(0, len(rows), PART_ROWS):
        yield draw(rows[start : start + PART_ROWS], style)


def md_rows(grid: Grid) -> Parts:
    """A grid's body rows as Markdown: ``body_rows(grid)`` in ``md/_table.md.j2``."""
    return Parts(partial(_parts, grid, md_style(grid)), escape.Raw)


def tex_rows(grid: Grid) -> Parts:
    """A grid's body rows as LaTeX: ``body_rows(grid)`` in ``tex/_table.tex.j2``."""
    return Parts(partial(_parts, grid, tex_style(grid)), escape.Raw)


def html_rows(grid: Grid) -> Parts:
    """A grid's body rows as HTML: ``body_rows(grid)`` in ``html/_table.html.j2``."""
    return Parts(partial(_parts, grid, html_style(grid)), Markup)


def heatmap_cells(hm: HeatMap) -> Parts:
    """The heat map's cells, one ``<g>`` each: a titled rectangle, and the count if there is one
    (the loop over ``hm.cells`` in ``html/heatmap.svg.j2``), drawn without making the cells.

    A cell is put together from text made once per column (its participant and x) and once per
    count in a row (the rest of its title, its shade and its count's label). Each row of the
    heat map is one part (see :class:`Parts`).
    """
    return Parts(partial(_heatmap_rows, hm), Markup)


def _heatmap_rows(hm: HeatMap) -> Iterator[str]:
    table = hm.table
    width = hm.cell - 2
    participants = escape.escape_all([c.participant for c in table.columns], _html)
    heads: list[str] = []
    xs: list[str] = []
    text_xs: list[str] = []
    for j, who in enumerate(participants):
        x = hm.left + j * hm.cell
        heads.append("<g><title>" + who)
        xs.append(str(x))
        text_xs.append(f'<text x="{x + width // 2}"')
    for i, r in enumerate(table.rows):
        out: list[str] = []
        y = hm.top + i * hm.row
        label = _html(r.label)
        shades: dict[int, tuple[str, str, str]] = {}
        for head, x_text, text_x, q in zip(heads, xs, text_xs, r.quotes, strict=True):
            shade = shades.get(q)
            if shade is None:
                shade = shades[q] = _shade(hm, q, opacity(q, hm.max), label, y)
            tail, rect, text = shade
            if text:
                out.append(f"{head}{tail}{x_text}{rect}{text_x}{text}")
            else:
                out.append(f"{head}{tail}{x_text}{rect}</g>\n")
        yield "".join(out)


def _shade(hm: HeatMap, count: int, opacity: str, label: str, y: int) -> tuple[str, str, str]:
    """The parts of a cell that depend on its row and count, around its participant and x: the
    rest of its title; its rectangle after x; its count's ``<text>`` after x ("" when empty)."""
    width, height = hm.cell - 2, hm.row - 2
    tail = cell_title("", label, count) + '</title><rect x="'  # the title starts with who
    rect = (
        f'" y="{y}" width="{width}" height="{height}" fill="#1f4e79" '
        f'fill-opacity="{_html(opacity)}" stroke="#999" stroke-width="0.5"/>'
    )
    if not count:
        return tail, rect, ""
    fill = ink(opacity)
    text = (
        f' y="{y + height // 2}" text-anchor="middle" dominant-baseline="middle" font-size="10" '
        f'fill="{fill}">{_html(count)}</text></g>\n'
    )
    return tail, rect, text
