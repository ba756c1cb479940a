"""The per-participant demographics table: one row per pseudonym, the declared fields as columns.

Many IPA papers print this as Table 1 instead of the per-source summary. The columns are
``reporting.participants_table`` (default: every declared field, text fields included), then
the sources each participant took part in. Numbers are shown as recorded (``2.5``, ``8``),
a missing value as ``–``. Rows follow ``participants.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ipatool.analysis import numbers as num
from ipatool.analysis.grid import NOT_IN_JSON, Column, Context, Grid, Omitted, Row, fields_to_json
from ipatool.analysis.sample import MISSING, FieldInfo, not_a_figure
from ipatool.read.models import DemographicField, FieldKind


def _cell(f: DemographicField, value: Any) -> str:
    if value is None or isinstance(value, list | dict):
        return MISSING
    if isinstance(value, bool):
        return "true" if value else "false"
    if f.kind is FieldKind.NUMBER and isinstance(value, int | float):
        return num.plain(value)
    return str(value)


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    """One participant: the shown value of each field, and the sources they took part in."""

    id: str
    values: tuple[str, ...]
    sources: tuple[str, ...]
    source_labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParticipantsTable:
    """Demographic characteristics, one row per pseudonym."""

    name: str
    title: str
    fields: tuple[FieldInfo, ...]
    rows: tuple[ParticipantRow, ...]
    notes: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=(), metadata=NOT_IN_JSON)

    to_json = fields_to_json

    def grid(self) -> Grid:
        cols = [Column("Pseudonym")]
        cols += [Column(f.label, "right" if f.kind == "number" else "left") for f in self.fields]
        cols.append(Column("Source"))
        rows = tuple(
            Row((r.id, *r.values, "; ".join(r.source_labels) or MISSING)) for r in self.rows
        )
        return Grid(self.name, self.title, tuple(cols), rows, self.notes, wide=len(cols) > 7)


def participant_fields(ctx: Context) -> list[DemographicField]:
    """``reporting.participants_table``, or every declared field."""
    names = ctx.config.reporting.participants_table
    if names is None:
        return list(ctx.config.fields)
    return [f for n in names if (f := ctx.config.field_named(n)) is not None]


def build_participants(ctx: Context) -> ParticipantsTable | Omitted:
    """One row per participant of ``participants.yaml``, in its order."""
    if not ctx.participants:
        return Omitted("participants", "the study declares no participants")
    fields = participant_fields(ctx)
    where: dict[str, list[tuple[str, str]]] = {}
    for src in ctx.sources:
        for pid in dict.fromkeys(src.participants):
            where.setdefault(pid, []).append((src.id, src.label))
    rows = []
    warnings: list[str] = []
    for p in ctx.participants:
        values = p.values
        seen = where.get(p.id, [])
        cells = tuple(_cell(f, values.get(f.name)) for f in fields)
        for f, cell in zip(fields, cells, strict=True):
            if cell == MISSING and _is_number(f, values.get(f.name)):
                warnings.append(not_a_figure(f"participants table: '{f.name}'", f"of {p.id}"))
        rows.append(
            ParticipantRow(
                p.id,
                cells,
                tuple(s for s, _ in seen),
                tuple(label for _, label in seen),
            )
        )
    notes = [
        "Pseudonyms are used throughout. Numbers are shown as recorded; – marks a missing value."
    ]
    return ParticipantsTable(
        "participants",
        "Demographic Characteristics of Each Participant",
        tuple(FieldInfo(f.name, f.title, f.kind.value) for f in fields),
        tuple(rows),
        tuple(notes),
        tuple(warnings),
    )


def _is_number(f: DemographicField, value: Any) -> bool:
    return (
        f.kind is FieldKind.NUMBER
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    )
