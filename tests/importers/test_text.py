"""Encodings, BOMs, line endings and mojibake repair."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipatool.importers.base import ImportFailed
from ipatool.importers.encoding import read_text, repair_mojibake


def test_repairs_double_encoded_utf8() -> None:
    text, repairs = repair_mojibake("Itâ€™s â€” cafÃ© Â£5 ðŸ˜€ ÐŸÑ€Ð¸Ð²ÐµÑ‚")
    assert text == "It’s — café £5 😀 Привет"
    assert [r.good for r in repairs] == ["’", "—", "é", "£", "😀", "Привет"]


def test_latin1_style_mojibake_with_control_characters() -> None:
    text, repairs = repair_mojibake("e-mailed\u00e2\u0080\u0094 then")
    assert text == "e-mailed— then"
    assert len(repairs) == 1


def test_ordinary_accents_are_left_alone() -> None:
    original = "CAFÉ” and naïve résumé, Ångström"
    assert repair_mojibake(original) == (original, [])


def test_bom_crlf_and_report(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"\xef\xbb\xbfPat: caf\xc3\x83\xc2\xa9\r\nKW: ok\r\n")
    text, notes = read_text(path, "t.txt")
    assert text == "Pat: café\nKW: ok\n"
    assert notes == ["t.txt:1: repaired mojibake 'Ã©' -> 'é'"]


def test_utf16_and_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "u.txt"
    path.write_bytes("Pat: naïve\r\n".encode("utf-16"))
    assert read_text(path, "u.txt") == ("Pat: naïve\n", [])
    path.write_bytes("Pat: naïve — ok".encode("cp1252"))
    text, notes = read_text(path, "c.txt")
    assert text == "Pat: naïve — ok"
    assert "Windows-1252" in notes[0]


def test_binary_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_bytes(b"abc\x00def")
    with pytest.raises(ImportFailed, match="NUL"):
        read_text(path, "b.txt")
