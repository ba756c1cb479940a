"""Word output with python-docx, laid out as APA 7 tables, written byte-identically every time.

Each table: a bold ``Table N`` line, an italic title line, the table with horizontal rules only
(above the header, below the header, below the last row), then a ``Note.`` paragraph. Wide tables
get a landscape section. Text is Times New Roman 12 (10 inside wide tables).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING, Any

from ipatool.analysis.model import Grid
from ipatool.render.escape import xml_clean

if TYPE_CHECKING:
    from ipatool.render.formats import Job

FONT = "Times New Roman"
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
RULE = {"val": "single", "sz": "8", "space": "0", "color": "000000"}
_MARGIN = {"w": "57", "type": "dxa"}


class _Cleaner:
    """Removes characters XML forbids, counting them for one warning per table."""

    def __init__(self) -> None:
        self.removed: dict[str, int] = {}

    def __call__(self, text: str, where: str) -> str:
        cleaned, n = xml_clean(text)
        if n:
            self.removed[where] = self.removed.get(where, 0) + n
        return cleaned


def _borders(element: Any, tag: str, sides: dict[str, dict[str, str] | None]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    box = element.find(qn(tag))
    if box is None:
        box = OxmlElement(tag)
        element.append(box)
    for side, attrs in sides.items():
        edge = OxmlElement(f"w:{side}")
        for k, v in (attrs or {"val": "nil"}).items():
            edge.set(qn(f"w:{k}"), v)
        box.append(edge)


def _cell_rule(cell: Any, top: bool = False, bottom: bool = False) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    sides: dict[str, dict[str, str] | None] = {}
    if top:
        sides["top"] = RULE
    if bottom:
        sides["bottom"] = RULE
    if sides:
        _borders(tc_pr, "w:tcBorders", sides)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _write_cell(
    cell: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: Any = None,
    align: str = "left",
    indent: int = 0,
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
    }[align]
    lines = text.split("\n")
    for i, line in enumerate(lines):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        para.alignment = alignment
        fmt = para.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0
        if indent:
            fmt.left_indent = Pt(12 * indent)
        run = para.add_run(line)
        run.bold = bold or None
        run.italic = italic or None
        if size is not None:
            run.font.size = size


def column_widths(grid: Grid, available: float, char: float, pad: float) -> list[float]:
    """Column widths in inches: numbers and marks as wide as their longest line (never wrapped),
    text columns share the rest by how much text they hold (never narrower than a word)."""
    fixed: dict[int, float] = {}
    flexible: dict[int, tuple[float, float]] = {}
    for i, col in enumerate(grid.columns):
        cells = [r.cells[i] for r in grid.rows if r.kind != "group" and i < len(r.cells)]
        lines = [line for t in cells for line in t.split("\n")]
        head_word = max((len(w) for w in col.label.split()), default=1)
        longest_word = max([head_word, *(len(w) for x in lines for w in x.split())])
        if col.align != "left":
            fixed[i] = max([head_word, 4, *(len(x) for x in lines)]) * char * 1.3 + pad
        else:
            longest_line = max([len(col.label) // 2, *(len(x) for x in lines)])
            flexible[i] = (
                max(longest_word, min(longest_line, 26)) * char + pad,
                float(min(longest_line, 60)),
            )
    rest = available - sum(fixed.values())
    total_weight = sum(w for _m, w in flexible.values()) or 1.0
    widths = dict(fixed)
    for i, (minimum, weight) in flexible.items():
        widths[i] = max(minimum, rest * weight / total_weight)
    scale = min(1.0, available / sum(widths.values()))
    return [widths[i] * scale for i in range(len(grid.columns))]


def _table(doc: Any, grid: Grid, clean: _Cleaner, wide: bool) -> None:
    from docx.shared import Inches, Pt

    many = len(grid.columns) > 10
    small = len(grid.columns) > 4
    size = Pt(9) if many else Pt(10) if small else None
    cols = len(grid.columns)
    groups = [g for g in grid.column_groups if g.span]
    header_rows = 2 if groups else 1
    table = doc.add_table(rows=header_rows + len(grid.rows), cols=cols)
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    if many:
        _borders(tbl_pr, "w:tblCellMar", {"left": _MARGIN, "right": _MARGIN})
    char = 0.058 if many else 0.065 if small else 0.078
    widths = column_widths(grid, 9.0 if wide else 6.5, char, 0.1 if many else 0.2)
    for i, w in enumerate(widths):
        width = Inches(w)
        table.columns[i].width = width
        for cell in table.columns[i].cells:
            cell.width = width
    _borders(
        tbl_pr,
        "w:tblBorders",
        {
            "top": RULE,
            "left": None,
            "bottom": RULE,
            "right": None,
            "insideH": None,
            "insideV": None,
        },
    )
    if groups:
        row = table.rows[0]
        _repeat_header(row)
        start = 0
        for g in groups:
            cell = row.cells[start]
            if g.span > 1:
                cell = cell.merge(row.cells[start + g.span - 1])
            _write_cell(cell, clean(g.label, grid.name), size=size, align="center")
            if g.label:
                _cell_rule(cell, bottom=True)
            start += g.span
    head = table.rows[header_rows - 1]
    _repeat_header(head)
    for i, col in enumerate(grid.columns):
        cell = head.cells[i]
        _write_cell(
            cell,
            clean(col.label, grid.name),
            size=size,
            align="left" if col.align == "left" else "center",
        )
        _cell_rule(cell, bottom=True)
    for r_i, r in enumerate(grid.rows):
        row = table.rows[header_rows + r_i]
        if r.kind == "group":
            merged = row.cells[0].merge(row.cells[cols - 1]) if cols > 1 else row.cells[0]
            _write_cell(
                merged,
                clean(r.cells[0], grid.name),
                italic=r.indent > 0,
                bold=r.indent == 0,
                size=size,
                indent=r.indent,
            )
            continue
        for c_i, text in enumerate(r.cells):
            _write_cell(
                row.cells[c_i],
                clean(text, grid.name),
                bold=r.kind == "strong" and c_i == 0,
                size=size,
                align=grid.columns[c_i].align,
                indent=r.indent if c_i == 0 else 0,
            )
            if r.kind == "total":
                _cell_rule(row.cells[c_i], top=True)


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


def build_docx(job: Job) -> tuple[bytes, list[str]]:
    """The DOCX bytes and any warnings (characters removed that XML cannot hold)."""
    import docx
    from docx.enum.section import WD_SECTION
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    clean = _Cleaner()
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
        _table(doc, t.grid, clean, wide)
        if t.grid.notes:
            para = doc.add_paragraph()
            para.paragraph_format.space_before = Pt(6)
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
    warnings = [
        f"docx: removed {n} character{'' if n == 1 else 's'} that XML cannot hold from the {where} table"
        for where, n in sorted(clean.removed.items())
    ]
    return deterministic_zip(buf.getvalue()), warnings


def deterministic_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes, entries in their original order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
