"""Excel output: ``tables.xlsx``, a sheet per table and a sheet of every coded extract, written
byte-identically every time.

Each sheet: the table's number (bold) and title (italic) in its first two rows, the header row
frozen below them with filters on, then the rows, then the note. Columns are as wide as their
content (within limits), text wraps. A cell that is a number is a number (``12``, ``4.5``; ``38%``
is 0.38 shown as a percentage); a cell that starts like a formula (``=``, ``+``, ``-``, ``@``) is
neutralised as in CSV. The workbook's dates are fixed and its zip entries carry a fixed time.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ipatool.analysis.grid import Grid
from ipatool.render import escape
from ipatool.xmltext import xml_clean

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from ipatool.render.formats import Job

FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MAX_WIDTH = 60
"""The widest a column is made, in characters (longer text wraps)."""
MIN_WIDTH = 6
HEADER_WIDTH = 12
SHEET_NAME = 31
"""The longest sheet name Excel allows."""
HEADER_ROW = 4
"""The sheet row of the column headers (number, title and a blank row above)."""
_INT = re.compile(r"-?(?:0|[1-9]\d{0,14})")
_FLOAT = re.compile(r"-?(?:0|[1-9]\d{0,14})\.\d{1,10}")
_PERCENT = re.compile(r"(-?(?:0|[1-9]\d{0,14})(?:\.(\d{1,10}))?)%")
WRAP = Alignment(wrap_text=True, vertical="top")
NUMBER = Alignment(vertical="top")
LINE = 15.0
"""The height of a line of text in points (Excel's default row height)."""
PRINT_WIDTH = 250
"""The widest a sheet may be, in characters, to be printed shrunk to a page's width."""
MAX_HEIGHT = 409.0
"""The highest a row may be, in points (Excel's limit)."""


def cell_value(text: str) -> tuple[Any, str | None]:
    """The value a cell's text is stored as, and its number format: an int or float when the
    text is one (``007`` and ``1e5`` stay text), a fraction for a percentage (``38%``: 0.38,
    ``0%``), text otherwise, formula-like text neutralised (:func:`escape.csv_cell`)."""
    if _INT.fullmatch(text):
        return int(text), None
    if _FLOAT.fullmatch(text):
        return float(text), "0." + "0" * (len(text) - text.index(".") - 1)
    m = _PERCENT.fullmatch(text)
    if m:
        places = len(m.group(2) or "")
        return float(m.group(1)) / 100, "0" + ("." + "0" * places if places else "") + "%"
    return escape.csv_cell(text), None


def sheet_names(names: list[str]) -> list[str]:
    """Sheet names from the wanted names: cut to 31 characters, made unique with `` (2)``."""
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        base = name[:SHEET_NAME]
        candidate, n = base, 1
        while candidate.casefold() in seen:
            n += 1
            suffix = f" ({n})"
            candidate = base[: SHEET_NAME - len(suffix)] + suffix
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


def column_widths(grid: Grid) -> list[float]:
    """Each column's width in characters: its longest line, within limits; a header counts with
    its longest word, or 12 characters if it is longer (it wraps rather than widen a column of
    short figures)."""
    widths = []
    for i, col in enumerate(grid.columns):
        word = max(map(len, col.label.split()), default=0)
        lines = [col.label[: max(word, HEADER_WIDTH)]]
        for r in grid.rows:
            if r.kind != "group" and i < len(r.cells):
                lines += r.cells[i].split("\n")
        longest = max(map(len, lines), default=0)
        widths.append(float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)))
    return widths


def row_height(cells: tuple[str, ...] | list[str], widths: list[float]) -> float:
    """A row's height in points: as many lines as its tallest cell takes wrapped at its column's
    width (set, because a spreadsheet does not always fit rows to wrapped text on opening)."""
    lines = 1
    for text, width in zip(cells, widths, strict=False):
        per_line = max(int(width) - 1, 1)
        lines = max(lines, sum(-(-max(len(t), 1) // per_line) for t in text.split("\n")))
    return min(lines * LINE, MAX_HEIGHT)


Look = tuple[str, bool, str | None]
"""A cell's look: its type (``""``, ``bold`` or ``italic``), whether it wraps, its number format."""


class _Styles:
    """Each look as a named style of the workbook (``ipatool bold wrap``, ...), made once and
    given to a cell by its name: setting a font and an alignment cell by cell hashes them into
    the workbook's tables for every cell, most of a large workbook's time."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.names: dict[Look, str] = {}

    def __call__(self, look: Look) -> str:
        name = self.names.get(look)
        if name is None:
            face, wrap, number_format = look
            name = " ".join(
                ["ipatool", face or "plain", "wrap" if wrap else "nowrap", number_format or ""]
            ).strip()
            style = NamedStyle(name=name, alignment=WRAP if wrap else NUMBER)
            if face:
                style.font = Font(
                    name=style.font.name,
                    size=style.font.size,
                    bold=face == "bold",
                    italic=face == "italic",
                )
            if number_format:
                style.number_format = number_format
            self.wb.add_named_style(style)
            self.names[look] = name
        return name


def _cell(
    ws: WriteOnlyWorksheet, styles: _Styles, text: str, face: str = "", *, wrap: bool = True
) -> WriteOnlyCell | None:
    """The cell of ``text`` (None when it is empty: nothing is written)."""
    if not text:
        return None
    value, number_format = cell_value(xml_clean(text)[0])
    cell = WriteOnlyCell(ws, value)
    is_text = isinstance(value, str)
    cell.data_type = "s" if is_text else "n"  # never "f": a formula is never written
    cell.style = styles((face, wrap and is_text, number_format))
    return cell


def write_sheet(ws: WriteOnlyWorksheet, label: str, grid: Grid, styles: _Styles) -> None:
    """One table on its sheet (see the module's docstring): the number and title do not wrap
    (they run on over the empty cells beside them), the note wraps in a cell as wide as the
    table; the sheet prints landscape, shrunk to a page's width unless it is very wide."""
    widths = column_widths(grid)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ncols = max(len(grid.columns), 1)
    last = HEADER_ROW + len(grid.rows)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(ncols)}{last}"
    ws.page_setup.orientation = "landscape"
    if sum(widths) <= PRINT_WIDTH:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.append([_cell(ws, styles, label, "bold", wrap=False)] if label else [])
    ws.append([_cell(ws, styles, grid.title, "italic", wrap=False)])
    groups = [f"{g.label}: " if g.label else "" for g in grid.column_groups for _ in range(g.span)]
    ws.append([])
    header = [(groups[i] if i < len(groups) else "") + c.label for i, c in enumerate(grid.columns)]
    ws.row_dimensions[HEADER_ROW].height = row_height(header, widths)
    ws.append([_cell(ws, styles, h, "bold") for h in header])
    for n, r in enumerate(grid.rows, start=HEADER_ROW + 1):
        face = "bold" if r.kind in ("strong", "group") else ""
        group = r.kind == "group"
        cells = ["  " * r.indent + r.cells[0], *r.cells[1:]] if r.cells else []
        if group:  # a heading runs on over the row
            ws.append([_cell(ws, styles, cells[0], face, wrap=False)] if cells else [])
            continue
        height = row_height(cells, widths)
        if height > LINE:
            ws.row_dimensions[n].height = height
        ws.append([_cell(ws, styles, c, face) for c in cells])
    if grid.notes:  # wrapped in one cell as wide as the table
        ws.append([])
        note = "Note. " + " ".join(grid.notes)
        at = last + 2
        ws.row_dimensions[at].height = row_height([note], [sum(widths)])
        ws.merged_cells.add(f"A{at}:{get_column_letter(ncols)}{at}")
        ws.append([_cell(ws, styles, note)])


def build_xlsx(job: Job, out: BinaryIO) -> None:
    """Write the workbook to ``out``."""
    wb = Workbook(write_only=True)
    sheets: list[tuple[str, str, Grid]] = [(t.label or t.name, t.label, t.grid) for t in job.tables]
    if job.extracts is not None:
        sheets.append(("Extracts", "", job.extracts.grid()))
    names = sheet_names(
        [f"{label} ({g.name})" if label.startswith("Table") else label for label, _l, g in sheets]
    )
    styles = _Styles(wb)
    for name, (_wanted, label, grid) in zip(names, sheets, strict=True):
        write_sheet(wb.create_sheet(name), label, grid, styles)
    props = wb.properties
    props.creator = "ipatool"
    props.lastModifiedBy = "ipatool"
    props.title = xml_clean(job.study_title)[0]
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    for chunk in fixed_zip(buf.getvalue()):
        out.write(chunk)


def fixed_zip(data: bytes) -> Iterator[bytes]:
    """The zip ``data`` again with every entry dated :data:`ZIP_TIME`, in its order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    fixed = io.BytesIO()
    with zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            dst.writestr(entry, src.read(info.filename))
    yield fixed.getvalue()
