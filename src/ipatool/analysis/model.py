"""Shared shapes of table data: the grid every format can draw, and the analysis context.

Each table is computed once, as data (a frozen dataclass with ``to_json()``), then drawn by a
template per format. Every table also gives a :class:`Grid` (caption, columns, rows, notes), the
format-neutral layout that the CSV and DOCX writers and the generic templates draw.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from ipatool.models import (
    Code,
    DemographicField,
    Participant,
    StudyConfig,
    Subtheme,
    Theme,
    TranscriptKind,
)
from ipatool.study import Coding, Study, TranscriptDigest

MARK = "✓"
"""The recurrence mark where a participant evidences a theme."""

Align = Literal["left", "right", "center"]
RowKind = Literal["body", "strong", "group", "total"]


@dataclass(frozen=True, slots=True)
class Column:
    """A column heading; ``align`` is ``right`` for numbers, ``center`` for marks."""

    label: str
    align: Align = "left"


@dataclass(frozen=True, slots=True)
class Row:
    """A row: ``body``; ``strong`` (a theme's own row, drawn bold); ``group`` (a heading whose
    text is in the first cell, spanning the table); or ``total`` (the whole sample). ``indent``
    is the nesting level of the first cell (a subtheme under its theme is 1)."""

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

    def to_json(self) -> dict[str, Any]:
        return to_jsonable(self)  # type: ignore[no-any-return]


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


def to_jsonable(value: Any) -> Any:
    """Dataclasses to dicts (field order kept), tuples to lists, enums to their values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    return value


@dataclass(frozen=True, slots=True)
class Options:
    """Choices that are not study settings (``--codes``)."""

    codes: bool = False


@dataclass(frozen=True, slots=True)
class Evidence:
    """A coding that counts in the tables, on a participant's turn, of a code in the hierarchy."""

    source: int
    transcript: TranscriptDigest
    coding: Coding
    participant: str
    theme: Theme
    subtheme: Subtheme
    code: Code


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
        return self.transcript.id.id

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
    evidence: list[Evidence]
    participants: list[Participant]
    columns: list[tuple[Source, str]] = field(default_factory=list)
    source_labels: dict[str, str] = field(default_factory=dict)
    """Source id -> label, filled with the sources."""
    by_theme: dict[str, list[Evidence]] = field(default_factory=dict)
    by_subtheme: dict[tuple[str, str], list[Evidence]] = field(default_factory=dict)
    by_code: dict[tuple[str, str], list[Evidence]] = field(default_factory=dict)
    by_participant: dict[str, dict[tuple[str, str], list[Evidence]]] = field(default_factory=dict)
    """The evidence grouped once (each group in evidence order): tables ask for one group at a
    time, and filtering every time would be quadratic in a large study."""

    def __post_init__(self) -> None:
        self.source_labels = {s.id: s.label for s in self.sources}
        for e in self.evidence:
            key = (e.theme.id, e.subtheme.id)
            self.by_theme.setdefault(e.theme.id, []).append(e)
            self.by_subtheme.setdefault(key, []).append(e)
            self.by_code.setdefault((e.subtheme.id, e.code.id), []).append(e)
            self.by_participant.setdefault(e.participant, {}).setdefault(key, []).append(e)

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


def make_context(study: Study, options: Options | None = None) -> Context:
    """The shared context of a loaded study (its ``config`` must have loaded)."""
    if study.config is None:
        raise ValueError("the study settings (ipatool.yaml) did not load")
    sources = ordered_sources(study)
    places = study.code_places()
    evidence: list[Evidence] = []
    for src in sources:
        t = src.transcript
        members = set(src.participants)
        for c in t.codings:
            place = places.get(c.code.id)
            if place is None or c.speaker not in members or not study.counts(t, c):
                continue
            evidence.append(
                Evidence(src.index, t, c, c.speaker, place.theme, place.subtheme, place.code)
            )
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
        evidence=evidence,
        participants=list(study.participants),
        columns=columns,
    )


Builder = Callable[[Context], "TableData | Omitted"]
"""A table builder: its data, or :class:`Omitted` when the study has nothing for that table."""
