"""Word output with python-docx, laid out as APA 7 tables, written byte-identically every time.

Each table: a bold ``Table N`` line, an italic title line, the table with horizontal rules only
(above the header, below the header, below the last row), then a ``Note.`` paragraph. Wide tables
get a landscape section. Text is Times New Roman 12 (10 inside wide tables).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import secrets
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import chain, repeat
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, BinaryIO
from xml.sax.saxutils import escape as xml_escape

from ipatool.analysis.model import Grid, Row
from ipatool.render.sink import utf8_chunks
from ipatool.xmltext import XML_FORBIDDEN, xml_clean

if TYPE_CHECKING:
    from ipatool.render.formats import Job

FONT = "Times New Roman"
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
RULE = {"val": "single", "sz": "8", "space": "0", "color": "000000"}


class _Cleaner:
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


def _cell_xml(
    text: str,
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
) -> str:
    """One ``w:tc``: a paragraph per line, no spacing, the APA rules it carries."""
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
    paras = "".join(
        f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{xml_escape(line)}</w:t></w:r></w:p>'
        for line in text.split("\n")
    )
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{borders}</w:tcPr>{paras}</w:tc>'


def _placeholder_re(nonce: str) -> re.Pattern[str]:
    """The paragraph standing for table N until the document is saved."""
    return re.compile(rf"<w:p>(?:(?!<w:p[ >]).)*?@@{nonce}-(\d+)@@.*?</w:p>", re.DOTALL)


_MARK = "\x00"
"""Stands for a cell's text while its markup is made (XML forbids it, so no cleaned text has it)."""
_SEP = "\uf8ff"
"""Joins the texts of a table to clean and escape them at once (a private-use character; when a
text holds it, the texts are done one by one)."""

CellMarkup = tuple[str, str, str]
"""A cell's markup before its text, between two of its lines, and after it."""


@lru_cache(maxsize=1024)
def _markup(width: int, **style: Any) -> CellMarkup:
    """The markup of a cell of this width and style, made by :func:`_cell_xml` around marks
    (remembered: a table of participants has thousands of columns alike)."""
    before, between, after = _cell_xml(f"{_MARK}\n{_MARK}", width, **style).split(_MARK)
    return before, between, after


def _xml_texts(texts: list[str], clean: _Cleaner, where: str) -> list[str]:
    """The texts cleaned and escaped for XML. All at once when none needs cleaning, which is
    the same as one by one: escaping leaves the joining character alone."""
    joined = _SEP.join(texts)
    if joined.count(_SEP) == len(texts) - 1 and not XML_FORBIDDEN.search(joined):
        return xml_escape(joined).split(_SEP)
    return [xml_escape(clean(t, where)) for t in texts]


def _table_parts(grid: Grid, clean: _Cleaner, wide: bool) -> Iterator[str]:
    """The APA table as WordprocessingML text, in parts.
    python-docx's cell-by-cell API costs a quarter of a millisecond a cell, and its element tree
    a kilobyte an element: minutes and gigabytes for a large study. So tables are written as
    text, into the document as it is saved. Each kind of row's markup is made once
    (:func:`_row_markup`); the rows are their texts between, many at a time (:func:`_rows_xml`)."""
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
                _cell_xml(
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
            _cell_xml(
                clean(col.label, grid.name),
                widths[i],
                half_points=size,
                align="left" if col.align == "left" else "center",
                rule_bottom=True,
            )
        )
    parts.append("</w:tr>")
    yield "".join(parts)
    yield from _body_rows(grid, clean, widths, size)
    yield "</w:tbl>"


ROWS_PART = 1_000
"""At most how many rows are made into one part of a table's text."""
CELLS_PART = 8_000
"""At most how many cells are made into one part (a row of a wide table is one part at least)."""

_CELL_END = "</w:t></w:r></w:p></w:tc>"
"""How every cell ends, whatever its style: :func:`_cell_xml` closes its last run, paragraph
and the cell."""
_ROW_START = "<w:tr>"
_ROW_END = _CELL_END + "</w:tr>"
_ROW_KEY = attrgetter("kind", "indent")
_CELLS = attrgetter("cells")
_LEADS = attrgetter("leads")
_BETWEENS = attrgetter("betweens")
_SIZE = attrgetter("size")


@dataclass(frozen=True, slots=True)
class _RowMarkup:
    """The markup of one kind of row: ``leads[c]`` goes before the text of its cell ``c``
    (the first also ends the row before: every row ends alike), ``betweens[c]`` stands for a
    newline in that text."""

    leads: tuple[str, ...]
    betweens: tuple[str, ...]
    size: int
    """How many cells the row has."""


def _row_markup(cells: Sequence[CellMarkup]) -> _RowMarkup:
    """The markup of a row of these cells."""
    if any(after != _CELL_END for _before, _between, after in cells):
        raise ValueError("every cell must end alike")
    befores = [before for before, _between, _after in cells]
    return _RowMarkup(
        leads=(_ROW_END + _ROW_START + befores[0], *(_CELL_END + b for b in befores[1:])),
        betweens=tuple(between for _before, between, _after in cells),
        size=len(cells),
    )


def _body_rows(grid: Grid, clean: _Cleaner, widths: list[int], size: int | None) -> Iterator[str]:
    """The ``w:tr`` of every row below the header, a string for up to :data:`ROWS_PART` rows
    and :data:`CELLS_PART` cells."""
    cols = len(grid.columns)
    kinds: dict[tuple[str, int], _RowMarkup] = {}

    def markup(kind: str, indent: int) -> _RowMarkup:
        if kind == "group":
            return _row_markup(
                [
                    _markup(
                        sum(widths),
                        span=cols,
                        italic=indent > 0,
                        bold=indent == 0,
                        half_points=size,
                        indent=indent,
                    )
                ]
            )
        return _row_markup(
            [
                _markup(
                    widths[c_i],
                    bold=kind == "strong" and c_i == 0,
                    half_points=size,
                    align=grid.columns[c_i].align,
                    indent=indent if c_i == 0 else 0,
                    rule_top=kind == "total",
                )
                for c_i in range(cols)
            ]
        )

    rows = grid.rows
    step = max(1, min(ROWS_PART, CELLS_PART // max(cols, 1)))
    for start in range(0, len(rows), step):
        part = rows[start : start + step]
        keys = list(map(_ROW_KEY, part))
        for key in set(keys).difference(kinds):
            kinds[key] = markup(*key)
        yield _rows_xml(part, list(map(kinds.__getitem__, keys)), clean, grid.name)


def _rows_xml(rows: Sequence[Row], markups: list[_RowMarkup], clean: _Cleaner, where: str) -> str:
    """The ``w:tr`` of these rows, each with its markup. Made with a few calls for all the
    rows, not a Python loop per cell: the texts, cleaned and escaped, between the leads."""
    if not rows:
        return ""
    texts = _drawn_texts(rows, markups)
    if not _plain(texts):
        texts = _xml_texts(texts, clean, where)
        betweens = chain.from_iterable(map(_BETWEENS, markups))
        texts = list(map(str.replace, texts, repeat("\n"), betweens))
    leads = list(chain.from_iterable(map(_LEADS, markups)))
    parts = [_ROW_END] * (2 * len(leads) + 1)  # the last ends the last row
    parts[0:-1:2] = leads
    parts[1::2] = texts
    parts[0] = parts[0].removeprefix(_ROW_END)  # no row before the first
    return "".join(parts)


def _drawn_texts(rows: Sequence[Row], markups: list[_RowMarkup]) -> list[str]:
    """The text of every cell drawn, row by row: as many of a row's cells as its markup has
    (a group row's first, every other row's cells cut or padded to the number of columns)."""
    sizes = list(map(_SIZE, markups))
    texts: list[str] = []
    for cells, size in zip(map(_CELLS, rows), sizes, strict=True):
        texts += cells[:size]
    if len(texts) < sum(sizes):  # a row is short: pad them
        texts = []
        for cells, size in zip(map(_CELLS, rows), sizes, strict=True):
            texts += cells[:size]
            texts += [""] * (size - len(cells))
    return texts


def _plain(texts: list[str]) -> bool:
    """Whether the texts are their own XML, on one line each: no character to escape, none
    XML forbids, no newline (every character printable, which none of those is)."""
    joined = "".join(texts)
    return joined.isprintable() and not ("&" in joined or "<" in joined or ">" in joined)


def _para(
    doc: Any, text: str, *, bold: bool = False, italic: bool = False, space_after: int = 0
) -> Any:
    from docx.shared import Pt

    para = doc.add_paragraph()
    para.paragraph_format.space_after = Pt(space_after)
    run = para.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    return para


def _landscape(section: Any, on: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Inches

    section.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT
    long, short = Inches(11), Inches(8.5)
    section.page_width, section.page_height = (long, short) if on else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))


def build_docx(job: Job, out: BinaryIO) -> list[str]:
    """Write the DOCX to ``out``; any warnings (characters removed that XML cannot hold)."""
    import docx
    from docx.enum.section import WD_SECTION
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    # single-spaced, no space around paragraphs (a table cell's paragraph needs nothing else);
    # the captions and notes set their own spacing
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    clean = _Cleaner()
    tables: list[Callable[[], Iterator[str]]] = []
    nonce = secrets.token_hex(16)  # no text in the study can stand for a table by chance
    _landscape(doc.sections[0], False)
    first = True
    for t in job.tables:
        wide = t.grid.wide
        if t.number == 0:
            _para(doc, clean(t.title, t.name), bold=True)
            _para(doc, clean(t.grid.rows[0].cells[0], t.name), space_after=12)
            continue
        if not first:
            doc.add_section(WD_SECTION.NEW_PAGE)
        _landscape(doc.sections[-1], wide)
        first = False
        _para(doc, t.label, bold=True, space_after=12)
        _para(doc, clean(t.title, t.name), italic=True, space_after=12)
        doc.add_paragraph(f"@@{nonce}-{len(tables)}@@")
        tables.append(partial(_table_parts, t.grid, clean, wide))
        if t.grid.notes:
            para = doc.add_paragraph()
            para.paragraph_format.space_before = Pt(6)
            para.paragraph_format.space_after = Pt(10)
            note = para.add_run("Note.")
            note.italic = True
            para.add_run(" " + clean(" ".join(t.grid.notes), t.name))
    props = doc.core_properties
    props.author = "ipatool"
    props.last_modified_by = "ipatool"
    props.title = clean(job.study_title, "title")
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    # the tables are made (and cleaned) as the document is zipped: warnings after
    deterministic_zip(buf.getvalue(), out, tables, nonce)
    return [
        f"docx: removed {n} character{'' if n == 1 else 's'} that XML cannot hold from the {where} table"
        for where, n in sorted(clean.removed.items())
    ]


def deterministic_zip(
    data: bytes,
    out: BinaryIO,
    tables: Sequence[Callable[[], Iterable[str]]] = (),
    nonce: str = "",
) -> None:
    """Write to ``out`` the zip ``data`` with fixed timestamps and attributes, entries in their
    original order, and each table placeholder paragraph of the document replaced by its table
    (``tables[N]()`` gives table N's text, in parts)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            member = src.read(info.filename)
            if tables and info.filename == "word/document.xml":
                parts = _document_parts(member.decode("utf-8"), tables, nonce)
                with dst.open(fixed, "w") as dest:  # the same entry as ``writestr`` writes
                    # (deflate's output does not depend on where the text is cut)
                    for chunk in utf8_chunks(parts, CHUNK):
                        dest.write(chunk)
            else:
                dst.writestr(fixed, member)


def _document_parts(
    skeleton: str, tables: Sequence[Callable[[], Iterable[str]]], nonce: str
) -> Iterator[str]:
    """The document's text: the skeleton python-docx saved, each placeholder replaced by its table."""
    start = 0
    for m in _placeholder_re(nonce).finditer(skeleton):
        yield skeleton[start : m.start()]
        yield from tables[int(m.group(1))]()
        start = m.end()
    yield skeleton[start:]


CHUNK = 1 << 20
"""About how many characters of the document are encoded and compressed at a time: the whole
document of a large study is hundreds of megabytes, never held at once."""
