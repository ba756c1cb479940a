"""Each participant's analytic record (the IPA "paper trail"): their turns that carry codes or
exploratory notes, with the turn's words, its codes, and its notes grouped by kind with their
authors; and how many notes of each kind every participant has.

Every coding and every note is shown, whoever applied it (the record is the working file an
examiner asks to see, not a table of counts, so ``rules.count_codings`` does not filter it).
The turns' words are not in the digests: the caller reads them (``Options.turn_texts``), as
``ipatool render --table record`` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipatool.analysis.grid import Column, Context, Grid, Omitted, Row, Source, fields_to_json
from ipatool.read.models import NoteKind

KINDS: tuple[NoteKind, ...] = (NoteKind.DESCRIPTIVE, NoteKind.LINGUISTIC, NoteKind.CONCEPTUAL)
"""The kinds of exploratory note, in the order IPA makes them."""


@dataclass(frozen=True, slots=True)
class RecordNote:
    """An exploratory note and who wrote it (None: not said)."""

    kind: str
    by: str | None
    text: str


@dataclass(frozen=True, slots=True)
class RecordCode:
    """A code on a turn: its id, label and who applied it (None: every coder of the transcript)."""

    id: str
    label: str
    by: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class RecordTurn:
    """One turn of the record: where it is, its words, its codes and its notes (by kind)."""

    source: str
    source_label: str
    turn: int
    words: str
    codes: tuple[RecordCode, ...]
    notes: tuple[RecordNote, ...]


@dataclass(frozen=True, slots=True)
class NoteCounts:
    """How many notes of each kind a participant has, and in all."""

    participant: str
    descriptive: int
    linguistic: int
    conceptual: int
    total: int


@dataclass(frozen=True, slots=True)
class ParticipantRecord:
    participant: str
    counts: NoteCounts
    turns: tuple[RecordTurn, ...]


@dataclass(frozen=True, slots=True)
class RecordTable:
    """Every participant's analytic record, in column order (first source, then file order)."""

    name: str
    title: str
    participants: tuple[ParticipantRecord, ...]
    counts: tuple[NoteCounts, ...]
    notes: tuple[str, ...]

    to_json = fields_to_json

    def grid(self) -> Grid:
        cols = (
            Column("Turn", "right"),
            Column("Words"),
            Column("Codes"),
            *(Column(f"{k.value.capitalize()} notes") for k in KINDS),
        )
        rows: list[Row] = []
        pad = ("",) * (len(cols) - 1)
        for p in self.participants:
            rows.append(Row((f"{p.participant}: {counts_phrase(p.counts)}", *pad), "group"))
            source = None
            for t in p.turns:
                if t.source != source:
                    source = t.source
                    rows.append(Row((t.source_label, *pad), "group", 1))
                codes = "\n".join(_code_cell(c) for c in t.codes) or "–"
                by_kind = [
                    "\n".join(_note_cell(n) for n in t.notes if n.kind == k.value) or "–"
                    for k in KINDS
                ]
                rows.append(Row((str(t.turn), t.words, codes, *by_kind)))
        return Grid(self.name, self.title, cols, tuple(rows), self.notes, wide=True)


def counts_phrase(c: NoteCounts) -> str:
    """``2 descriptive, 1 linguistic and 3 conceptual notes`` (``no exploratory notes``)."""
    if not c.total:
        return "no exploratory notes"
    parts = f"{c.descriptive} descriptive, {c.linguistic} linguistic and {c.conceptual} conceptual"
    return f"{parts} note{'' if c.total == 1 else 's'}"


def _code_cell(c: RecordCode) -> str:
    return c.label if c.by is None else f"{c.label} ({', '.join(c.by)})"


def _note_cell(n: RecordNote) -> str:
    return n.text if n.by is None else f"{n.text} ({n.by})"


def _turns(ctx: Context, src: Source, pid: str) -> list[RecordTurn]:
    """The participant's turns in one source that carry a code or a note, in file order."""
    texts = ctx.options.turn_texts or {}
    places = ctx.study.code_places()
    t = src.transcript
    codes: dict[int, list[RecordCode]] = {}
    for c in t.codings:
        if c.speaker == pid:
            place = places.get(c.code)
            label = place.code.title if place is not None else c.code
            codes.setdefault(c.turn, []).append(RecordCode(c.code, label, c.by))
    read = ctx.options.turn_notes or {}
    notes: dict[int, list[RecordNote]] = {}
    for turn in t.turns:
        if turn.speaker == pid:
            for n in read.get((t.id, turn.n), ()):
                notes.setdefault(turn.n, []).append(RecordNote(n.kind.value, n.by, n.text))
    out: list[RecordTurn] = []
    seen: set[int] = set()
    for turn in t.turns:
        if turn.speaker != pid or turn.n in seen or (turn.n not in codes and turn.n not in notes):
            continue
        seen.add(turn.n)
        mine = notes.get(turn.n, [])
        grouped = tuple(n for k in KINDS for n in mine if n.kind == k.value)
        words = texts.get((t.id, turn.n), "")
        out.append(
            RecordTurn(src.id, src.label, turn.n, words, tuple(codes.get(turn.n, ())), grouped)
        )
    return out


def _count(pid: str, turns: list[RecordTurn]) -> NoteCounts:
    kinds = [n.kind for t in turns for n in t.notes]
    d, ling, c = (kinds.count(k.value) for k in KINDS)
    return NoteCounts(pid, d, ling, c, len(kinds))


def build_record(ctx: Context) -> RecordTable | Omitted:
    """Each participant's record, participants in column order, their sources in table order."""
    if ctx.options.turn_texts is None or ctx.options.turn_notes is None:
        return Omitted(
            "record",
            "the turns' words and notes were not read (the caller passes Options.turn_texts "
            "and Options.turn_notes).",
        )
    order = list(dict.fromkeys(pid for _src, pid in ctx.columns))
    people: list[ParticipantRecord] = []
    for pid in order:
        turns = [t for src in ctx.sources if pid in src.participants for t in _turns(ctx, src, pid)]
        people.append(ParticipantRecord(pid, _count(pid, turns), tuple(turns)))
    notes = (
        "Each participant's turns that carry a code or an exploratory note, with the turn's "
        "words, its codes (with the coders who applied them, when the transcript says) and its "
        "notes by kind (with their author), as the transcripts record them: every coding is "
        "shown, whether or not it counts in the other tables.",
    )
    return RecordTable(
        "record",
        "Analytic Record of Each Participant",
        tuple(people),
        tuple(p.counts for p in people),
        notes,
    )
