"""Word tables as WordprocessingML text: the APA table of a grid, its rows made many at a time.

python-docx's cell-by-cell API costs a quarter of a millisecond a cell, and its element tree a
kilobyte an element: minutes and gigabytes for a large study. So :mod:`ipatool.render.docx`
builds the document around placeholders and this module writes each table as text, in parts,
into the document as it is saved. Each kind of row (its kind and indent) has its markup made
once, as the pieces that go around and between its cells' texts; a part of rows is its cells'
texts, cleaned and escaped together, laid between their rows' pieces and joined once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import attrgetter, ne
from typing import Any, NamedTuple
from xml.sax.saxutils import escape as xml_escape

from ipatool.analysis.grid import Grid, Row
from ipatool.render import symbols
from ipatool.render.docx_columns import MARGINS, Layout
from ipatool.render.escape import escape_all
from ipatool.xmltext import xml_clean

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


@lru_cache(maxsize=1024)
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
    so that each line of a list stands out (``n = 1 Consultant clinical psychologist``).
    Cached: a table cut into parts asks for the same few cells in every part."""
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
    line_end = LINE_END
    on = off = ""
    if not italic:
        on = f"</w:t></w:r><w:r><w:rPr>{'<w:b/>' if bold else ''}<w:i/>{size}</w:rPr>{text_start}"
        off = f"</w:t></w:r><w:r>{rpr}{text_start}"
    return CellMarkup(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{borders}{turn}</w:tcPr>'
        + line_start,
        line_end + line_start,
        CELL_END,
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


_NOT_CONTROL = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x100)])
"""Every byte but those of the control characters XML forbids (no byte of a character beyond
ASCII is below 0x80 in UTF-8)."""


def forbids(text: str) -> bool:
    """Whether ``text`` holds a character XML forbids (:data:`~ipatool.xmltext.XML_FORBIDDEN`),
    found in C several times faster than by the pattern: a lone surrogate cannot be encoded as
    UTF-8, a forbidden control character is a byte that deleting every other leaves, and the two
    non-characters are looked for."""
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return True
    return bool(raw.translate(None, _NOT_CONTROL)) or "\ufffe" in text or "\uffff" in text


def xml_texts(texts: list[str], clean: Cleaner, where: str) -> tuple[list[str], str]:
    """The texts cleaned of characters XML forbids, and escaped; and they joined by newlines.
    Texts with nothing to clean or escape (most) are given back as they are."""
    joined = "\n".join(texts)
    made = texts
    if forbids(joined):
        made = [clean(t, where) for t in made]
    if "&" in joined or "<" in joined or ">" in joined:
        made = escape_all(made, xml_escape)
    return made, (joined if made is texts else "\n".join(made))


LINE_END = "</w:t></w:r></w:p>"
"""The end of a line of a cell (its paragraph)."""
CELL_END = LINE_END + "</w:tc>"
"""The end of every cell, whatever its style: so every row ends alike (:data:`ROW_END`)."""
ROW_END = CELL_END + "</w:tr>"
"""The end of every row."""
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
    yield from body_rows(grid, clean, widths, size, layout.listed or None)
    yield "</w:tbl>"


ROWS_PART = 1_000
"""At most how many rows are made into one part of a table's text."""
CELLS_PART = 8_000
"""At most how many cells are made into one part (a row of a wide table is one part at least)."""


@dataclass(frozen=True, slots=True)
class RowMarkup:
    """The markup of one kind of row: ``pieces`` go around and between its cells' escaped texts
    (one more piece than cells: the row's start with its first cell's, what goes between each
    cell's text and the next's, and :data:`ROW_END`); ``betweens[c]`` stands for a newline in
    the text of cell ``c``, ``italics[c]`` goes around a symbol in it."""

    pieces: tuple[str, ...]
    betweens: tuple[str, ...]
    italics: tuple[tuple[str, str], ...]
    size: int
    """How many cells the row has."""
    leads: tuple[str, ...]
    """What goes before each cell's text when the row follows another: before the first, the
    row before's end (:data:`ROW_END`, as every row's) and this row's start."""


def row_markup(cells: list[CellMarkup], start: str = BODY_ROW) -> RowMarkup:
    """The markup of a row of these cells."""
    befores = [c.before for c in cells]
    afters = [c.after for c in cells]
    pieces = (
        start + befores[0],
        *(after + before for after, before in zip(afters, befores[1:], strict=False)),
        afters[-1] + "</w:tr>",
    )
    return RowMarkup(
        pieces,
        tuple(c.between for c in cells),
        tuple((c.italic_on, c.italic_off) for c in cells),
        len(cells),
        (ROW_END + pieces[0], *pieces[1:-1]),
    )


_KIND_AND_INDENT = attrgetter("kind", "indent")
_CELLS = attrgetter("cells")
_SIZE = attrgetter("size")


def body_rows(
    grid: Grid,
    clean: Cleaner,
    widths: list[int],
    size: int | None,
    listed: Sequence[bool] | None = None,
) -> Iterator[str]:
    """The ``w:tr`` of every row below the header, a string for up to :data:`ROWS_PART` rows
    and :data:`CELLS_PART` cells. ``listed``: which columns are lists (:func:`lists`, worked
    out here when not given)."""
    cols = len(grid.columns)
    if listed is None:
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
    kinds: dict[tuple[str, int], RowMarkup] = {}
    # the last row never alone on a page under the repeated header: the one before keeps with it
    penultimate = len(rows) - 2
    step = max(1, min(ROWS_PART, CELLS_PART // max(cols, 1)))
    for start in range(0, len(rows), step):
        part = rows[start : start + step]
        keys = list(map(_KIND_AND_INDENT, part))
        for key in set(keys).difference(kinds):
            kinds[key] = markup(*key, False)
        markups = list(map(kinds.__getitem__, keys))
        if 0 <= penultimate - start < len(part):
            markups[penultimate - start] = markup(*keys[penultimate - start], True)
        yield _rows_xml(part, markups, clean, grid.name)


def lists(grid: Grid) -> list[bool]:
    """Whether each column is a text column with a cell of several lines (a list, one item a
    line), whose wrapped lines are indented (as :func:`~ipatool.render.docx_columns.layouts`
    works out too, measuring the columns)."""
    body = [r.cells for r in grid.rows if r.kind != "group"]
    out = []
    for c, col in enumerate(grid.columns):
        cells = [r[c] for r in body if c < len(r)]
        out.append(col.align == "left" and "\n".join(cells).count("\n") >= len(cells) > 0)
    return out


def _rows_xml(rows: Sequence[Row], markups: list[RowMarkup], clean: Cleaner, where: str) -> str:
    """The ``w:tr`` of these rows, each with its markup: a group heading's first cell, every
    other row's cells cut or padded to the number of columns; statistical symbols in italics."""
    cells: list[tuple[str, ...]] = list(map(_CELLS, rows))
    sizes: list[int] = list(map(_SIZE, markups))
    lengths = list(map(len, cells))
    if lengths != sizes:  # a group heading, or a row of more or fewer cells than columns
        for i in compress(range(len(cells)), map(ne, lengths, sizes)):
            cut = cells[i][: sizes[i]]
            cells[i] = cut + ("",) * (sizes[i] - len(cut))
    texts: list[str] = []
    for row_cells in cells:  # faster than chain.from_iterable: a tuple is added at once
        texts += row_cells
    texts, joined = xml_texts(texts, clean, where)
    if symbols.may_hold(texts, joined) and symbols.PATTERN.search(joined):
        italics = chain.from_iterable(m.italics for m in markups)
        texts = [
            symbols.mark(t, on, off) if on else t
            for t, (on, off) in zip(texts, italics, strict=True)
        ]
    if joined.count("\n") >= len(texts):  # a line break within a cell: a paragraph each
        betweens = chain.from_iterable(m.betweens for m in markups)
        texts = list(map(str.replace, texts, repeat("\n"), betweens))
    # the rows' pieces and the texts, one after the other
    pieces: list[str] = []
    for markup in markups:
        pieces += markup.leads
    pieces[0] = markups[0].pieces[0]
    pieces.append(ROW_END)
    out = [""] * (len(pieces) + len(texts))
    out[0::2] = pieces
    out[1::2] = texts
    return "".join(out)
