"""A real face sheet (../shared/realdata/spreadsheets/sheffield-facesheet.xlsx) imports faithfully.

The sheet has 15 rows and 19 CamelCase columns, ``na`` cells, times of day, dates and durations.
The study declares snake_case fields for some of its columns; every imported value is compared,
row by row, with the sheet as openpyxl reads it in the test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ipatool.read.yamlio import read_document

Run = Callable[..., Any]
Errors = Callable[[Path], list[str]]

SHEET = "spreadsheets/sheffield-facesheet.xlsx"

FIELDS = """\
fields:
  - name: age_group
    kind: category
    levels: ["21-30", "31-40", "41-50", "51-60", ">61"]
  - name: sex
    kind: category
    levels: [F, M]
  - name: interview_date
    kind: text
  - name: interview_time
    kind: text
  - name: interview_length_hh_mm_ss
    kind: text
  - name: workshop_attendee
    kind: category
    levels: [Y, N]
  - name: institution_type
    kind: text
  - name: career_stage
    kind: text
  - name: field
    kind: text
"""

COLUMNS = {  # field -> the sheet's heading
    "age_group": "AgeGroup",
    "sex": "Sex",
    "interview_date": "InterviewDate",
    "interview_time": "InterviewTime",
    "interview_length_hh_mm_ss": "InterviewLength_HH-MM-SS",
    "workshop_attendee": "WorkshopAttendee",
    "institution_type": "InstitutionType",
    "career_stage": "CareerStage",
    "field": "Field",
}

NOT_IMPORTED = (
    "A 'SurveyRespondentID', C 'RealNameOrPseudonym', G 'InterviewFormat', "
    "H 'SurveyRespondent', L 'GenderChangedFromBirth', M 'Region', Q 'Approach', "
    "R 'GathersPrimaryEmpirical', S 'AwareOfEpistemicBase'"
)


@pytest.fixture
def facesheet(realdata: Path) -> Path:
    path = realdata / SHEET
    if not path.is_file():
        pytest.skip(f"{SHEET} is not present")
    return path


@pytest.fixture
def face_study(study: Path) -> Path:
    """The ``ipatool init`` study with fields for nine of the sheet's columns, no participants."""
    config = study / "ipatool.yaml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("fields:"), text.index("rules:")
    text = text[:start] + FIELDS + text[end:]
    text = text.replace("counts: [gender]", "counts: [sex]").replace("    mean_sd: [age]\n", "")
    config.write_text(text, encoding="utf-8")
    (study / "participants.yaml").write_text("participants: []\n", encoding="utf-8")
    (study / "transcripts" / "example.yaml").unlink()
    return study


def _sheet_rows(path: Path) -> list[dict[str, Any]]:
    """The sheet's rows as {heading: value}, read with openpyxl here, apart from the importer."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _expected(heading: str, value: Any) -> Any:
    """What the sheet shows in a cell, as the study should hold it."""
    if value == "na":
        return None
    if isinstance(value, dt.datetime):
        assert value.time() == dt.time()
        return value.date().isoformat()  # shown as dd/mm/yyyy; kept as YYYY-MM-DD
    if isinstance(value, dt.time):
        # InterviewTime is formatted h:mm, the length h:mm:ss
        shown = "%H:%M" if heading == "InterviewTime" else "%H:%M:%S"
        return value.strftime(shown)
    return value


def _imported(study: Path) -> list[dict[str, Any]]:
    data = read_document(study / "participants.yaml", "participants.yaml").data
    return list(data["participants"])


def test_facesheet_imports_row_by_row(
    errors_of: Errors, facesheet: Path, face_study: Path, run: Run
) -> None:
    result = run(
        "import", "participants", str(facesheet), "--into", str(face_study),
        "--id-column", "transcript_name",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.output
    assert "ids: column B 'TranscriptName'" in out
    assert out.count("match no field") == 1
    assert "9 column(s) match no field declared in ipatool.yaml and are not imported: " in out
    assert f"imported: {NOT_IMPORTED}\n" in out
    rows = _sheet_rows(facesheet)
    people = _imported(face_study)
    assert len(rows) == 15
    assert [p["id"] for p in people] == [r["TranscriptName"] for r in rows]
    for row, person in zip(rows, people, strict=True):
        expected = {"id": row["TranscriptName"]}
        expected |= {name: _expected(col, row[col]) for name, col in COLUMNS.items()}
        assert person == expected, row["TranscriptName"]
    na_cells = sum(1 for r in rows for col in COLUMNS.values() if r[col] == "na")
    assert f"{na_cells} cell(s) read as missing values: 'na' ({na_cells})" in out
    text = (face_study / "participants.yaml").read_text(encoding="utf-8")
    assert "Psedudonym" not in text and "Real name" not in text
    assert errors_of(face_study) == []


def test_facesheet_spot_values(facesheet: Path, face_study: Path, run: Run) -> None:
    result = run(
        "import", "participants", str(facesheet), "--into", str(face_study),
        "--id-column", "TranscriptName",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    people = {p["id"]: p for p in _imported(face_study)}
    assert people["Jessica"] == {
        "id": "Jessica",
        "age_group": ">61",
        "sex": "F",
        "interview_date": "2023-04-21",
        "interview_time": "10:33",
        "interview_length_hh_mm_ss": "00:43:07",
        "workshop_attendee": "N",
        "institution_type": "University - Russell Group",
        "career_stage": "Established Researcher",
        "field": "Education",
    }
    assert people["Sam"]["interview_length_hh_mm_ss"] == "00:38:00"  # h:mm:ss shows seconds
    assert people["Sam"]["sex"] is None
    assert people["Jim"]["age_group"] is None and people["Jim"]["workshop_attendee"] == "Y"


def test_facesheet_na_id_stops_the_import(facesheet: Path, face_study: Path, run: Run) -> None:
    before = (face_study / "participants.yaml").read_bytes()
    result = run(
        "import", "participants", str(facesheet), "--into", str(face_study),
        "--id-column", "survey-respondent-id",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "sheffield-facesheet.xlsx:13:A: the participant id is missing ('na')" in result.output
    assert "1 value(s) cannot be imported; nothing was written" in result.output
    assert (face_study / "participants.yaml").read_bytes() == before


def test_facesheet_without_na_as_missing(facesheet: Path, face_study: Path, run: Run) -> None:
    before = (face_study / "participants.yaml").read_bytes()
    result = run(
        "import", "participants", str(facesheet), "--into", str(face_study),
        "--id-column", "SurveyRespondentID", "--missing", "",
    )  # fmt: skip
    assert result.exit_code == 2
    out = result.output
    assert "sheffield-facesheet.xlsx:13:J: 'na' is not one of the levels of field age_group" in out
    assert "sheffield-facesheet.xlsx:13:K: 'na' is not one of the levels of field sex" in out
    assert "sheffield-facesheet.xlsx:15:K: 'na' is not one of the levels of field sex" in out
    assert "3 value(s) cannot be imported; nothing was written" in out
    assert (face_study / "participants.yaml").read_bytes() == before
