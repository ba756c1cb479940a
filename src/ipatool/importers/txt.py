"""Plain-text transcripts: one speaker label at the start of each turn (``Name: text``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ipatool.importers.base import Line, RawTranscript
from ipatool.importers.labels import segment
from ipatool.importers.text import read_text


def read(path: Path, file: str, known: Iterable[str] = ()) -> RawTranscript:
    """Read a .txt transcript into turns (labels, multi-line turns, timestamps dropped)."""
    text, notes = read_text(path, file)
    lines = [Line(str(i), line) for i, line in enumerate(text.split("\n"), start=1)]
    return RawTranscript(file, segment(lines, known), notes)
