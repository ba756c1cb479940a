"""Reading YAML: positions, YAML 1.2 values, and everything a study file may not contain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ipatool.diagnostics import Span
from ipatool.read import yamlio
from ipatool.read.yamlio import decode, parse_text, read_document

TEXT = """\
title: Trust
people:
  - id: Pat
    said: No
  - id: Chris
    when: 2019-03-14
"""


def codes(text: str) -> list[tuple[str, int, int]]:
    doc = parse_text(text, "f.yaml")
    return [(d.code, d.span.line, d.span.column) for d in doc.diagnostics]


def test_positions_of_keys_and_values() -> None:
    loc = parse_text(TEXT, "f.yaml").locator
    assert loc.span(("title",)) == Span(1, 8, 1, 13)
    assert loc.span(("title",), key=True) == Span(1, 1, 1, 6)
    assert loc.span(("people", 1, "id")).line == 5
    assert loc.span(("people", 1, "id")).column == 9
    assert loc.span(("people", 0, "said"), key=True) == Span(4, 5, 4, 9)


def test_missing_path_points_at_the_nearest_parent() -> None:
    loc = parse_text(TEXT, "f.yaml").locator
    # people[1] has no 'name': the span is its first key
    assert loc.span(("people", 1, "name")) == Span.point(5, 5)
    assert loc.span(("people", 7)) == Span.point(3, 5)


def test_yaml_12_values() -> None:
    doc = parse_text(TEXT + "flags: [true, false, yes, off, on, No]\nn: 012\nx: 1.5\n", "f")
    assert doc.diagnostics == []
    assert doc.data["people"][0]["said"] == "No"
    assert doc.data["people"][1]["when"] == dt.date(2019, 3, 14)
    assert doc.data["flags"] == [True, False, "yes", "off", "on", "No"]
    assert doc.data["x"] == 1.5


def test_impossible_date_stays_text() -> None:
    assert parse_text("date: 2019-02-30\n", "f").data == {"date": "2019-02-30"}


def test_quoted_values_stay_text() -> None:
    assert parse_text("a: '42'\nb: \"true\"\n", "f").data == {"a": "42", "b": "true"}


def test_duplicate_key() -> None:
    assert codes("a: 1\nb: 2\na: 3\n") == [("IPA002", 3, 1)]


def test_alias_is_refused() -> None:
    found = codes("a: &x [1, 2]\nb: *x\n")
    assert [c for c, _, _ in found] == ["IPA008"]


def test_alias_bomb_is_refused_without_expanding() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):  # 9**12 leaves if expanded
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    doc = parse_text("\n".join(lines) + "\n", "bomb.yaml")
    assert doc.diagnostics
    assert {d.code for d in doc.diagnostics} == {"IPA008"}


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object:os.system x\n",
        "a: !!python/object/apply:os.system ['echo hi']\n",
        "a: !custom 3\n",
        "a: !!set {x, y}\n",
    ],
)
def test_tags_are_refused(text: str) -> None:
    assert [c for c, _, _ in codes(text)] == ["IPA007"]


def test_tab_indentation() -> None:
    assert codes("a:\n\tb: 1\n") == [("IPA003", 2, 1)]


def test_syntax_error_position() -> None:
    assert codes("a: [1, 2\nb: 3\n")[0][0] == "IPA001"
    assert codes("text: She said: no\n") == [("IPA001", 1, 15)]


def test_empty_files() -> None:
    assert codes("") == [("IPA005", 1, 1)]
    assert codes("# only a comment\n") == [("IPA005", 1, 1)]


def test_bom_is_accepted() -> None:
    text, diags = decode("\ufeffa: 1\n".encode(), "f")
    assert diags == []
    assert parse_text(text or "", "f").data == {"a": 1}


def test_utf16_is_refused() -> None:
    text, diags = decode("a: 1\n".encode("utf-16"), "f")
    assert text is None
    assert [(d.code, d.span.line) for d in diags] == [("IPA004", 1)]


def test_nul_byte_position() -> None:
    text, diags = decode(b"a: 1\nb: x\x00y\n", "f")
    assert text is None
    assert [(d.code, d.span.line, d.span.column) for d in diags] == [("IPA004", 2, 5)]


def test_non_utf8_byte_position() -> None:
    text, diags = decode("a: 1\nb: café\n".encode("latin-1"), "f")
    assert text is None
    assert [(d.code, d.span.line, d.span.column) for d in diags] == [("IPA004", 2, 7)]
    assert "0xe9" in diags[0].message


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 10)
    text, diags = decode(b"a: 1234567890\n", "f")
    assert text is None
    assert [d.code for d in diags] == ["IPA009"]


def test_unreadable_file(tmp_path: Path) -> None:
    doc = read_document(tmp_path, "folder.yaml")  # a folder cannot be read as a file
    assert not doc.ok
    assert [d.code for d in doc.diagnostics] == ["IPA011"]


def test_read_document(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    doc = read_document(path, "x.yaml")
    assert doc.ok and doc.data == {"a": 1} and doc.diagnostics == []
