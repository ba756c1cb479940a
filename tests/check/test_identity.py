"""Identity checks: ids that must be unique."""

from __future__ import annotations

from pathlib import Path

from check._studies import base_text, findings, study_with
from ipatool.check.validate import validate_study

CONFIG = base_text("ipatool.yaml")
THEMES = base_text("themes.yaml")
PARTICIPANTS = base_text("participants.yaml")


def test_duplicate_interviewer(tmp_path: Path) -> None:
    text = CONFIG.replace(
        "interviewers:\n  - id: KW\n    name: Kim White\n",
        "interviewers:\n  - id: KW\n    name: Kim White\n  - id: KW\n    name: Kim W.\n",
    )
    assert findings(study_with(tmp_path, {"ipatool.yaml": text})) == [
        ("IPA206", "ipatool.yaml", 11, 9)
    ]


def test_theme_id_reused_by_a_second_theme(tmp_path: Path) -> None:
    text = THEMES + "  - id: trust\n    label: Trust again\n"
    assert findings(study_with(tmp_path, {"themes.yaml": text})) == [
        ("IPA205", "themes.yaml", 12, 9),
        ("IPA601", "themes.yaml", 12, 9),
    ]


def test_duplicate_participant_message_points_at_the_first(tmp_path: Path) -> None:
    text = PARTICIPANTS + "  - id: Pat\n    gender: female\n    age: 30\n"
    result = validate_study(study_with(tmp_path, {"participants.yaml": text}))
    (d,) = result.diagnostics
    assert (d.code, d.span.line) == ("IPA201", 15)
    assert "first on line 2" in d.message


def test_turn_numbers_may_skip_but_not_go_back(tmp_path: Path) -> None:
    fg = base_text("transcripts/FG1.yaml")
    skipping = fg.replace("  - n: 3\n", "  - n: 30\n").replace("  - n: 4\n", "  - n: 31\n")
    assert findings(study_with(tmp_path, {"transcripts/FG1.yaml": skipping})) == []


def test_turn_order_is_reported_once_per_step_back(tmp_path: Path) -> None:
    fg = base_text("transcripts/FG1.yaml").replace("  - n: 2\n", "  - n: 9\n")
    # turns 9, 3, 4 after 1: 3 and 4 both come after 9
    assert findings(study_with(tmp_path, {"transcripts/FG1.yaml": fg})) == [
        ("IPA204", "transcripts/FG1.yaml", 19, 8),
        ("IPA204", "transcripts/FG1.yaml", 28, 8),
    ]


def test_participant_with_an_interviewers_id_is_a_warning_at_the_id(tmp_path: Path) -> None:
    text = PARTICIPANTS.replace("  - id: Sam\n", "  - id: KW\n")
    fg = base_text("transcripts/FG1.yaml").replace("Sam", "KW")
    interview = base_text("transcripts/I1.yaml").replace("Sam", "KW")
    root = study_with(
        tmp_path,
        {"participants.yaml": text, "transcripts/FG1.yaml": fg, "transcripts/I1.yaml": interview},
    )
    result = validate_study(root)
    found = [d for d in result.diagnostics if d.code == "IPA208"]
    assert [(d.file, d.span.line, d.span.column, d.severity.value) for d in found] == [
        ("participants.yaml", 12, 9, "warning")
    ]
    (d,) = found
    assert d.slug == "participant-is-researcher"
    assert d.span.end_column == 11  # the id 'KW' itself
    assert d.message == (
        "participant id 'KW' is also the id of a coder (ipatool.yaml line 6) "
        "and an interviewer (ipatool.yaml line 9)"
    )
    assert result.errors == []


def test_a_participant_listed_twice_is_reported_once_as_a_researcher(tmp_path: Path) -> None:
    text = PARTICIPANTS + "  - id: KG\n    gender: female\n    age: 30\n" * 2
    got = findings(study_with(tmp_path, {"participants.yaml": text}))
    assert [f for f in got if f[0] in ("IPA201", "IPA208")] == [
        ("IPA201", "participants.yaml", 18, 9),
        ("IPA208", "participants.yaml", 15, 9),
    ]


def test_researcher_ids_that_no_participant_has_are_fine(tmp_path: Path) -> None:
    # ids are compared exactly, as everywhere else: the coder 'pat' is not the participant 'Pat'
    text = CONFIG.replace("coders:\n", "coders:\n  - id: pat\n", 1)
    assert findings(study_with(tmp_path, {"ipatool.yaml": text})) == []
