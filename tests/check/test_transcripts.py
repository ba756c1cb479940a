"""Single-transcript checks: turn numbers, quotes, duration, date and group size."""

from __future__ import annotations

from pathlib import Path

import pytest

from check._studies import base_text, findings, study_with
from ipatool.check.validate import validate_study

FG = base_text("transcripts/FG1.yaml")
I1 = base_text("transcripts/I1.yaml")


def test_a_participant_listed_twice_is_counted_once(tmp_path: Path) -> None:
    text = I1.replace("kind: interview", "kind: focus_group").replace("[Sam]", "[Sam, Sam]")
    assert findings(study_with(tmp_path, {"transcripts/I1.yaml": text})) == [
        ("IPA701", "transcripts/I1.yaml", 6, 15)
    ]


def test_quote_not_found_hint_shows_the_closest_passage(tmp_path: Path) -> None:
    text = I1.replace("quote: that first meeting", "quote: from that first meting I knew")
    (d,) = validate_study(study_with(tmp_path, {"transcripts/I1.yaml": text})).diagnostics
    assert d.code == "IPA401"
    assert d.message == "the quote is not in turn 2: 'from that first meting i knew' was not found"
    assert d.hint == "closest passage: 'from that first meeting I knew'"


def test_elided_quote_with_typographic_punctuation_is_found(tmp_path: Path) -> None:
    text = I1.replace(
        "quote: that first meeting", "quote: \u201cWe met \u2026 I knew it would work\u201d"
    )
    assert findings(study_with(tmp_path, {"transcripts/I1.yaml": text})) == []


def test_negative_duration(tmp_path: Path) -> None:
    text = I1.replace("duration_min: 60", "duration_min: -5")
    (d,) = validate_study(study_with(tmp_path, {"transcripts/I1.yaml": text})).diagnostics
    assert (d.code, d.span.line, d.span.column) == ("IPA703", 4, 15)
    assert "-5" in d.message


def test_a_date_needs_no_time(tmp_path: Path) -> None:
    text = I1.replace("date: 2019-04-02", "date: 2019-04-02 10:30")
    found = findings(study_with(tmp_path, {"transcripts/I1.yaml": text}))
    assert found == [("IPA704", "transcripts/I1.yaml", 3, 7)]


def test_the_silent_participant_is_pointed_at_in_the_list(tmp_path: Path) -> None:
    text = FG.replace("speaker: Jamie", "speaker: Pat")
    assert findings(study_with(tmp_path, {"transcripts/FG1.yaml": text})) == [
        ("IPA705", "transcripts/FG1.yaml", 6, 28)
    ]


def test_a_comma_separated_id_list_is_one_error_with_the_list_as_hint(tmp_path: Path) -> None:
    text = (
        FG.replace("participants: [Pat, Chris, Jamie]", "participants: Pat, Chris, Jamie")
        .replace("coded_by: [KG, KW]", "coded_by: KG,KW")
        .replace("by: [KG, KW]", "by: KG, KW")
    )
    found = validate_study(study_with(tmp_path, {"transcripts/FG1.yaml": text})).diagnostics
    shown = [(d.code, d.span.line, d.span.column, d.message, d.hint) for d in found]
    assert shown == [
        (
            "IPA103",
            6,
            15,
            "'participants' is a list of ids, but 'Pat, Chris, Jamie' is written as one text",
            "write it as a list: [Pat, Chris, Jamie]",
        ),
        (
            "IPA103",
            7,
            11,
            "'coded_by' is a list of ids, but 'KG,KW' is written as one text",
            "write it as a list: [KG, KW]",
        ),
        (
            "IPA103",
            17,
            13,
            "'by' is a list of ids, but 'KG, KW' is written as one text",
            "write it as a list: [KG, KW]",
        ),
        (
            "IPA103",
            33,
            13,
            "'by' is a list of ids, but 'KG, KW' is written as one text",
            "write it as a list: [KG, KW]",
        ),
    ]


def test_a_single_bad_id_where_a_list_may_be_is_named_whole(tmp_path: Path) -> None:
    text = FG.replace("by: KG\n", "by: K G\n")
    (d,) = validate_study(study_with(tmp_path, {"transcripts/FG1.yaml": text})).diagnostics
    assert (d.code, d.span.line, d.span.column) == ("IPA105", 26, 13)
    assert d.message == "'K G' (in 'by') is not a valid id: ids may not contain spaces"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("yes", "true"),
        ("no", "false"),
        ("on", "true"),
        ("off", "false"),
        ("y", "true"),
        ("N", "false"),
    ],
)
def test_a_yaml_1_1_boolean_is_an_error_not_true(tmp_path: Path, written: str, meant: str) -> None:
    text = FG.replace('quote: "the first meeting sets the tone"', f"exemplar: {written}")
    (d,) = validate_study(study_with(tmp_path, {"transcripts/FG1.yaml": text})).diagnostics
    assert (d.code, d.span.line, d.span.column) == ("IPA103", 18, 19)
    assert d.message == f"'exemplar' should be true or false, not the text '{written}'"
    assert d.hint == (
        f"only true and false are booleans in a study file (YAML 1.2); write exemplar: {meant}"
    )


def test_a_number_is_not_a_boolean_either(tmp_path: Path) -> None:
    text = FG.replace('quote: "the first meeting sets the tone"', "exemplar: 1")
    (d,) = validate_study(study_with(tmp_path, {"transcripts/FG1.yaml": text})).diagnostics
    assert d.code == "IPA103"
    assert d.hint == "only true and false are booleans in a study file (YAML 1.2)"
