"""Reading raw text files for import: encodings, BOMs, line endings, and mojibake repair.

Exported transcripts arrive as UTF-8 (with or without a BOM), UTF-16 (Word's "Unicode text"),
or Windows-1252; some have been through a double encoding that turns an em dash into ``â€”``.
:func:`read_text` returns clean text with ``\\n`` line endings and says what it had to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ipatool.importers.base import ImportFailed


@dataclass(frozen=True)
class Repair:
    """One mojibake sequence that was replaced: where, what it was, what it became."""

    line: int
    bad: str
    good: str


def _cp1252_high() -> dict[str, int]:
    """Characters that bytes 0x80-0x9f become when UTF-8 is misread as Windows-1252."""
    out: dict[str, int] = {}
    for byte in range(0x80, 0xA0):
        try:
            out[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            continue
    return out


@cache
def _byte_map() -> dict[str, int]:
    """Each character a misread byte 0x80-0xff can show as, mapped back to that byte."""
    mapping = {chr(b): b for b in range(0x80, 0x100)}  # Latin-1 reading
    mapping.update(_cp1252_high())  # Windows-1252 reading
    return mapping


def _char_class(lo: int, hi: int) -> str:
    chars = sorted(ch for ch, b in _byte_map().items() if lo <= b <= hi)
    return "[" + "".join(re.escape(c) for c in chars) + "]"


@cache
def _mojibake_re() -> re.Pattern[str]:
    cont = _char_class(0x80, 0xBF)
    lead2 = _char_class(0xC2, 0xC3)  # Latin-1 letters and symbols: Ã© Â£ Â
    lead2_other = _char_class(0xC4, 0xDF)  # Greek, Cyrillic...: only in runs of two or more
    lead3 = _char_class(0xE0, 0xEF)  # punctuation such as â€™ â€” â€œ
    lead4 = _char_class(0xF0, 0xF4)  # emoji
    return re.compile(
        f"{lead4}{cont}{{3}}|{lead3}{cont}{{2}}|{lead2}{cont}|(?:{lead2_other}{cont}){{2,}}"
    )


def repair_mojibake(text: str) -> tuple[str, list[Repair]]:
    """Undo double-encoded UTF-8 (``â€”`` -> ``—``); return the text and each repair made."""
    pattern = _mojibake_re()
    mapping = _byte_map()
    repairs: list[Repair] = []

    def fix(match: re.Match[str]) -> str:
        bad = match.group(0)
        try:
            good = bytes(mapping[ch] for ch in bad).decode("utf-8")
        except (UnicodeDecodeError, KeyError):
            return bad
        line = text.count("\n", 0, match.start()) + 1
        repairs.append(Repair(line, bad, good))
        return good

    return pattern.sub(fix, text), repairs


def decode_bytes(raw: bytes, file: str) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252 (with a warning)."""
    notes: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), notes
        except UnicodeDecodeError as exc:
            raise ImportFailed(f"{file}: the file says it is UTF-16 but is not: {exc}") from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), notes
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1252", errors="replace")
    notes.append(
        f"{file}: the file is not UTF-8; it was read as Windows-1252 (check accented letters)"
    )
    return text, notes


def normalise(text: str) -> str:
    """``\r\n`` and ``\r`` to ``\n``, and a leading BOM dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def clean(text: str) -> str:
    """Unicode line separators to ``\n``; other invisible control characters removed."""
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable() or ch == "\u00ad")


def read_text(path: Path, file: str) -> tuple[str, list[str]]:
    """Read a text file for import: decoded, normalised, mojibake repaired; plus what was done."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{file}: cannot read the file: {exc.strerror or exc}") from exc
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailed(f"{file}: the file contains NUL bytes: it is not a text file")
    text, notes = decode_bytes(raw, file)
    text = normalise(text)
    if not notes:  # a file that was not UTF-8 cannot hold double-encoded UTF-8
        text, repairs = repair_mojibake(text)
        notes += describe_repairs(file, repairs)
    return clean(text), notes


def describe_repairs(file: str, repairs: list[Repair]) -> list[str]:
    """One line per distinct repair: ``file:12: repaired mojibake 'â€”' -> '—' (3 times)``."""
    seen: dict[tuple[str, str], list[int]] = {}
    for r in repairs:
        seen.setdefault((r.bad, r.good), []).append(r.line)
    out = []
    for (bad, good), lines in seen.items():
        times = f" ({len(lines)} times)" if len(lines) > 1 else ""
        out.append(f"{file}:{lines[0]}: repaired mojibake {bad!r} -> {good!r}{times}")
    return out
