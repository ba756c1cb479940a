"""Word output with python-docx, laid out as APA 7 tables, written byte-identically every time.

Each table: a bold ``Table N`` line, an italic title line, the table with horizontal rules only
(above the header, below the header, below the last row), then a ``Note.`` paragraph; statistical
symbols in italics (:mod:`ipatool.render.symbols`). Each table starts a page in a section of its
own, landscape when the table is too wide for portrait (:mod:`ipatool.render.docx_columns`
decides, and sizes the columns); a table too wide even for landscape is cut into parts, each
after the first headed ``Table N (continued)``. Text is Times New Roman 12 (10 or 9 inside tables
of many columns).

python-docx makes the document around a placeholder paragraph per table; the tables themselves
are WordprocessingML text (:mod:`ipatool.render.docx_table`), put in place of their placeholders
as the document is zipped, a part at a time. This module imports python-docx (and lxml), which
take a tenth of a second: :func:`ipatool.render.formats.write_docx` imports it only when Word
output is asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import secrets
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from ipatool.render import symbols
from ipatool.render.docx_columns import layouts
from ipatool.render.docx_table import Cleaner, table_parts
from ipatool.render.sink import utf8_chunks

if TYPE_CHECKING:
    from ipatool.render.formats import Job

FONT = "Times New Roman"
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _placeholder_re(nonce: str) -> re.Pattern[str]:
    """The paragraph standing for table N until the document is saved."""
    return re.compile(rf"<w:p>(?:(?!<w:p[ >]).)*?@@{nonce}-(\d+)@@.*?</w:p>", re.DOTALL)


def _para(
    doc: Any, text: str, *, bold: bool = False, italic: bool = False, space_after: int = 0
) -> Any:
    para = doc.add_paragraph()
    para.paragraph_format.space_after = Pt(space_after)
    _runs(para, text, bold=bold, italic=italic)
    return para


def _runs(para: Any, text: str, *, bold: bool = False, italic: bool = False) -> None:
    """The text as runs of the paragraph, its statistical symbols in italics."""
    for piece, symbol in symbols.segments(text) if not italic else [(text, False)]:
        run = para.add_run(piece)
        run.bold = bold or None
        run.italic = italic or symbol or None


def _landscape(section: Any, on: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT
    long, short = Inches(11), Inches(8.5)
    section.page_width, section.page_height = (long, short) if on else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))


def build_docx(job: Job, out: BinaryIO) -> list[str]:
    """Write the DOCX to ``out``; any warnings (characters removed that XML cannot hold)."""
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
    clean = Cleaner()
    tables: list[Callable[[], Iterator[str]]] = []
    nonce = secrets.token_hex(16)  # no text in the study can stand for a table by chance
    _landscape(doc.sections[0], False)
    first = True
    for t in job.tables:
        if t.number == 0:
            _para(doc, clean(t.title, t.name), bold=True)
            for row in t.grid.rows:  # an unnumbered table is paragraphs: one per row
                _para(doc, clean(row.cells[0], t.name), space_after=12)
            first = False  # the tables start on a page of their own
            continue
        parts = layouts(t.grid)
        for layout in parts:
            # a table starts a page; its section is landscape when the table needs it
            if not first:
                doc.add_section(WD_SECTION.NEW_PAGE)
            _landscape(doc.sections[-1], layout.landscape)
            first = False
            label = t.label if not layout.part else f"{t.label} (continued)"
            _para(doc, label, bold=True, space_after=12)
            _para(doc, clean(t.title, t.name), italic=True, space_after=12)
            doc.add_paragraph(f"@@{nonce}-{len(tables)}@@")
            tables.append(partial(table_parts, layout, clean))
        if t.grid.notes:
            para = doc.add_paragraph()
            para.paragraph_format.space_before = Pt(6)
            para.paragraph_format.space_after = Pt(10)
            note = para.add_run("Note.")
            note.italic = True
            _runs(para, " " + clean(" ".join(t.grid.notes), t.name))
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
