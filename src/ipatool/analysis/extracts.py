"""Every coded extract of the study, one row per coding: the sheet co-authors filter and sort in
a spreadsheet (the ``Extracts`` sheet of ``render --format xlsx``).

The words of each turn and its exploratory notes are not in the loaded study (it keeps what the
tables need): the caller reads them from the transcripts and passes them in as :data:`TurnWords`;
without them those two columns are empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ipatool.analysis.grid import Column, Context, Grid, Row, fields_to_json

TurnWords = Mapping[tuple[str, int], tuple[str, tuple[str, ...]]]
"""(transcript id, turn number) -> the turn's words, and its notes (``kind (by): text``)."""

COLUMNS = (
    "Transcript",
    "Turn",
    "Speaker",
    "Source",
    "Code",
    "Subtheme",
    "Theme",
    "Coders",
    "Exemplar",
    "Quote",
    "Turn's words",
    "Notes",
)


@dataclass(frozen=True, slots=True)
class Extract:
    """One coding of a turn, with where its code sits in the theme hierarchy."""

    transcript: str
    turn: int
    speaker: str
    source: str
    code: str
    subtheme: str
    theme: str
    coders: tuple[str, ...]
    exemplar: bool
    quote: str
    words: str
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Extracts:
    """Every coding of every transcript, sources in table order, codings in file order."""

    rows: tuple[Extract, ...]
    name: str = "extracts"
    title: str = "Coded Extracts"

    to_json = fields_to_json

    def grid(self) -> Grid:
        rows = tuple(
            Row(
                (
                    e.transcript,
                    str(e.turn),
                    e.speaker,
                    e.source,
                    e.code,
                    e.subtheme,
                    e.theme,
                    ", ".join(e.coders),
                    "yes" if e.exemplar else "no",
                    e.quote,
                    e.words,
                    "\n".join(e.notes),
                )
            )
            for e in self.rows
        )
        cols = tuple(Column(c, "right" if c == "Turn" else "left") for c in COLUMNS)
        notes = (
            "One row per coding. Coders: the coding's by, else every coder of the transcript. "
            "A code outside themes.yaml has no subtheme or theme.",
        )
        return Grid(self.name, self.title, cols, rows, notes)


def build_extracts(ctx: Context, words: TurnWords | None = None) -> Extracts:
    """Every coding of the study as an :class:`Extract` (``words``: see :data:`TurnWords`)."""
    places = ctx.study.code_places()
    turns = words or {}
    out: list[Extract] = []
    for src in ctx.sources:
        t = src.transcript
        every = t.coded_by or ()
        for c in t.codings:
            place = places.get(c.code)
            text, notes = turns.get((t.id, c.turn), ("", ()))
            out.append(
                Extract(
                    t.id,
                    c.turn,
                    c.speaker,
                    src.label,
                    c.code,
                    place.subtheme.label if place else "",
                    place.theme.label if place else "",
                    c.by if c.by is not None else every,
                    c.exemplar,
                    c.extract,
                    text,
                    notes,
                )
            )
    return Extracts(tuple(out))
