"""What every transcript reader returns: a neutral list of (speaker label, text) turns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ipatool.errors import UserError


class ImportFailed(UserError):
    """An import that cannot go ahead; the message names the file (and line where known).
    Every import plans all its files before it writes one, so nothing has been written."""

    nothing_written = True


@dataclass(frozen=True)
class Line:
    """One line (or paragraph) of a source, before speaker labels are found.

    ``where`` is its position for messages (``"12"`` for line 12, ``"paragraph 4"``); ``label``
    is set when the source itself marks the speaker (a bold run, a WebVTT voice span).
    """

    where: str
    text: str
    label: str | None = None


@dataclass
class RawTurn:
    """A turn as found in the source: the speaker's label as written (None: unlabelled)."""

    label: str | None
    text: str
    where: str


@dataclass(frozen=True)
class ReadOptions:
    """How to read a source: lines to skip before the transcript starts (a preamble)."""

    skip_lines: int = 0
    start_at: str | None = None


DEFAULT_READ = ReadOptions()
"""Read the whole file."""


@dataclass
class RawTranscript:
    """A source file read into turns, plus what the reader noticed (repairs, skipped preambles).

    ``date`` and ``duration_min`` are set when the file itself states them (an Otter or Teams
    header, the last caption's end time); the command line's ``--date`` / ``--duration`` win.
    """

    file: str
    turns: list[RawTurn]
    notes: list[str] = field(default_factory=list)
    date: dt.date | None = None
    duration_min: int | None = None
