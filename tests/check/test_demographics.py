"""Demographic checks: values fit the fields declared in ipatool.yaml."""

from __future__ import annotations

from pathlib import Path

from check._studies import base_text, findings, study_with
from ipatool.check.validate import validate_study

CONFIG = base_text("ipatool.yaml")
PARTICIPANTS = base_text("participants.yaml")


def test_numeric_levels_match_numbers(tmp_path: Path) -> None:
    config = CONFIG.replace(
        "  - name: occupation\n",
        "  - name: cohort\n    kind: category\n    levels: ['1', '2']\n  - name: occupation\n",
    )
    people = PARTICIPANTS.replace("    age: 52\n", "    age: 52\n    cohort: 1\n")
    people = people.replace("    age: 38\n", "    age: 38\n    cohort: 3\n")
    found = findings(study_with(tmp_path, {"ipatool.yaml": config, "participants.yaml": people}))
    # cohort 1 is a level; cohort 3 is not; Jamie and Sam have no cohort (a warning each)
    assert found == [
        ("IPA502", "participants.yaml", 10, 13),
        ("IPA504", "participants.yaml", 11, 9),
        ("IPA504", "participants.yaml", 14, 9),
    ]


def test_text_field_given_a_list(tmp_path: Path) -> None:
    people = PARTICIPANTS.replace("occupation: Nurse", "occupation: [Nurse, Teacher]")
    assert findings(study_with(tmp_path, {"participants.yaml": people})) == [
        ("IPA501", "participants.yaml", 5, 17)
    ]


def test_true_is_not_a_number(tmp_path: Path) -> None:
    people = PARTICIPANTS.replace("age: 52", "age: true")
    result = validate_study(study_with(tmp_path, {"participants.yaml": people}))
    (d,) = result.diagnostics
    assert d.code == "IPA501"
    assert d.message == "'age' of 'Pat' should be a number, not the true/false value true"


def test_optional_fields_may_be_missing(tmp_path: Path) -> None:
    # occupation is 'required: false' in the base study and only Pat has one
    assert findings(study_with(tmp_path, {})) == []


def test_contradictory_min_max_is_reported_once(tmp_path: Path) -> None:
    config = CONFIG.replace("    min: 18\n    max: 99\n", "    min: 99\n    max: 18\n")
    assert findings(study_with(tmp_path, {"ipatool.yaml": config})) == [
        ("IPA506", "ipatool.yaml", 17, 10)
    ]


def test_min_on_a_text_field(tmp_path: Path) -> None:
    config = CONFIG.replace("    kind: text\n", "    kind: text\n    min: 3\n")
    assert findings(study_with(tmp_path, {"ipatool.yaml": config})) == [
        ("IPA506", "ipatool.yaml", 21, 10)
    ]


def test_level_suggestion_ignores_case(tmp_path: Path) -> None:
    people = PARTICIPANTS.replace("gender: female", "gender: FEMALE", 1)
    (d,) = validate_study(study_with(tmp_path, {"participants.yaml": people})).diagnostics
    assert (d.code, d.hint) == ("IPA502", "did you mean 'female'?")
