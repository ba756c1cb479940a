"""What some tables need of the transcripts beyond the cache: the turns' words and the
exploratory notes, read from the files (the cache keeps neither, and analysis does no I/O).

:func:`read_turns` reads each transcript a command needs once, for everything asked of it;
:func:`turn_texts` and :func:`turn_notes` are its two common questions on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ipatool.analysis.extracts import TurnWords
    from ipatool.read.study import Study, TurnNote

Place = tuple[str, int]
"""(transcript id, turn number)."""


@dataclass
class Turns:
    """What was read: ``None`` where it was not asked for."""

    texts: dict[Place, str] | None = None
    notes: dict[Place, tuple[TurnNote, ...]] | None = None
    words: TurnWords | None = None
    """For the workbook: each coded transcript's turns, their words and notes as text."""


def read_turns(
    study: Study, *, texts: str | None = None, notes: bool = False, words: bool = False
) -> Turns:
    """Read the transcripts once for: ``texts`` (``"coded-twice"``: the turns of transcripts
    with two or more coders; ``"every"``: of every transcript), ``notes`` (every turn's notes)
    and ``words`` (every coded transcript's turns with their notes as text, for the workbook).
    Raises ExchangeError for a transcript that cannot be read."""
    from ipatool.exchange.export import read_transcript
    from ipatool.read.study import TurnNote

    text_of: dict[Place, str] = {}
    notes_of: dict[Place, tuple[TurnNote, ...]] = {}
    words_of: dict[Place, tuple[str, tuple[str, ...]]] = {}
    for t in study.transcripts:
        want_text = texts == "every" or (
            texts == "coded-twice" and len(set(study.coders_of(t))) >= 2
        )
        want_words = words and bool(t.codings)
        if not (want_text or notes or want_words):
            continue
        for turn in read_transcript(study, t).turns:
            place = (t.id, turn.n)
            if want_text:
                text_of.setdefault(place, turn.text)
            if notes and turn.notes and place not in notes_of:
                notes_of[place] = tuple(
                    TurnNote(turn.n, turn.speaker, n.kind, n.by, n.text) for n in turn.notes
                )
            if want_words:
                shown = tuple(
                    f"{n.kind.value}{f' ({n.by})' if n.by else ''}: {n.text}" for n in turn.notes
                )
                words_of.setdefault(place, (turn.text, shown))
    return Turns(
        text_of if texts else None, notes_of if notes else None, words_of if words else None
    )


def turn_texts(study: Study, *, every: bool = False) -> dict[Place, str]:
    """(transcript id, turn number) -> text, for every transcript with two or more coders (or,
    with ``every``, for every transcript)."""
    read = read_turns(study, texts="every" if every else "coded-twice").texts
    assert read is not None
    return read


def turn_notes(study: Study) -> dict[Place, tuple[TurnNote, ...]]:
    """Every turn's exploratory notes, for the record table and ``--notes``."""
    read = read_turns(study, notes=True).notes
    assert read is not None
    return read
