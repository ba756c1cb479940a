"""WebVTT captions (Teams, Zoom, YouTube): ``<v Name>`` voice spans or ``Name:`` prefixes.

The file is read as the WebVTT specification has it: the header runs to the first blank line;
NOTE, STYLE and REGION blocks are skipped; a cue is an optional identifier, a timing line, and
text lines up to a blank line *or* a line holding ``-->`` (YouTube's automatic captions put the
next timing line straight after the text). Cue settings and inline tags (``<i>``, ``<c>``,
``<00:00:01.234>``) are dropped. What happens to the cues next is in
:mod:`ipatool.importers.captions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ipatool.importers.base import DEFAULT_READ, ImportFailed, RawTranscript, ReadOptions
from ipatool.importers.captions import Cue, build, drop_index_line, timing
from ipatool.importers.encoding import read_text

_SKIP_BLOCKS = ("NOTE", "STYLE", "REGION")


def _skip_block(lines: list[str], i: int) -> int:
    """The index after the block (up to a blank line) starting at ``i``."""
    while i < len(lines) and lines[i].strip():
        i += 1
    return i


def parse(lines: list[str], file: str) -> tuple[list[Cue], list[str]]:
    """The cues of a WebVTT file (``lines`` from its first line), and notes on text outside
    any cue."""
    cues: list[Cue] = []
    stray: list[int] = []
    i = 1  # the WEBVTT line, then the rest of the header (up to a blank or a timing line)
    while i < len(lines) and lines[i].strip() and "-->" not in lines[i]:
        i += 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if "-->" not in line:
            if line.startswith(_SKIP_BLOCKS) and (
                len(line) == len(line.split()[0]) or line[len(line.split()[0])] in " \t"
            ):
                i = _skip_block(lines, i)
            elif i + 1 < len(lines) and "-->" in lines[i + 1]:
                i += 1  # a cue identifier
            else:
                start = i
                while i < len(lines) and lines[i].strip() and "-->" not in lines[i]:
                    i += 1
                stray.append(start + 1)
            continue
        start_s, end_s = timing(line, file, i + 1)
        j = i + 1
        payload: list[tuple[int, str]] = []
        while j < len(lines) and lines[j].strip() and "-->" not in lines[j]:
            payload.append((j + 1, lines[j]))
            j += 1
        if j < len(lines) and "-->" in lines[j]:
            payload = drop_index_line(payload)
        cues.append(Cue(start_s, end_s, str(i + 1), payload))
        i = j
    notes = []
    if stray:
        notes.append(
            f"{file}:{stray[0]}: {len(stray)} block(s) of text outside any caption ignored "
            "(no timing line; first here)"
        )
    return cues, notes


def read(
    path: Path, file: str, known: Iterable[str] = (), options: ReadOptions = DEFAULT_READ
) -> RawTranscript:
    """Read a .vtt file into turns."""
    text, notes = read_text(path, file)
    lines = text.split("\n")
    if not lines[0].startswith("WEBVTT"):
        if not text.strip():
            raise ImportFailed(f"{file}: the file is empty")
        raise ImportFailed(f"{file}:1: not a WebVTT file (the first line must be 'WEBVTT')")
    cues, parse_notes = parse(lines, file)
    if not cues:
        raise ImportFailed(f"{file}: the file has no captions (no '-->' timing lines)")
    return build(cues, file, known, options, notes + parse_notes)
