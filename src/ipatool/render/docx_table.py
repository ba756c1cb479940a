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
from operator import itemgetter
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from ipatool.analysis.grid import Grid, Row
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


def column_widths(grid: Grid, available: float, char: float, pad: float) -> list[float]:
    """Column widths in inches: numbers and marks as wide as their longest line (never wrapped),
    text columns share the rest by how much text they hold (never narrower than a word)."""
    fixed: dict[int, float] = {}
    flexible: dict[int, tuple[float, float]] = {}
    body = [r.cells for r in grid.rows if r.kind != "group"]
    full = min(map(len, body), default=len(grid.columns)) >= len(grid.columns)
    for i, col in enumerate(grid.columns):
        column = list(map(itemgetter(i), body)) if full else [c[i] for c in body if i < len(c)]
        # a block of cells at a time: a column of a large quote bank is tens of megabytes of text
        blocks = [column[k : k + WIDTH_BLOCK] for k in range(0, len(column), WIDTH_BLOCK)]
        longest = max(map(_longest_line, blocks), default=0)
        head_word = max((len(w) for w in col.label.split()), default=1)
        if col.align != "left":
            fixed[i] = max(head_word, 4, longest) * char * 1.3 + pad
        else:
            longest_line = max(len(col.label) // 2, longest)
            at_least = min(longest_line, 26)
            words = (_longest_word("\n".join(b), at_least, longest) for b in blocks)
            longest_word = max(head_word, max(words, default=at_least))
            flexible[i] = (
                max(longest_word, at_least) * char + pad,
                float(min(longest_line, 60)),
            )
    rest = available - sum(fixed.values())
    total_weight = sum(w for _m, w in flexible.values()) or 1.0
    widths = dict(fixed)
    for i, (minimum, weight) in flexible.items():
        widths[i] = max(minimum, rest * weight / total_weight)
    scale = min(1.0, available / sum(widths.values()))
    return [widths[i] * scale for i in range(len(grid.columns))]


_WORD_BYTES = bytes(32 if chr(b).isspace() else 120 for b in range(128)) + b"x" * 128
"""A ``bytes.translate`` table for UTF-8 text: a space for each ASCII character ``str.split``
cuts at (tab, newline, ``\\x0b`` to ``\\r``, ``\\x1c`` to ``\\x1f``, space), an ``x`` for every
other byte. So a word's bytes are a run of ``x`` at least as long as the word (a non-ASCII
character is bytes above 0x7f, all ``x``, whitespace or not): a run may hold more than one
word, never part of one."""


WIDTH_BLOCK = 4096
"""How many cells of a column :func:`column_widths` measures at a time."""


def _longest_line(cells: list[str]) -> int:
    """The length of the longest line of the cells."""
    text = "\n".join(cells)
    # the cells are its lines, unless a cell holds a newline besides those joining them
    lines = text.split("\n") if text.count("\n") >= len(cells) else cells
    return max(map(len, lines), default=0)


def _longest_word(text: str, floor: int, longest_line: int) -> int:
    """The length of the longest word of ``text`` (as ``str.split`` cuts it) when it is above
    ``floor``, else ``floor`` (no word is longer than its line: words are only looked for when
    lines are longer). Splitting all the text of a large column takes a tenth of a second;
    looking for runs of more than ``floor`` non-space bytes is a C search, and only the runs
    found (almost never any) are split."""
    if longest_line <= floor:
        return floor
    raw = text.encode("utf-8", "surrogatepass")
    mask = raw.translate(_WORD_BYTES)
    run = b"x" * (floor + 1)
    longest = floor
    # the leftmost run found starts after a space or at a start: its run of x goes on to the
    # next space; bytes below 0x80 are whole characters, so it is whole words of the text
    start = mask.find(run)
    while start >= 0:
        end = mask.find(b" ", start)
        if end < 0:
            end = len(mask)
        words = raw[start:end].decode("utf-8", "surrogatepass").split()
        longest = max(longest, max(map(len, words), default=0))
        start = mask.find(run, end)
    return longest


_TWIPS = 1440
_ALIGN = {"left": "left", "right": "right", "center": "center"}


def _edge(side: str, rule: bool) -> str:
    if not rule:
        return f'<w:{side} w:val="nil"/>'
    attrs = " ".join(f'w:{k}="{v}"' for k, v in RULE.items())
    return f"<w:{side} {attrs}/>"


CellMarkup = tuple[str, str, str]
"""A cell's markup before its text, between two of its lines, and after it."""


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
) -> CellMarkup:
    """The markup of one ``w:tc`` (a paragraph per line, no spacing, the APA rules it carries)
    around its text, which goes in escaped."""
    borders = ""
    if rule_top or rule_bottom:
        borders = (
            "<w:tcBorders>"
            + (_edge("top", True) if rule_top else "")
            + (_edge("bottom", True) if rule_bottom else "")
            + "</w:tcBorders>"
        )
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    # no spacing here: the Normal style has none (see build_docx); left is the default alignment.
    # Most cells so carry no paragraph properties at all, a third of a large document's size.
    ppr_parts = (f'<w:ind w:left="{240 * indent}"/>' if indent else "") + (
        f'<w:jc w:val="{_ALIGN[align]}"/>' if align != "left" else ""
    )
    ppr = f"<w:pPr>{ppr_parts}</w:pPr>" if ppr_parts else ""
    rpr_parts = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if half_points is not None:
        rpr_parts += f'<w:sz w:val="{half_points}"/>'
    rpr = f"<w:rPr>{rpr_parts}</w:rPr>" if rpr_parts else ""
    line_start = f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">'
    line_end = "</w:t></w:r></w:p>"
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{borders}</w:tcPr>'
        + line_start,
        line_end + line_start,
        line_end + "</w:tc>",
    )


def cell_xml(text: str, width: int, **style: Any) -> str:
    """One ``w:tc`` holding ``text`` (see :func:`cell_markup`)."""
    before, between, after = cell_markup(width, **style)
    return before + xml_escape(text).replace("\n", between) + after


def xml_texts(texts: list[str], clean: Cleaner, where: str) -> list[str]:
    """The texts cleaned of characters XML forbids, and escaped."""
    if XML_FORBIDDEN.search("".join(texts)):
        texts = [clean(t, where) for t in texts]
    return escape_all(texts, xml_escape)


def table_parts(grid: Grid, clean: Cleaner, wide: bool) -> Iterator[str]:
    """The APA table of ``grid`` as WordprocessingML text, in parts: its properties, column
    grid and header rows, then its body rows (:func:`body_rows`)."""
    many = len(grid.columns) > 10
    small = len(grid.columns) > 4
    size = 18 if many else 20 if small else None
    groups = [g for g in grid.column_groups if g.span]
    char = 0.058 if many else 0.065 if small else 0.078
    widths = [
        round(w * _TWIPS)
        for w in column_widths(grid, 9.0 if wide else 6.5, char, 0.1 if many else 0.2)
    ]
    margins = (
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        if many
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
    header = '<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>'
    if groups:
        parts.append(header)
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
    parts.append(header)
    for i, col in enumerate(grid.columns):
        parts.append(
            cell_xml(
                clean(col.label, grid.name),
                widths[i],
                half_points=size,
                align="left" if col.align == "left" else "center",
                rule_bottom=True,
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
    of cell ``c``."""

    format: str
    betweens: tuple[str, ...]

    @property
    def size(self) -> int:
        """How many cells the row has."""
        return len(self.betweens)


def row_markup(cells: list[CellMarkup]) -> RowMarkup:
    """The markup of a row of these cells."""
    befores = [before for before, _between, _after in cells]
    afters = [after for _before, _between, after in cells]
    pieces = [
        "<w:tr>" + befores[0],
        *(after + before for after, before in zip(afters, befores[1:], strict=False)),
        afters[-1] + "</w:tr>",
    ]
    row_format = "%s".join(p.replace("%", "%%") for p in pieces)
    return RowMarkup(row_format, tuple(between for _before, between, _after in cells))


def body_rows(grid: Grid, clean: Cleaner, widths: list[int], size: int | None) -> Iterator[str]:
    """The ``w:tr`` of every row below the header, a string for up to :data:`ROWS_PART` rows
    and :data:`CELLS_PART` cells."""
    cols = len(grid.columns)
    kinds: dict[tuple[str, int], RowMarkup] = {}

    def markup(kind: str, indent: int) -> RowMarkup:
        if kind == "group":
            heading = cell_markup(
                sum(widths),
                span=cols,
                italic=indent > 0,
                bold=indent == 0,
                half_points=size,
                indent=indent,
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
                )
                for c in range(cols)
            ]
        )

    rows = grid.rows
    step = max(1, min(ROWS_PART, CELLS_PART // max(cols, 1)))
    for start in range(0, len(rows), step):
        part = rows[start : start + step]
        markups: list[RowMarkup] = []
        for row in part:
            key = (row.kind, row.indent)
            if key not in kinds:
                kinds[key] = markup(*key)
            markups.append(kinds[key])
        yield _rows_xml(part, markups, clean, grid.name)


def _rows_xml(rows: Sequence[Row], markups: list[RowMarkup], clean: Cleaner, where: str) -> str:
    """The ``w:tr`` of these rows, each with its markup: a group heading's first cell, every
    other row's cells cut or padded to the number of columns."""
    texts: list[str] = []
    for row, markup in zip(rows, markups, strict=True):
        cells = row.cells[: markup.size]
        texts += cells
        if len(cells) < markup.size:
            texts += [""] * (markup.size - len(cells))
    texts = xml_texts(texts, clean, where)
    if any("\n" in t for t in texts):  # a line break within a cell: a paragraph each
        betweens = chain.from_iterable(m.betweens for m in markups)
        texts = list(map(str.replace, texts, repeat("\n"), betweens))
    out: list[str] = []
    start = 0
    for markup in markups:
        end = start + markup.size
        out.append(markup.format % tuple(texts[start:end]))
        start = end
    return "".join(out)
