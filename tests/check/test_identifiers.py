"""De-identification: the --identifiers file and its matches in study text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from check._studies import base_text, study_with
from ipatool.check.deidentify import (
    IdentifiersError,
    compile_identifiers,
    read_identifiers,
    scan_text,
)
from ipatool.check.validate import validate_study


def spans(text: str, *identifiers: str) -> list[tuple[int, int, int, int]]:
    pattern = compile_identifiers(identifiers)
    assert pattern is not None
    return [
        (d.span.line, d.span.column, d.span.end_line, d.span.end_column)
        for d in scan_text(text, "t.yaml", pattern)
    ]


def test_case_insensitive_and_whole_words() -> None:
    text = "text: mary went to Leeds with MARY, not Maryanne or rosemary\n"
    assert spans(text, "Mary") == [(1, 7, 1, 11), (1, 31, 1, 35)]
    assert spans(text, "Lee") == []


def test_matches_across_a_line_break_in_folded_text() -> None:
    text = "text: >-\n  she met Mary\n    Jones at the clinic\n"
    assert spans(text, "mary jones") == [(2, 11, 3, 10)]


def test_longest_identifier_wins() -> None:
    assert spans("Leeds General Infirmary\n", "Leeds", "Leeds General Infirmary") == [(1, 1, 1, 24)]


def test_special_characters_are_literal() -> None:
    assert spans("at St. Mary's (north)\n", "St. Mary's", "(north)") == [
        (1, 4, 1, 14),
        (1, 15, 1, 22),
    ]
    assert spans("at StX Mary's\n", "St. Mary's") == []


def test_no_identifiers_gives_no_pattern() -> None:
    assert compile_identifiers([]) is None
    assert compile_identifiers(["", ""]) is None


def test_read_identifiers_skips_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("\ufeff# real names\nMary Jones\n\n  Leeds  # a city\n", encoding="utf-8")
    assert read_identifiers(path) == ["Mary Jones", "Leeds"]


def test_unreadable_identifiers_file(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_bytes("Zoë".encode("latin-1"))
    with pytest.raises(IdentifiersError):
        read_identifiers(path)


def test_findings_never_echo_the_identifiers_or_their_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret-names-of-participants.txt"
    secret.write_text("Mary Jones\nLeeds\n", encoding="utf-8")
    fg = base_text("transcripts/FG1.yaml").replace(
        "I stay with them", "Mary Jones and I stay with them in Leeds"
    )
    root = study_with(tmp_path, {"transcripts/FG1.yaml": fg})
    result = validate_study(root, identifiers=secret)
    assert [(d.code, d.file, d.span.line) for d in result.diagnostics] == [
        ("IPA801", "transcripts/FG1.yaml", 30),
        ("IPA801", "transcripts/FG1.yaml", 30),
    ]
    for d in result.diagnostics:
        words = " ".join([d.message, d.hint or "", d.file])
        assert "secret" not in words
        assert not re.search("mary|jones|leeds", words, re.IGNORECASE)


def test_identifiers_file_that_cannot_be_read(tmp_path: Path) -> None:
    bad = tmp_path / "ids"
    bad.mkdir()  # a folder, not a file
    result = validate_study(study_with(tmp_path, {}), identifiers=bad)
    (d,) = result.diagnostics
    assert d.code == "IPA802"
    assert str(tmp_path) not in d.message
