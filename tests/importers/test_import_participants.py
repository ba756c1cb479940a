"""``ipatool import participants`` from csv and xlsx, typed by the declared fields."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ipatool.yamlio import read_document

Run = Callable[..., Any]
Errors = Callable[[Path], list[str]]


def _participants(study: Path) -> list[dict[str, Any]]:
    data = read_document(study / "participants.yaml", "participants.yaml").data
    return list(data["participants"])


def test_csv_typed_by_fields_updates_and_appends(
    errors_of: Errors, tmp_path: Path, study: Path, run: Run
) -> None:
    sheet = tmp_path / "survey.csv"
    sheet.write_text(
        "Participant,AGE,Gender,Real name\r\nP1,41,Female,Ann Smith\r\nP2,,MALE,Bob Jones\r\n",
        encoding="utf-8",
    )
    result = run("import", "participants", str(sheet), "--into", str(study))
    assert result.exit_code == 0, result.output
    assert "D 'Real name' match no field" in result.output
    assert _participants(study) == [
        {"id": "P1", "gender": "female", "age": 41},
        {"id": "P2", "gender": "male", "age": None},
    ]
    text = (study / "participants.yaml").read_text(encoding="utf-8")
    assert text.startswith("# One entry per participant.")
    assert "Smith" not in text and "Jones" not in text
    assert errors_of(study) == []


def test_bad_values_reported_with_row_and_column(tmp_path: Path, study: Path, run: Run) -> None:
    sheet = tmp_path / "survey.csv"
    before = (study / "participants.yaml").read_bytes()
    sheet.write_text("id,age,gender\nP1,abc,female\nP2,12,other\nbad id,30,male\n")
    result = run("import", "participants", str(sheet), "--into", str(study))
    assert result.exit_code == 1
    out = result.output
    assert "survey.csv:2:B: 'abc' is not a number for field age" in out
    assert "survey.csv:3:B: 12 is below the minimum 18 for field age" in out
    assert "survey.csv:3:C: 'other' is not one of the levels of field gender" in out
    assert "survey.csv:4:A: 'bad id' is not a valid id" in out
    assert (study / "participants.yaml").read_bytes() == before


def test_xlsx_by_label_with_id_column(tmp_path: Path, study: Path, run: Run) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Code", "Age", "gender"])
    ws.append(["P1", 52.0, "FEMALE"])
    ws.append(["P7", 30, None])
    path = tmp_path / "demo.xlsx"
    book.save(path)
    result = run("import", "participants", str(path), "--into", str(study), "--id-column", "code")
    assert result.exit_code == 0, result.output
    assert _participants(study) == [
        {"id": "P1", "gender": "female", "age": 52},
        {"id": "P7", "gender": None, "age": 30},
    ]


def test_missing_id_column(tmp_path: Path, study: Path, run: Run) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("who,age\nP1,40\n")
    result = run("import", "participants", str(sheet), "--into", str(study))
    assert result.exit_code == 2
    assert "--id-column" in result.output
