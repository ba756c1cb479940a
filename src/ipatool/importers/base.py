"""What every transcript reader returns: a neutral list of (speaker label, text) turns."""

from __future__ import annotations

from dataclasses import dataclass, field


class ImportFailed(Exception):
    """An import that cannot go ahead; the message names the file (and line where known)."""


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


@dataclass
class RawTranscript:
    """A source file read into turns, plus what the reader noticed (repairs, skipped tables)."""

    file: str
    turns: list[RawTurn]
    notes: list[str] = field(default_factory=list)
