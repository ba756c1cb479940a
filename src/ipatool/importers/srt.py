"""SubRip (.srt) subtitles, with ``Name:`` (or ``[Name]``) speaker prefixes or none (Whisper).

Each subtitle is a number, a timing line and text lines up to a blank line (or the next timing
line). Formatting tags (``<i>``, ``<font>``, ``{\\an8}``) are dropped. What happens to the
subtitles next (speakers, paragraphs, length) is in :mod:`ipatool.importers.captions`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ipatool.importers.base import DEFAULT_READ, ImportFailed, RawTranscript, ReadOptions
from ipatool.importers.captions import Cue, build, drop_index_line, timing
from ipatool.importers.encoding import read_text

_ASS_TAG = re.compile(r"\{\\[^}]*\}")


def parse(lines: list[str], file: str) -> list[Cue]:
    """The subtitles of an SRT file; raises :class:`ImportFailed` on text outside a subtitle."""
    cues: list[Cue] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if "-->" not in line:
            if line.strip().isdigit() and i + 1 < len(lines) and "-->" in lines[i + 1]:
                i += 1
                continue
            raise ImportFailed(f"{file}:{i + 1}: a subtitle block without a '-->' timing line")
        start_s, end_s = timing(line, file, i + 1)
        j = i + 1
        payload: list[tuple[int, str]] = []
        while j < len(lines) and lines[j].strip() and "-->" not in lines[j]:
            payload.append((j + 1, _ASS_TAG.sub("", lines[j])))
            j += 1
        if j < len(lines) and "-->" in lines[j]:
            payload = drop_index_line(payload)
        cues.append(Cue(start_s, end_s, str(i + 1), payload))
        i = j
    return cues


def read(
    path: Path, file: str, known: Iterable[str] = (), options: ReadOptions = DEFAULT_READ
) -> RawTranscript:
    """Read a .srt file into turns."""
    text, notes = read_text(path, file)
    if not text.strip():
        raise ImportFailed(f"{file}: the file is empty")
    cues = parse(text.split("\n"), file)
    return build(cues, file, known, options, notes)
