"""Word tables as WordprocessingML text: the APA table of a grid, its rows made many at a time.

python-docx's cell-by-cell API costs a quarter of a millisecond a cell, and its element tree a
kilobyte an element: minutes and gigabytes for a large study. So :mod:`ipatool.render.docx`
builds the document around placeholders and this module writes each table as text, in parts,
into the document as it is saved. Each kind of row (its kind and indent) has its markup made
once, as a ``%`` format with a ``%s`` for each cell's text; a part of rows is its cells' texts,
cleaned and escaped together, filled into their rows' formats.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Any, NamedTuple
from xml.sax.saxutils import escape as xml_escape

from ipatool.analysis.grid import Grid, Row
from ipatool.render import symbols
from ipatool.render.docx_columns import MARGINS, Layout
from ipatool.render.escape import escape_all
from ipatool.xmltext import XML_FORBIDDEN, xml_clean

RULE = {"val": "single", "sz": "8", "space": "0", "color": "000000"}


class Cleaner:
    """Removes characters XML forbids, counting them for one warning per table."""

    def __init__(self) -> None:
        self.removed: dict[str, int] = {}

    def __call__(self, text: str, where: str) -> str:
        cleaned, n = xml_clean(text)
        if n:
            self.removed[where] = self.removed.get(where, 0) + n
        return cleaned


_ALIGN = {"left": "left", "right": "right", "center": "center"}


def _edge(side: str, rule: bool) -> str:
    if not rule:
        return f'<w:{side} w:val="nil"/>'
    attrs = " ".join(f'w:{k}="{v}"' for k, v in RULE.items())
    return f"<w:{side} {attrs}/>"


class CellMarkup(NamedTuple):
    """A cell's markup before its text, between two of its lines, and after it; and what goes
    before and after a statistical symbol in its text (empty in an italic cell)."""

    before: str
    between: str
    after: str
    italic_on: str = ""
    italic_off: str = ""


def cell_markup(
    width: int,
    *,
    span: int = 1,
    bold: bool = False,
    italic: bool = False,
    half_points: int | None = None,
    align: str = "left",
    indent: int = 0,
    rule_top: bool = False,
    rule_bottom: bool = False,
    rotated: bool = False,
    keep_next: bool = False,
    hanging: bool = False,
) -> CellMarkup:
    """The markup of one ``w:tc`` (a paragraph per line, no spacing, the APA rules it carries)
    around its text, which goes in escaped. ``rotated``: the text reads upwards; ``keep_next``:
    the row stays on the page of the next one; ``hanging``: a line that wraps goes on indented,
    so that each line of a list stands out (``n = 1 Consultant clinical psychologist``)."""
    borders = ""
    if rule_top or rule_bottom:
        borders = (
            "<w:tcBorders>"
            + (_edge("top", True) if rule_top else "")
            + (_edge("bottom", True) if rule_bottom else "")
            + "</w:tcBorders>"
        )
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    turn = '<w:textDirection w:val="btLr"/><w:vAlign w:val="center"/>' if rotated else ""
    # no spacing here: the Normal style has none (see build_docx); left is the default alignment.
    # Most cells so carry no paragraph properties at all, a third of a large document's size.
    # a mark (the recurrence tick) comes from a symbol font whose lines are taller than Times
    # New Roman's: its line is kept as high as the text's, so the row is too
    exact = round((half_points or 24) * 10 * 1.15) if align == "center" else 0
    ppr_parts = (
        ("<w:keepNext/>" if keep_next else "")
        + (f'<w:spacing w:line="{exact}" w:lineRule="exact"/>' if exact else "")
        + (
            f'<w:ind w:left="{240 * indent + HANG}" w:hanging="{HANG}"/>'
            if hanging
            else f'<w:ind w:left="{240 * indent}"/>'
            if indent
            else ""
        )
        + (f'<w:jc w:val="{_ALIGN[align]}"/>' if align != "left" else "")
    )
    ppr = f"<w:pPr>{ppr_parts}</w:pPr>" if ppr_parts else ""
    size = f'<w:sz w:val="{half_points}"/>' if half_points is not None else ""
    rpr_parts = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + size
    rpr = f"<w:rPr>{rpr_parts}</w:rPr>" if rpr_parts else ""
    text_start = '<w:t xml:space="preserve">'
    line_start = f"<w:p>{ppr}<w:r>{rpr}{text_start}"
    line_end = "</w:t></w:r></w:p>"
    on = off = ""
    if not italic:
        on = f"</w:t></w:r><w:r><w:rPr>{'<w:b/>' if bold else ''}<w:i/>{size}</w:rPr>{text_start}"
        off = f"</w:t></w:r><w:r>{rpr}{text_start}"
    return CellMarkup(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{borders}{turn}</w:tcPr>'
        + line_start,
        line_end + line_start,
        line_end + "</w:tc>",
        on,
        off,
    )


def cell_xml(text: str, width: int, **style: Any) -> str:
    """One ``w:tc`` holding ``text`` (see :func:`cell_markup`), its symbols in italics."""
    markup = cell_markup(width, **style)
    escaped = xml_escape(text)
    if markup.italic_on and symbols.may_hold((escaped,), escaped):
        escaped = symbols.mark(escaped, markup.italic_on, markup.italic_off)
    return markup.before + escaped.replace("\n", markup.between) + markup.after


def xml_texts(texts: list[str], clean: Cleaner, where: str) -> list[str]:
    """The texts cleaned of characters XML forbids, and escaped."""
    if XML_FORBIDDEN.search("".join(texts)):
        texts = [clean(t, where) for t in texts]
    return escape_all(texts, xml_escape)


HANG = 180
"""How far the wrapped lines of a list cell are indented, in twips (an eighth of an inch)."""
BODY_ROW = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
"""A body row's start: it is never split across pages."""
HEADER_ROW = '<w:tr><w:trPr><w:cantSplit/><w:tblHeader w:val="true"/></w:trPr>'
"""A header row's start: repeated at the top of each page the table runs onto."""


def table_parts(layout: Layout, clean: Cleaner) -> Iterator[str]:
    """The APA table of a layout as WordprocessingML text, in parts: its properties, column
    grid and header rows, then its body rows (:func:`body_rows`)."""
    grid, widths = layout.grid, list(layout.widths)
    size = None if layout.size == 12 else 2 * layout.size
    groups = [g for g in grid.column_groups if g.span]
    margins = (
        f'<w:tblCellMar><w:left w:w="{layout.margins}" w:type="dxa"/>'
        f'<w:right w:w="{layout.margins}" w:type="dxa"/></w:tblCellMar>'
        if layout.margins != MARGINS
        else ""
    )
    parts = [
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/>'
        '<w:tblLayout w:type="fixed"/>'
        f"{margins}<w:tblBorders>"
        + _edge("top", True)
        + _edge("left", False)
        + _edge("bottom", True)
        + _edge("right", False)
        + _edge("insideH", False)
        + _edge("insideV", False)
        + '</w:tblBorders><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        + "</w:tblGrid>"
    ]
    if groups:
        parts.append(HEADER_ROW)
        start = 0
        for g in groups:
            parts.append(
                cell_xml(
                    clean(g.label, grid.name),
                    sum(widths[start : start + g.span]),
                    span=g.span,
                    half_points=size,
                    align="center",
                    rule_bottom=bool(g.label),
                )
            )
            start += g.span
        parts.append("</w:tr>")
    if layout.header_height:  # turned headers: the row as high as the longest
        height = f'<w:trHeight w:val="{layout.header_height}" w:hRule="atLeast"/>'
        parts.append(HEADER_ROW.replace("</w:trPr>", height + "</w:trPr>"))
    else:
        parts.append(HEADER_ROW)
    for i, col in enumerate(grid.columns):
        parts.append(
            cell_xml(
                clean(col.label, grid.name),
                widths[i],
                half_points=size,
                align="left" if col.align == "left" else "center",
                rule_bottom=True,
                rotated=layout.rotated[i],
            )
        )
    parts.append("</w:tr>")
    yield "".join(parts)
    yield from body_rows(grid, clean, widths, size)
    yield "</w:tbl>"


ROWS_PART = 1_000
"""At most how many rows are made into one part of a table's text."""
CELLS_PART = 8_000
"""At most how many cells are made into one part (a row of a wide table is one part at least)."""


@dataclass(frozen=True, slots=True)
class RowMarkup:
    """The markup of one kind of row: ``format`` is the row with a ``%s`` for each cell's
    escaped text (``%`` in the markup doubled); ``betweens[c]`` stands for a newline in the text
    of cell ``c``, ``italics[c]`` goes around a symbol in it."""

    format: str
    betweens: tuple[str, ...]
    italics: tuple[tuple[str, str], ...] = ()

    @property
    def size(self) -> int:
        """How many cells the row has."""
        return len(self.betweens)


def row_markup(cells: list[CellMarkup], start: str = BODY_ROW) -> RowMarkup:
    """The markup of a row of these cells."""
    befores = [c.before for c in cells]
    afters = [c.after for c in cells]
    pieces = [
        start + befores[0],
        *(after + before for after, before in zip(afters, befores[1:], strict=False)),
        afters[-1] + "</w:tr>",
    ]
    row_format = "%s".join(p.replace("%", "%%") for p in pieces)
    return RowMarkup(
        row_format,
        tuple(c.between for c in cells),
        tuple((c.italic_on, c.italic_off) for c in cells),
    )


def body_rows(grid: Grid, clean: Cleaner, widths: list[int], size: int | None) -> Iterator[str]:
    """The ``w:tr`` of every row below the header, a string for up to :data:`ROWS_PART` rows
    and :data:`CELLS_PART` cells."""
    cols = len(grid.columns)
    kinds: dict[tuple[str, int, bool], RowMarkup] = {}
    listed = lists(grid)

    def markup(kind: str, indent: int, keep: bool) -> RowMarkup:
        if kind == "group":
            heading = cell_markup(
                sum(widths),
                span=cols,
                italic=indent > 0,
                bold=indent == 0,
                half_points=size,
                indent=indent,
                keep_next=True,
            )
            return row_markup([heading])
        return row_markup(
            [
                cell_markup(
                    widths[c],
                    bold=kind == "strong" and c == 0,
                    half_points=size,
                    align=grid.columns[c].align,
                    indent=indent if c == 0 else 0,
                    rule_top=kind == "total",
                    keep_next=keep,
                    hanging=listed[c],
                )
                for c in range(cols)
            ]
        )

    rows = grid.rows
    # the last row never alone on a page under the repeated header: the one before keeps with it
    penultimate = len(rows) - 2
    step = max(1, min(ROWS_PART, CELLS_PART // max(cols, 1)))
    for start in range(0, len(rows), step):
        part = rows[start : start + step]
        markups: list[RowMarkup] = []
        for n, row in enumerate(part, start):
            key = (row.kind, row.indent, n == penultimate)
            if key not in kinds:
                kinds[key] = markup(*key)
            markups.append(kinds[key])
        yield _rows_xml(part, markups, clean, grid.name)


def lists(grid: Grid) -> list[bool]:
    """Whether each column is a text column with a cell of several lines (a list, one item a
    line), whose wrapped lines are indented."""
    body = [r.cells for r in grid.rows if r.kind != "group"]
    out = []
    for c, col in enumerate(grid.columns):
        cells = [r[c] for r in body if c < len(r)]
        out.append(col.align == "left" and "\n".join(cells).count("\n") >= len(cells) > 0)
    return out


def _rows_xml(rows: Sequence[Row], markups: list[RowMarkup], clean: Cleaner, where: str) -> str:
    """The ``w:tr`` of these rows, each with its markup: a group heading's first cell, every
    other row's cells cut or padded to the number of columns; statistical symbols in italics."""
    texts: list[str] = []
    for row, markup in zip(rows, markups, strict=True):
        cells = row.cells[: markup.size]
        texts += cells
        if len(cells) < markup.size:
            texts += [""] * (markup.size - len(cells))
    texts = xml_texts(texts, clean, where)
    joined = "\n".join(texts)
    if symbols.may_hold(texts, joined) and symbols.PATTERN.search(joined):
        italics = chain.from_iterable(m.italics for m in markups)
        texts = [
            symbols.mark(t, on, off) if on else t
            for t, (on, off) in zip(texts, italics, strict=True)
        ]
    if joined.count("\n") >= len(texts):  # a line break within a cell: a paragraph each
        betweens = chain.from_iterable(m.betweens for m in markups)
        texts = list(map(str.replace, texts, repeat("\n"), betweens))
    out: list[str] = []
    start = 0
    for markup in markups:
        end = start + markup.size
        out.append(markup.format % tuple(texts[start:end]))
        start = end
    return "".join(out)
