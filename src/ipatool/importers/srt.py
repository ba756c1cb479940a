"""SubRip (.srt) subtitles with ``Name:`` (or ``[Name]``) speaker prefixes.

Like WebVTT: cues in start-time order, consecutive cues of one speaker merged, formatting tags
(``<i>``, ``<font>``, ``{\\an8}``) dropped, a cue without a speaker continuing the previous one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ipatool.importers.base import ImportFailed, RawTranscript
from ipatool.importers.text import read_text
from ipatool.importers.vtt import _TIMING, Cue, blocks, cue_parts, merge_cues, seconds

_ASS_TAG = re.compile(r"\{\\[^}]*\}")


def read(path: Path, file: str, known: Iterable[str] = ()) -> RawTranscript:
    """Read a .srt file into turns."""
    text, notes = read_text(path, file)
    if not text.strip():
        raise ImportFailed(f"{file}: the file is empty")
    cues: list[Cue] = []
    for start_line, block in blocks(text.split("\n")):
        timing_at = next((i for i, line in enumerate(block) if "-->" in line), None)
        if timing_at is None:
            raise ImportFailed(f"{file}:{start_line}: a subtitle block without a '-->' timing line")
        m = _TIMING.match(block[timing_at])
        if m is None:
            raise ImportFailed(f"{file}:{start_line + timing_at}: cannot read the timing")
        payload = [_ASS_TAG.sub("", line) for line in block[timing_at + 1 :]]
        cues.append(
            Cue(seconds(m["start"]), str(start_line + timing_at), cue_parts(payload, known))
        )
    return RawTranscript(file, merge_cues(cues), notes)
