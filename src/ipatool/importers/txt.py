"""Plain-text transcripts: a speaker label at the start of each turn (``Name: text``), or
Otter's ``Name  00:13`` line above the text; preambles and footers skipped (see
:mod:`ipatool.importers.preamble`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ipatool.importers.base import DEFAULT_READ, Line, RawTranscript, ReadOptions
from ipatool.importers.encoding import read_text
from ipatool.importers.labels import segment
from ipatool.importers.preamble import cut_preamble


def read(
    path: Path, file: str, known: Iterable[str] = (), options: ReadOptions = DEFAULT_READ
) -> RawTranscript:
    """Read a .txt transcript into turns (labels, multi-line turns, timestamps dropped)."""
    text, notes = read_text(path, file)
    lines = [Line(str(i), line) for i, line in enumerate(text.split("\n"), start=1)]
    lines, stated = cut_preamble(lines, file, known, options)
    notes += stated.notes
    turns = segment(lines, known, file=file, notes=notes)
    return RawTranscript(file, turns, notes, stated.date, stated.duration_min)
