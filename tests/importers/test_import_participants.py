"""``ipatool import participants`` from csv and xlsx, typed by the declared fields."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ipatool.read.yamlio import read_document

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
    assert "1 column(s) match no field declared in ipatool.yaml and are not imported: " in (
        result.output
    )
    assert "imported: D 'Real name'\n" in result.output
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
    assert result.exit_code == 2
    out = result.output
    assert "survey.csv:2:B: 'abc' is not a number for field age" in out
    assert "survey.csv:3:B: 12 is below the minimum 18 for field age" in out
    assert "survey.csv:3:C: 'other' is not one of the levels of field gender" in out
    assert "survey.csv:4:A: 'bad id' is not a valid id" in out
    assert "4 value(s) cannot be imported; nothing was written" in out
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


def _study_fields(study: Path, fields: str) -> None:
    """Replace the fields the ``ipatool init`` study declares (and what reporting names)."""
    config = study / "ipatool.yaml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("fields:"), text.index("rules:")
    text = text[:start] + "fields:\n" + fields + text[end:]
    text = text.replace("    counts: [gender]\n", "").replace("    mean_sd: [age]\n", "")
    config.write_text(text, encoding="utf-8")
    (study / "participants.yaml").write_text("participants: []\n", encoding="utf-8")


CARE_FIELDS = """\
  - name: years_in_care
    kind: number
  - name: home_town
    kind: text
  - name: care_level
    kind: category
    label: Level of care
    levels: [low, high]
"""


@pytest.mark.parametrize(
    ("years", "town", "level"),
    [
        ("YearsInCare", "HomeTown", "LevelOfCare"),
        ("years-in-care", "home-town", "level-of-care"),
        ("Years In Care", "HOME TOWN", "level of care"),
        ("YEARS_IN_CARE", "home_Town", "Level_of_Care"),
        ("yearsInCare", "Home-Town", "Level of_care"),
    ],
)
def test_headings_match_fields_across_styles(
    tmp_path: Path, study: Path, run: Run, years: str, town: str, level: str
) -> None:
    _study_fields(study, CARE_FIELDS)
    sheet = tmp_path / "care.csv"
    sheet.write_text(f"ParticipantID,{years},{town},{level}\nP1,3,Leeds,HIGH\n", encoding="utf-8")
    result = run("import", "participants", str(sheet), "--into", str(study))
    assert result.exit_code == 0, result.output
    assert "match no field" not in result.output
    assert f"{years} -> years_in_care, {town} -> home_town, {level} -> care_level" in (
        result.output
    )
    assert _participants(study) == [
        {"id": "P1", "years_in_care": 3, "home_town": "Leeds", "care_level": "high"}
    ]


def test_id_column_option_matches_across_styles(tmp_path: Path, study: Path, run: Run) -> None:
    _study_fields(study, CARE_FIELDS)
    sheet = tmp_path / "care.csv"
    sheet.write_text("RespondentCode,YearsInCare\nR9,12\n", encoding="utf-8")
    result = run(
        "import", "participants", str(sheet), "--into", str(study), "--id-column", "respondent-code"
    )
    assert result.exit_code == 0, result.output
    assert "ids: column A 'RespondentCode'" in result.output
    assert _participants(study) == [{"id": "R9", "years_in_care": 12}]


@pytest.mark.parametrize("marker", ["na", "NA", "n/a", "N/A", "-", ".", "", "  na  "])
def test_each_default_missing_marker_is_a_missing_value(
    tmp_path: Path, study: Path, run: Run, marker: str
) -> None:
    _study_fields(study, CARE_FIELDS)
    sheet = tmp_path / "care.csv"
    sheet.write_text(
        f"id,YearsInCare,HomeTown,LevelOfCare\nP1,{marker},{marker},{marker}\nP2,4,York,low\n",
        encoding="utf-8",
    )
    result = run("import", "participants", str(sheet), "--into", str(study))
    assert result.exit_code == 0, result.output
    assert _participants(study) == [
        {"id": "P1", "years_in_care": None, "home_town": None, "care_level": None},
        {"id": "P2", "years_in_care": 4, "home_town": "York", "care_level": "low"},
    ]
    if marker.strip():
        assert f"3 cell(s) read as missing values: {marker.strip()!r} (3)" in result.output
    else:
        assert "read as missing values" not in result.output


def test_missing_markers_in_xlsx_cells(tmp_path: Path, study: Path, run: Run) -> None:
    import openpyxl

    _study_fields(study, CARE_FIELDS)
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Participant", "YearsInCare", "HomeTown", "LevelOfCare"])
    ws.append(["P1", "N/A", "-", "na"])
    ws.append(["P2", 7.0, None, "High"])
    path = tmp_path / "care.xlsx"
    book.save(path)
    result = run("import", "participants", str(path), "--into", str(study))
    assert result.exit_code == 0, result.output
    assert "3 cell(s) read as missing values: '-' (1), 'N/A' (1), 'na' (1)" in result.output
    assert _participants(study) == [
        {"id": "P1", "years_in_care": None, "home_town": None, "care_level": None},
        {"id": "P2", "years_in_care": 7, "home_town": None, "care_level": "high"},
    ]


def test_missing_option_replaces_the_default_markers(tmp_path: Path, study: Path, run: Run) -> None:
    _study_fields(study, CARE_FIELDS)
    sheet = tmp_path / "care.csv"
    sheet.write_text("id,YearsInCare,HomeTown\nP1,-99,-\nP2,missing,na\nP3,,.\n", encoding="utf-8")
    options = ["--missing", "-99", "--missing", "missing"]
    result = run("import", "participants", str(sheet), "--into", str(study), *options)
    assert result.exit_code == 0, result.output
    assert [(p["years_in_care"], p["home_town"]) for p in _participants(study)] == [
        (None, "-"),
        (None, "na"),
        (None, "."),
    ]
    assert "2 cell(s) read as missing values: '-99' (1), 'missing' (1)" in result.output


def test_missing_empty_only_makes_na_a_bad_number(tmp_path: Path, study: Path, run: Run) -> None:
    _study_fields(study, CARE_FIELDS)
    sheet = tmp_path / "care.csv"
    sheet.write_text("id,YearsInCare\nP1,\nP2,na\n", encoding="utf-8")
    before = (study / "participants.yaml").read_bytes()
    result = run("import", "participants", str(sheet), "--into", str(study), "--missing", "")
    assert result.exit_code == 2
    assert "care.csv:3:B: 'na' is not a number for field years_in_care" in result.output
    assert "care.csv:2:B" not in result.output  # an empty cell is always missing
    assert (study / "participants.yaml").read_bytes() == before


def test_a_missing_id_is_reported_at_its_cell(tmp_path: Path, study: Path, run: Run) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("Age,Participant\n40,P1\n41,n/a\n42,\n", encoding="utf-8")
    before = (study / "participants.yaml").read_bytes()
    result = run("import", "participants", str(sheet), "--into", str(study))
    assert result.exit_code == 2
    assert "s.csv:3:B: the participant id is missing ('n/a')" in result.output
    assert "s.csv:4:B: the participant id is empty" in result.output
    assert "2 value(s) cannot be imported; nothing was written" in result.output
    assert (study / "participants.yaml").read_bytes() == before


def test_unmatched_columns_are_listed_once_with_their_letters(
    tmp_path: Path, study: Path, run: Run
) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        "Email,id,Age,FullName,,Notes,AGE\n"
        "a@b.org,P1,40,Ann Smith,,likes tea,41\n"
        "c@d.org,P2,50,Bob Jones,,,52,stray\n",
        encoding="utf-8",
    )
    result = run("import", "participants", str(sheet), "--into", str(study))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.count("match no field") == 1
    assert (
        "s.csv: 4 column(s) match no field declared in ipatool.yaml and are not imported: "
        "A 'Email', D 'FullName', F 'Notes', H (no heading)\n"
    ) in out
    assert "column G 'AGE' matches the field age already read from column C; not imported" in out
    assert [(p["id"], p["age"]) for p in _participants(study)] == [("P1", 40), ("P2", 50)]
    text = (study / "participants.yaml").read_text(encoding="utf-8")
    for word in ("Smith", "Jones", "@", "tea", "stray"):
        assert word not in text


def test_xlsx_times_dates_and_error_cells(tmp_path: Path, study: Path, run: Run) -> None:
    import datetime as dt

    import openpyxl

    _study_fields(
        study,
        "  - name: start\n    kind: text\n  - name: length\n    kind: text\n"
        "  - name: day\n    kind: text\n  - name: score\n    kind: number\n",
    )
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["id", "Start", "Length", "Day", "Score"])
    ws.append(["P1", dt.time(9, 5), dt.time(0, 38), dt.datetime(2023, 4, 21), 3])
    ws.append(["P2", dt.time(14, 3, 20), dt.timedelta(hours=25, minutes=1), dt.date(2023, 5, 2), 4])
    ws.append(["P3", None, None, None, "#DIV/0!"])
    ws["B2"].number_format = "h:mm"
    ws["C2"].number_format = "[$-F400]h:mm:ss\\ AM/PM"
    ws["B3"].number_format = "h:mm"
    ws["E4"].data_type = "e"
    path = tmp_path / "times.xlsx"
    book.save(path)
    before = (study / "participants.yaml").read_bytes()
    result = run("import", "participants", str(path), "--into", str(study), "--dry-run")
    assert result.exit_code == 2
    assert "times.xlsx:4:E: the cell holds the spreadsheet error '#DIV/0!', not a value" in (
        result.output
    )
    assert (study / "participants.yaml").read_bytes() == before
    ws["E4"] = None
    book.save(path)
    result = run("import", "participants", str(path), "--into", str(study))
    assert result.exit_code == 0, result.output
    assert _participants(study) == [
        {"id": "P1", "start": "09:05", "length": "00:38:00", "day": "2023-04-21", "score": 3},
        {"id": "P2", "start": "14:03:20", "length": "25:01:00", "day": "2023-05-02", "score": 4},
        {"id": "P3", "start": None, "length": None, "day": None, "score": None},
    ]
