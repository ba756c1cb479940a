"""Captions (WebVTT, SRT) into turns: speakers, rolling captions, pauses, and what was done.

Both caption readers parse their files into :class:`Cue` objects (timings and numbered text
lines) and hand them to :func:`build`, which:

- applies ``--skip-lines`` / ``--start-at`` to the caption text lines (file line numbers);
- collapses YouTube's rolling captions, where each caption repeats the last line of the one
  before and then adds new words, so every word is kept once;
- finds each caption's speaker: a ``<v Name>`` voice span or a ``Name:`` prefix at a caption
  line's start (any case, digits, several words, a bracketed role: Zoom display names);
- joins captions of one speaker in a row into one turn (a caption without a label continues the
  previous speaker, and a note says how many did);
- cuts captions without any speaker into paragraphs at pauses and sentence ends;
- reads the recording's length from the last caption's end time.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ipatool.importers.base import ImportFailed, RawTranscript, RawTurn, ReadOptions
from ipatool.importers.labels import Found, describe_not_taken, find_prefix, judge, label_key
from ipatool.importers.paragraphs import PAUSE_S, SOFT_LIMIT, Piece, paragraphs
from ipatool.importers.preamble import minutes

TIMING = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*"
    r"(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_VOICE = re.compile(r"<v(?:\.[^\s>]+)*(?:\s+(?P<name>[^>]*))?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_WORD_TIMING = re.compile(r"<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}>|<c[.>]")


@dataclass
class Cue:
    """One caption: its times, the line of its timing, and its text lines (line number, text)."""

    start: float
    end: float
    where: str
    lines: list[tuple[int, str]]
    parts: list[tuple[str | None, str]] = field(default_factory=list)


def seconds(stamp: str) -> float:
    """``01:02:03.500`` or ``02:03,5`` -> seconds."""
    total = 0.0
    for part in stamp.replace(",", ".").split(":"):
        total = total * 60 + float(part)
    return total


def timing(line: str, file: str, number: int) -> tuple[float, float]:
    """The start and end of a timing line; raises :class:`ImportFailed` naming the line."""
    m = TIMING.match(line)
    if m is None:
        raise ImportFailed(f"{file}:{number}: cannot read the caption timing")
    return seconds(m["start"]), seconds(m["end"])


def tidy(text: str) -> str:
    """Inline tags (``<i>``, ``<c>``, ``<00:00:01.234>``) removed, entities decoded, spaces
    collapsed."""
    text = html.unescape(_TAG.sub("", text))
    text = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    return " ".join(text.split())


def drop_index_line(payload: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A cue ended by the next timing line may have swallowed the next cue's number: drop it."""
    if len(payload) >= 2 and payload[-1][1].strip().isdigit():
        return payload[:-1]
    return payload


def _apply_options(cues: list[Cue], options: ReadOptions, file: str) -> list[str]:
    """Drop caption text lines before the start the user gave; a note of how many."""
    numbers = sorted(n for cue in cues for n, _ in cue.lines)
    first = options.skip_lines + 1
    if options.start_at:
        wanted = options.start_at.casefold()
        found = next(
            (
                n
                for cue in cues
                for n, t in cue.lines
                if n >= first and wanted in tidy(t).casefold()
            ),
            None,
        )
        if found is None:
            raise ImportFailed(
                f"{file}: no caption line contains the --start-at text {options.start_at!r}"
            )
        first = found
    dropped = sum(1 for n in numbers if n < first)
    if dropped == len(numbers):
        raise ImportFailed(f"{file}: --skip-lines {options.skip_lines} skips every caption")
    for cue in cues:
        cue.lines = [(n, t) for n, t in cue.lines if n >= first]
    if not dropped:
        return []
    return [
        f"{file}: lines 1-{first - 1} skipped ({dropped} caption line(s)): before the start "
        "given with --skip-lines / --start-at; their text is not imported"
    ]


def collapse_rolling(cues: list[Cue], file: str) -> list[str]:
    """YouTube's rolling captions: a caption whose first line repeats the previous caption's
    last line loses that line. Done only when the file is made that way."""
    texts = [[tidy(t) for _, t in cue.lines] for cue in cues]
    texts = [[t for t in lines if t] for lines in texts]
    pairs = list(itertools.pairwise([lines for lines in texts if lines]))
    repeats = sum(1 for a, b in pairs if b[0] == a[-1])
    word_timing = any(_WORD_TIMING.search(t) for cue in cues for _, t in cue.lines)
    if not (repeats >= 2 and 2 * repeats >= len(pairs)) and not (word_timing and repeats):
        return []
    dropped = 0
    previous: list[str] = []
    for cue, lines in zip(cues, texts, strict=True):
        kept = [(n, t) for n, t in cue.lines if tidy(t)]
        if lines and previous and lines[0] == previous[-1]:
            kept = kept[1:]
            dropped += 1
        cue.lines = kept
        if lines:
            previous = lines
    return [
        f"{file}: rolling captions (each repeating the line before): {dropped} repeated "
        "line(s) dropped so that each word is kept once"
    ]


def cue_parts(
    cue: Cue, known: set[str], kept: list[tuple[str, Found]]
) -> list[tuple[str | None, str]]:
    """Split a cue's lines into (speaker label, text) parts by voice spans or ``Name:`` prefixes;
    label-like prefixes not taken go to ``kept``."""
    text = "\n".join(t for _, t in cue.lines)
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
    for number, line in cue.lines:
        body = tidy(line)
        if not body:
            continue
        prefix = find_prefix(body)
        found = judge(prefix, known, cue=True) if prefix is not None else None
        if found is not None and found.taken:
            parts.append((found.label, found.rest))
            continue
        if found is not None:
            kept.append((str(number), found))
        if parts:
            label, previous = parts[-1]
            parts[-1] = (label, f"{previous} {body}".strip())
        else:
            parts.append((None, body))
    return [(label, body) for label, body in parts if body]


def merge(cues: list[Cue], file: str) -> tuple[list[RawTurn], list[str]]:
    """Order cues by start time; consecutive parts of one speaker become one turn, and parts
    before any speaker become paragraphs (cut at pauses and sentence ends)."""
    turns: list[RawTurn] = []
    label: str | None = None
    pending: list[Piece] = []
    last_end: float | None = None
    continued: list[str] = []
    for cue in sorted(cues, key=lambda c: c.start):
        for part_label, body in cue.parts:
            if part_label is None and label is None:
                pause = last_end is not None and cue.start - last_end >= PAUSE_S
                pending.append(Piece(body, cue.where, pause_before=pause))
                continue
            if pending:
                turns += [RawTurn(None, t, w) for t, w in paragraphs(pending, soft=SOFT_LIMIT)]
                pending = []
            if part_label is None:
                continued.append(cue.where)
            speaker = part_label if part_label is not None else label
            if turns and turns[-1].label == speaker:
                turns[-1].text += " " + body
            else:
                turns.append(RawTurn(speaker, body, cue.where))
            label = speaker
        if cue.parts:
            last_end = cue.end if last_end is None else max(last_end, cue.end)
    turns += [RawTurn(None, t, w) for t, w in paragraphs(pending, soft=SOFT_LIMIT)]
    notes = []
    if continued:
        with_text = sum(1 for cue in cues if cue.parts)
        notes.append(
            f"{file}: {len(set(continued))} of {with_text} captions have no speaker label and "
            f"were joined to the previous speaker's turn (first at line {continued[0]})"
        )
    return turns, notes


def build(
    cues: list[Cue], file: str, known: Iterable[str], options: ReadOptions, notes: list[str]
) -> RawTranscript:
    """Turn parsed cues into a :class:`RawTranscript` (see the module's description)."""
    ends = [cue.end for cue in cues]
    if options.skip_lines or options.start_at:
        notes += _apply_options(cues, options, file)
    notes += collapse_rolling(cues, file)
    known_keys = set(known)
    kept: list[tuple[str, Found]] = []
    for cue in cues:  # a label taken once is a label everywhere in the file
        cue.parts = cue_parts(cue, known_keys, kept)
    taken = {label_key(label) for cue in cues for label, _ in cue.parts if label is not None}
    if taken - known_keys:
        kept = []
        for cue in cues:
            cue.parts = cue_parts(cue, known_keys | taken, kept)
    notes += describe_not_taken(file, kept)
    turns, merge_notes = merge(cues, file)
    notes += merge_notes
    duration = minutes(0, 0, round(max(ends))) if ends and max(ends) > 0 else None
    return RawTranscript(file, turns, notes, duration_min=duration)
