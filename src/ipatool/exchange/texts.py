"""Plain texts of REFI-QDA sources: decoding, and splitting into turns.

Turns come from speaker labels (``Name:``, ``[Name]``) where most lines have one, otherwise from
paragraphs. Offsets into the study's text (``\\n`` line ends) are what the turns hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ipatool.exchange.offsets import SourceText

_LABEL = re.compile(
    r"^[ \t]*(?:\[(?P<b>[^\]\n]{1,40})\][ \t]*:?|(?P<p>[^\s:\[\]][^:\n]{0,39}?)[ \t]*:)[ \t]+(?=\S)"
)


@dataclass
class Turn:
    """One turn of a source: its span in the text, speaker label, codes and notes."""

    start: int
    end: int
    label: str | None
    speaker: str = ""
    codes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    app_index: dict[tuple[str, str | None], dict[str, Any]] = field(default_factory=dict)


def split_turns(text: str) -> list[Turn]:
    """Turns of a plain text: by speaker labels (``Name:``, ``[Name]``) where most lines have one,
    otherwise paragraphs (blank-line separated; one per line when there are no blank lines)."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    nonblank = [(a, b) for a, b in lines if text[a:b].strip()]
    if not nonblank:
        return []
    matches = [_label(text[a:b]) for a, b in nonblank]
    labelled = sum(1 for m in matches if m is not None)
    turns: list[Turn] = []
    if matches[0] is not None and labelled * 2 >= len(nonblank):
        for (a, b), m in zip(nonblank, matches, strict=True):
            if m is not None:
                turns.append(Turn(a + m[1], b, m[0]))
            else:
                turns[-1].end = b
    elif any(not text[a:b].strip() for a, b in lines[:-1]) or len(nonblank) == 1:
        block: list[tuple[int, int]] = []
        for a, b in [*lines, (len(text), len(text))]:
            if text[a:b].strip():
                block.append((a, b))
            elif block:
                turns.append(Turn(block[0][0], block[-1][1], None))
                block = []
    else:
        turns = [Turn(a, b, None) for a, b in nonblank]
    out = []
    for t in turns:
        chunk = text[t.start : t.end]
        t.start += len(chunk) - len(chunk.lstrip())
        t.end -= len(chunk) - len(chunk.rstrip())
        if t.end > t.start:
            out.append(t)
    return out


def _label(line: str) -> tuple[str, int] | None:
    m = _LABEL.match(line)
    if m is None:
        return None
    label = (m.group("b") or m.group("p") or "").strip()
    if not label or not any(ch.isalpha() for ch in label) or len(label.split()) > 4:
        return None
    return label, m.end()


def read_source_text(raw: bytes) -> tuple[SourceText, bool]:
    """Source bytes as a :class:`SourceText` (BOM noted and stripped, CRLF kept in ``raw``);
    True when bytes that are not UTF-8 were replaced."""
    replaced = False
    had_bom = raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
    else:
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="replace")
            replaced = True
    if text.startswith("\ufeff"):
        had_bom = True
        text = text.lstrip("\ufeff")
    return SourceText(text, had_bom=had_bom), replaced


def decode_source(raw: bytes) -> tuple[str, bool]:
    """Source bytes to text (BOM stripped, line endings made ``\\n``); True when bytes were replaced."""
    source, replaced = read_source_text(raw)
    return source.text, replaced


def add_note(turn: Turn, kind: str, by: str | None, text: str) -> None:
    """Add a note of ``kind`` to ``turn`` unless the same note is there."""
    note: dict[str, Any] = {"kind": kind}
    if by is not None:
        note["by"] = by
    note["text"] = text
    if note not in turn.notes:
        turn.notes.append(note)


def turn_doc(n: int, turn: Turn, text: str) -> dict[str, Any]:
    """Turn ``n`` as it is written in the transcript file."""
    out: dict[str, Any] = {"n": n, "speaker": turn.speaker, "text": text[turn.start : turn.end]}
    if turn.codes:
        out["codes"] = [
            {k: app[k] for k in ("code", "by", "quote") if k in app} for app in turn.codes
        ]
    if turn.notes:
        out["notes"] = turn.notes
    return out
