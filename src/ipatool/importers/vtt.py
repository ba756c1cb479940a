"""WebVTT captions (Teams, Zoom, YouTube): ``<v Name>`` voice spans or ``Name:`` prefixes.

Cues are put in order of start time (overlapping cues stay in that order), and consecutive cues
of one speaker become one turn. Cue settings, inline tags (``<i>``, ``<c.x>``, timestamps) and
NOTE, STYLE and REGION blocks are dropped; a cue without a speaker continues the previous one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ipatool.importers.base import ImportFailed, RawTranscript, RawTurn
from ipatool.importers.labels import split_label
from ipatool.importers.text import read_text

_TIMING = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*"
    r"(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_VOICE = re.compile(r"<v(?:\.[^\s>]+)*(?:\s+(?P<name>[^>]*))?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SKIP_BLOCKS = ("NOTE", "STYLE", "REGION")


@dataclass
class Cue:
    """One caption: when it starts, where it is in the file, and its (speaker, text) parts."""

    start: float
    where: str
    parts: list[tuple[str | None, str]]


def seconds(stamp: str) -> float:
    """``01:02:03.500`` or ``02:03,5`` -> seconds."""
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def tidy(text: str) -> str:
    """Inline tags removed, entities decoded, whitespace collapsed."""
    text = html.unescape(_TAG.sub("", text))
    text = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    return " ".join(text.split())


def cue_parts(payload: list[str], known: Iterable[str]) -> list[tuple[str | None, str]]:
    """Split a cue's lines into (speaker label, text) parts by voice spans or ``Name:`` prefixes."""
    text = "\n".join(payload)
    parts: list[tuple[str | None, str]] = []
    voices = list(_VOICE.finditer(text))
    if voices:
        before = tidy(text[: voices[0].start()])
        if before:
            parts.append((None, before))
        for i, m in enumerate(voices):
            end = voices[i + 1].start() if i + 1 < len(voices) else len(text)
            body = tidy(text[m.end() : end])
            name = " ".join((m["name"] or "").split()) or None
            if body:
                parts.append((name, body))
        return parts
    for line in payload:
        body = tidy(line)
        if not body:
            continue
        found = split_label(body, known)
        if found is not None:
            parts.append((found[0], found[1]))
        elif parts:
            label, previous = parts[-1]
            parts[-1] = (label, f"{previous} {body}".strip())
        else:
            parts.append((None, body))
    return [(label, body) for label, body in parts if body]


def merge_cues(cues: list[Cue]) -> list[RawTurn]:
    """Order cues by start time; consecutive parts of one speaker become one turn."""
    turns: list[RawTurn] = []
    label: str | None = None
    for cue in sorted(cues, key=lambda c: c.start):
        for part_label, body in cue.parts:
            speaker = part_label if part_label is not None else label
            if (turns and speaker is not None and turns[-1].label == speaker) or (
                turns and speaker is None and turns[-1].label is None
            ):
                turns[-1].text += " " + body
            else:
                turns.append(RawTurn(speaker, body, cue.where))
            label = speaker
    return turns


def read(path: Path, file: str, known: Iterable[str] = ()) -> RawTranscript:
    """Read a .vtt file into turns."""
    text, notes = read_text(path, file)
    lines = text.split("\n")
    if not lines or not lines[0].startswith("WEBVTT"):
        if not text.strip():
            raise ImportFailed(f"{file}: the file is empty")
        raise ImportFailed(f"{file}:1: not a WebVTT file (the first line must be 'WEBVTT')")
    cues: list[Cue] = []
    for start_line, block in blocks(lines[1:], offset=2):
        if block[0].startswith(_SKIP_BLOCKS):
            continue
        timing_at = next((i for i, line in enumerate(block) if "-->" in line), None)
        if timing_at is None:
            continue  # the rest of the header, or a stray block
        m = _TIMING.match(block[timing_at])
        if m is None:
            raise ImportFailed(f"{file}:{start_line + timing_at}: cannot read the cue timing")
        where = str(start_line + timing_at)
        cues.append(Cue(seconds(m["start"]), where, cue_parts(block[timing_at + 1 :], known)))
    return RawTranscript(file, merge_cues(cues), notes)


def blocks(lines: list[str], offset: int = 1) -> list[tuple[int, list[str]]]:
    """Blocks of non-blank lines, each with the 1-based number of its first line."""
    out: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for i, line in enumerate(lines):
        if line.strip():
            if not current:
                first = i + offset
            current.append(line)
        elif current:
            out.append((first, current))
            current = []
    if current:
        out.append((first, current))
    return out
