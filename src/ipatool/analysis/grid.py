"""Shared shapes of table data: the grid every format can draw, and the analysis context.

Each table is computed once, as data (a frozen dataclass with ``to_json()``), then drawn by a
template per format. Every table also gives a :class:`Grid` (caption, columns, rows, notes), the
format-neutral layout that the CSV and DOCX writers and the generic templates draw.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Literal, Protocol

from ipatool.analysis.audit import AuditCommit
from ipatool.files import CONFIG
from ipatool.read.models import DemographicField, Participant, StudyConfig, TranscriptKind
from ipatool.read.study import Coding, Study, TranscriptDigest, TurnNote

MARK = "✓"
"""The recurrence mark where a participant evidences a theme."""


def fields_to_json(self: Any) -> dict[str, Any]:
    """The ``to_json`` of table data whose JSON is just its fields, converted by
    :func:`to_jsonable` (a class says ``to_json = fields_to_json``). The JSON writer knows this
    function and converts such tables lazily, a part at a time, instead of calling it."""
    return to_jsonable(self)  # type: ignore[no-any-return]


Align = Literal["left", "right", "center"]
RowKind = Literal["body", "strong", "group", "total"]


@dataclass(frozen=True, slots=True)
class Column:
    """A column heading; ``align`` is ``right`` for numbers, ``center`` for marks."""

    label: str
    align: Align = "left"


@dataclass(slots=True)
class Row:
    """A row: ``body``; ``strong`` (a theme's own row, drawn bold); ``group`` (a heading whose
    text is in the first cell, spanning the table); or ``total`` (the whole sample). ``indent``
    is the nesting level of the first cell (a subtheme under its theme is 1). Not frozen, as
    :class:`~ipatool.analysis.quoting.Extract` is not: a frozen dataclass sets each field
    through ``object.__setattr__``, and the quote bank and personal themes lay out a row per
    quote (0.43 against 0.13 µs a row); nothing changes a row once it is made."""

    cells: tuple[str, ...]
    kind: RowKind = "body"
    indent: int = 0


@dataclass(frozen=True, slots=True)
class ColumnGroup:
    """A heading spanning ``span`` consecutive columns (participants grouped by source)."""

    label: str
    span: int


@dataclass(frozen=True, slots=True)
class Grid:
    """A table laid out for drawing. Cells are text; a ``\\n`` in a cell separates lines."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()
    column_groups: tuple[ColumnGroup, ...] = ()
    wide: bool = False

    to_json = fields_to_json


@dataclass(frozen=True, slots=True)
class Omitted:
    """A table left out of the output, and why (``agreement`` when nothing is double-coded)."""

    name: str
    reason: str


class TableData(Protocol):
    """What every table builder returns."""

    @property
    def name(self) -> str: ...

    def to_json(self) -> dict[str, Any]: ...

    def grid(self) -> Grid: ...


_JSON_SCALARS: frozenset[type] = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
"""The field names of each dataclass converted so far, in order."""


def to_jsonable(value: Any) -> Any:
    """Dataclasses to dicts (field order kept), tuples to lists, enums to their values."""
    if type(value) in _JSON_SCALARS:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: to_jsonable(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    return value


NOT_IN_JSON = {"json": False}
"""The metadata of a table field that only shapes its drawing (a heading's wording), left out of
the JSON output: ``field(default=..., metadata=NOT_IN_JSON)``."""


def json_field_names(kind: type) -> tuple[str, ...]:
    """The names of a dataclass's fields written to JSON, in order (all but those marked
    :data:`NOT_IN_JSON`)."""
    return tuple(f.name for f in dataclasses.fields(kind) if f.metadata.get("json", True))


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = json_field_names(kind)
    return names


@dataclass(frozen=True, slots=True)
class Options:
    """Choices that are not study settings (``--codes``), and what the caller read for a table
    that needs more than the loaded study (the turn texts of double-coded transcripts, for the
    disagreements table; the commits of the study, for the history table)."""

    codes: bool = False
    notes: bool = False
    """Show each quote's conceptual notes in the quote bank and the personal themes (``--notes``)."""
    turn_texts: Mapping[tuple[str, int], str] | None = field(
        default=None, compare=False, hash=False
    )
    turn_notes: Mapping[tuple[str, int], tuple[TurnNote, ...]] | None = field(
        default=None, compare=False, hash=False
    )
    """(transcript id, turn) -> the turn's exploratory notes, in file order, read by the caller
    for the record table and ``--notes`` (None: not read; the cache keeps no notes)."""
    history: tuple[AuditCommit, ...] | None = field(default=None, compare=False, hash=False)
    """The study's commits, read from git by the caller, for the history table (None: not read)."""


@dataclass(slots=True)
class Quote:
    """An extract evidencing a subtheme (codes on the same extract are merged). Not frozen, as
    :class:`Row` is not: a study of a thousand transcripts makes one per coding."""

    participant: str
    source: str
    source_label: str
    turn: int
    text: str
    exemplar: bool
    codes: tuple[str, ...]
    whole_turn: bool = False
    """No ``quote``: the extract is the whole turn."""


@dataclass(slots=True)
class SubthemeCodings:
    """The codings that count for one subtheme (on participants' turns), in study order, merged
    as they come into quotes: codings with the same key are one quote, with the codes of all.

    :func:`make_context` keys each participant's quotes: one participant's codings on one extract
    (source, turn and text) share a quote number. Tables read every coding's column at C speed."""

    quotes: dict[Hashable, Quote] = field(default_factory=dict)
    """Key -> quote, in order of first use."""
    places: list[tuple[int, int]] = field(default_factory=list)
    """(source index, turn) of each quote, in the same order."""
    keys: list[Hashable] = field(default_factory=list)
    """Each coding's quote key."""
    codes: list[str] = field(default_factory=list)
    """Each coding's code id."""
    sources: list[int] = field(default_factory=list)
    """Each coding's source index."""
    codings: list[Coding] = field(default_factory=list)
    """Each coding (its ``speaker`` is the participant)."""

    def add(
        self, key: Hashable, source: int, ids: tuple[str, str], coding: Coding, codes: tuple[str]
    ) -> None:
        """Add a coding of the source with this index (``ids``: the source's id and label);
        ``codes`` is its code as a new quote's codes (one tuple per code, shared)."""
        code = codes[0]
        self.keys.append(key)
        self.codes.append(code)
        self.sources.append(source)
        self.codings.append(coding)
        old = self.quotes.get(key)
        if old is None:
            self.quotes[key] = Quote(
                coding.speaker,
                *ids,
                coding.turn,
                coding.extract,
                coding.exemplar,
                codes,
                coding.quote is None,
            )
            self.places.append((source, coding.turn))
            return
        new_code = code not in old.codes
        exemplar = old.exemplar or coding.exemplar
        if new_code or exemplar != old.exemplar:
            self.quotes[key] = Quote(
                old.participant,
                old.source,
                old.source_label,
                old.turn,
                old.text,
                exemplar,
                (*old.codes, code) if new_code else old.codes,
                old.whole_turn,
            )


@dataclass(frozen=True, slots=True)
class Source:
    """A transcript in table order, with its display label and its participants."""

    index: int
    transcript: TranscriptDigest
    label: str
    participants: tuple[str, ...]
    short_label: str

    @property
    def id(self) -> str:
        return self.transcript.id

    @property
    def title(self) -> str:
        return self.transcript.display_title


@dataclass
class Context:
    """Everything table builders share, computed once per render."""

    study: Study
    config: StudyConfig
    options: Options
    sources: list[Source]
    participants: list[Participant]
    columns: list[tuple[Source, str]] = field(default_factory=list)
    source_labels: dict[str, str] = field(default_factory=dict)
    """Source id -> label, filled with the sources."""
    by_subtheme: dict[tuple[str, str], SubthemeCodings] = field(default_factory=dict)
    """The codings that count, grouped once by (theme id, subtheme id): every other grouping (by
    theme, code or participant) is a union of these groups."""
    one_voice: bool = False
    """True when no extract (source, turn, text) is quoted from two participants, so that each
    participant's quote is also one of the quote bank (always, unless a transcript repeats a turn
    number)."""
    memo: dict[str, object] = field(default_factory=dict)
    """Results that several tables share (the quote bank), computed by the first that asks."""

    def __post_init__(self) -> None:
        self.source_labels = {s.id: s.label for s in self.sources}

    @property
    def fields(self) -> list[DemographicField]:
        return list(self.config.fields)


def source_label(t: TranscriptDigest, ordinal: int) -> str:
    """The transcript's ``title``, or ``One-to-one interview 1`` / ``Focus group 1 (4 participants)``."""
    if t.title:
        return t.title
    if t.kind is TranscriptKind.INTERVIEW:
        return f"One-to-one interview {ordinal}"
    n = len(dict.fromkeys(t.participant_ids))
    return f"Focus group {ordinal} ({n} participant{'' if n == 1 else 's'})"


def ordered_sources(study: Study) -> list[Source]:
    """Transcripts in table order: interviews first, then focus groups, each in file order."""
    out: list[Source] = []
    for kind in (TranscriptKind.INTERVIEW, TranscriptKind.FOCUS_GROUP):
        of_kind = [t for t in study.transcripts if t.kind is kind]
        for ordinal, t in enumerate(of_kind, start=1):
            pids = tuple(dict.fromkeys(t.participant_ids))
            short = t.title or (
                f"Interview {ordinal}"
                if kind is TranscriptKind.INTERVIEW
                else f"Focus group {ordinal}"
            )
            out.append(Source(len(out), t, source_label(t, ordinal), pids, short))
    return out


_TURN_AND_TEXT = itemgetter(0, 1)


def make_context(study: Study, options: Options | None = None) -> Context:
    """The shared context of a loaded study (its ``config`` must have loaded)."""
    if study.config is None:
        raise ValueError(f"the study settings ({CONFIG}) did not load")
    sources = ordered_sources(study)
    places = study.code_places()
    labels = {s.id: s.label for s in sources}
    groups: dict[tuple[str, str], SubthemeCodings] = {}
    # By id() of a code place: its subtheme's group, and its code as a quote's codes.
    group_of: dict[int, tuple[SubthemeCodings, tuple[str]]] = {}
    one_voice = True
    quotes = 0
    for src in sources:
        t = src.transcript
        members = set(src.participants)
        ids = (src.id, labels[src.id])
        # Whether a coding counts depends only on its transcript and ``by``: ask once per ``by``.
        counted: dict[tuple[str, ...] | None, bool] = {}
        numbers: dict[tuple[int, str, str], int] = {}
        for c in t.codings:
            place = places.get(c.code)
            if place is None or c.speaker not in members:
                continue
            counts = counted.get(c.by)
            if counts is None:
                counts = counted[c.by] = study.counts(t, c)
            if counts:
                target = group_of.get(id(place))
                if target is None:
                    group = groups.setdefault(
                        (place.theme.id, place.subtheme.id), SubthemeCodings()
                    )
                    target = group_of[id(place)] = (group, (place.code.id,))
                group, code = target
                quote = numbers.setdefault((c.turn, c.extract, c.speaker), quotes + len(numbers))
                group.add(quote, src.index, ids, c, code)
        quotes += len(numbers)
        one_voice = one_voice and len(numbers) == len(set(map(_TURN_AND_TEXT, numbers)))
    columns: list[tuple[Source, str]] = []
    seen: set[str] = set()
    for src in sources:
        for pid in src.participants:
            if pid not in seen:
                seen.add(pid)
                columns.append((src, pid))
    return Context(
        study=study,
        config=study.config,
        options=options or Options(),
        sources=sources,
        participants=list(study.participants),
        columns=columns,
        by_subtheme=groups,
        one_voice=one_voice,
    )


Builder = Callable[[Context], "TableData | Omitted"]
"""A table builder: its data, or :class:`Omitted` when the study has nothing for that table."""
