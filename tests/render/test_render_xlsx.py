"""The Excel workbook: a sheet per table and one of every coded extract, read back with openpyxl;
numbers as numbers, formulas neutralised, header frozen, filters on, byte-identical."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from ipatool.analysis.grid import Column, Grid, Row
from ipatool.cli.app import build_app
from ipatool.read.loader import load_study
from ipatool.render import render_study
from ipatool.render.formats import DEFAULT_FORMATS, FORMATS, Job, RenderedTable
from ipatool.render.xlsx import build_xlsx, cell_value, row_height, sheet_names


def _xlsx(root: Path) -> bytes:
    study, _ = load_study(root)
    return render_study(study, formats=["xlsx"]).files["tables.xlsx"]


def test_cell_values() -> None:
    assert cell_value("12") == (12, None)
    assert cell_value("-3") == (-3, None)
    assert cell_value("4.50") == (4.5, "0.00")  # the decimals shown as written
    assert cell_value("38%") == (0.38, "0%")
    assert cell_value("12.5%") == (0.125, "0.0%")
    for text in ("007", "1e5", "11/14", "6.00 (2.83)", "P1", "", "1,000"):
        assert cell_value(text) == (text, None), text
    assert cell_value("=HYPERLINK(1)") == ("'=HYPERLINK(1)", None)  # as the CSV writer does
    assert cell_value("- a list") == ("'- a list", None)
    assert cell_value("@sum") == ("'@sum", None)


def test_sheet_names_short_and_unique() -> None:
    long = "Table 10 (a name far longer than Excel allows)"
    assert sheet_names([long, long, "Extracts", "extracts"]) == [
        long[:31],
        long[:27] + " (2)",
        "Extracts",
        "extracts (2)",  # Excel compares sheet names without case
    ]


def test_row_height_counts_wrapped_lines() -> None:
    # a 10-wide column holds 9 characters a line: 20 characters take 3 lines, plus one line
    assert row_height(["a" * 20 + "\nb"], [10.0]) == 4 * 15.0
    assert row_height(["short", "x"], [10.0, 10.0]) == 15.0


def test_workbook_sheets_frozen_filtered_typed(small: Path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(_xlsx(small)))
    assert wb.sheetnames[:4] == [
        "sentence",
        "methods",
        "Table 1 (sample)",
        "Table 2 (participants)",
    ]
    assert wb.sheetnames[-1] == "Extracts"
    assert all(len(n) <= 31 for n in wb.sheetnames)
    ws = wb["Table 1 (sample)"]
    assert ws["A1"].value == "Table 1" and ws["A1"].font.b
    assert ws["A2"].value == "Summary of Demographic Features of Participants" and ws["A2"].font.i
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref.startswith("A4:")
    assert [c.value for c in ws[4]][:2] == ["Source", "n"]
    n = ws["B5"]
    assert n.value == 1 and n.data_type == "n"  # a count is a number, not text
    assert ws.column_dimensions["A"].width >= len("Source") + 2
    last = ws.max_row
    assert str(ws.cell(last, 1).value).startswith("Note. ")
    ws = wb["Extracts"]
    header = [c.value for c in ws[4]]
    assert header == [
        "Transcript",
        "Turn",
        "Speaker",
        "Source",
        "Code",
        "Subtheme",
        "Theme",
        "Coders",
        "Exemplar",
        "Quote",
        "Turn's words",
        "Notes",
    ]
    first = [c.value for c in ws[5]]
    # I1, turn 2, worked from tests/data/small: code c1 by A, quoting "the first meeting"
    assert first[:10] == [
        "I1",
        2,
        "P1",
        "One-to-one interview 1",  # I1.yaml has no title
        "c1",
        "Early trust",
        "Trust",
        "A",
        "no",
        "the first meeting",
    ]
    assert first[10] is None  # the turn's words come from the command (see the CLI test)
    codings = sum(1 for row in ws.iter_rows(min_row=5, values_only=True) if row[0] in ("I1", "FG1"))
    assert codings == 10  # 3 in I1.yaml and 7 in FG1.yaml


def test_formula_like_cells_stay_text() -> None:
    grid = Grid("t", "T", (Column("a"), Column("b")), (Row(("=1+1", "+2")),))
    job = Job("S", "ipa", [RenderedTable("t", 1, "Table 1", "T", None, grid)], [])  # type: ignore[arg-type]
    buf = io.BytesIO()
    build_xlsx(job, buf)
    ws = openpyxl.load_workbook(buf).worksheets[0]
    assert (ws["A5"].value, ws["A5"].data_type) == ("'=1+1", "s")
    assert ws["B5"].value == "'+2"


def test_workbook_is_byte_identical_with_fixed_dates(small: Path) -> None:
    data = _xlsx(small)
    assert data == _xlsx(small)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = openpyxl.load_workbook(io.BytesIO(data)).properties
    assert props.created.year == 2000 and props.modified.year == 2000


def test_xlsx_is_a_format_not_written_by_default() -> None:
    assert "xlsx" in FORMATS and "xlsx" not in DEFAULT_FORMATS
    assert set(DEFAULT_FORMATS) | {"xlsx"} == set(FORMATS)


def test_render_format_xlsx_from_the_command_line(small: Path) -> None:
    result = CliRunner().invoke(build_app(), ["render", str(small), "-f", "xlsx"])
    assert result.exit_code == 0, result.stderr
    out = small / "rendered" / "tables.xlsx"
    assert result.stdout.strip() == str(out)
    ws = openpyxl.load_workbook(out)["Extracts"]
    first = [c.value for c in ws[5]]
    assert first[10] == "From the first meeting I knew it would work, slowly."
    help_text = CliRunner().invoke(build_app(), ["render", "--help"]).stdout
    assert "xlsx" in help_text
