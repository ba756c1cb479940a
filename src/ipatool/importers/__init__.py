"""Importers: raw transcripts (txt, docx, WebVTT, SRT) and demographics (csv, xlsx) into a study.

Each transcript reader returns a neutral :class:`RawTranscript` (speaker label, text) turns; the
speaker map turns labels into pseudonym ids; :mod:`ipatool.importers.transcript` writes the
transcript file. Readers live in a registry keyed by file suffix.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path

from ipatool.importers.base import (
    DEFAULT_READ,
    ImportFailed,
    Line,
    RawTranscript,
    RawTurn,
    ReadOptions,
)

READERS: dict[str, str] = {
    ".txt": "ipatool.importers.txt",
    ".docx": "ipatool.importers.docx",
    ".vtt": "ipatool.importers.vtt",
    ".srt": "ipatool.importers.srt",
}
"""Transcript readers by file suffix (modules with ``read(path, file, known, options)``)."""

__all__ = [
    "READERS",
    "ImportFailed",
    "Line",
    "RawTranscript",
    "RawTurn",
    "ReadOptions",
    "read_transcript",
]


def read_transcript(
    path: Path, file: str, known: Iterable[str] = (), options: ReadOptions = DEFAULT_READ
) -> RawTranscript:
    """Read a raw transcript into labelled turns; raises :class:`ImportFailed` on bad input."""
    module_name = READERS.get(path.suffix.lower())
    if module_name is None:
        kinds = ", ".join(sorted(READERS))
        raise ImportFailed(f"{file}: cannot import '{path.suffix or 'no suffix'}' files ({kinds})")
    if not path.is_file():
        raise ImportFailed(f"{file}: no such file")
    if path.stat().st_size == 0:
        raise ImportFailed(f"{file}: the file is empty")
    module = importlib.import_module(module_name)
    raw: RawTranscript = module.read(path, file, known, options)
    if not raw.turns:
        raise ImportFailed(f"{file}: the file has no text to import")
    return raw
