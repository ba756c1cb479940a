"""The rest of the Methods section: the sample's roles and the procedure's durations by kind.

- Roles, from the category field named by ``reporting.roles.field``: "Participants were clinical
  psychologists (n = 6), psychiatrist (n = 1) ..." in APA style; levels lower-cased (an
  acronym such as ``MBT`` kept), their declared plural when n > 1, in the field's level order or
  by frequency (``reporting.roles.order``); the counts sum to N (missing values are counted
  as "occupation not recorded (n = 1)").
- Durations, per kind of transcript (one-to-one interviews, then focus groups): "One-to-one
  interviews lasted 29 and 66 minutes (M = 47.5); focus groups lasted 85, 86 and 54 minutes
  (M = 75)."; with more than :data:`LIST_AT_MOST` durations of one kind, their range instead
  ("lasted between 40 and 95 minutes (M = 61.5)"). Means are shown as recorded values are
  (at most 2 decimals, no trailing zeros: durations are whole or half minutes). A duration
  that is not a finite number is left out, as a missing one is, with a render warning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ipatool.analysis import numbers as num
from ipatool.analysis.grid import NOT_IN_JSON, Column, Context, Grid, Omitted, Row, fields_to_json
from ipatool.analysis.sample import summarise
from ipatool.read.models import DemographicField, FieldKind, RolesOrder, TranscriptKind

LIST_AT_MOST = 4
"""Durations of one kind listed one by one up to this many; beyond it, their range."""

_KIND_NOUNS = {
    TranscriptKind.INTERVIEW: ("one-to-one interview", "one-to-one interviews"),
    TranscriptKind.FOCUS_GROUP: ("focus group", "focus groups"),
}


def _lower(text: str) -> str:
    """A level in running text: first letter lower-cased unless the first word is an acronym."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def _series(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` (the seed paper's style, no serial comma)."""
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True, slots=True)
class RoleCount:
    """One level of the roles field: how many participants hold it, and its words."""

    level: str
    n: int
    text: str


@dataclass(frozen=True, slots=True)
class Roles:
    """The sample's roles sentence."""

    field: str
    order: str
    counts: tuple[RoleCount, ...]
    missing: tuple[str, ...]
    total: int
    text: str


@dataclass(frozen=True, slots=True)
class DurationPart:
    """The durations of one kind of transcript, in table order."""

    kind: str
    sources: tuple[str, ...]
    minutes: tuple[float, ...]
    missing: tuple[str, ...]
    mean: float | None
    min: float | None
    max: float | None
    listed: bool
    text: str


@dataclass(frozen=True, slots=True)
class MethodsTable:
    """The Methods sentences beside the participant sentence: roles, then procedure."""

    name: str
    title: str
    roles: Roles | None
    durations: tuple[DurationPart, ...]
    procedure: str | None
    sentences: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=(), metadata=NOT_IN_JSON)

    to_json = fields_to_json

    def grid(self) -> Grid:
        rows = tuple(Row((s,)) for s in self.sentences)
        return Grid(self.name, self.title, (Column("Sentence"),), rows)


def build_roles(ctx: Context, f: DemographicField, order: RolesOrder) -> Roles:
    """The roles sentence from the category field ``f``."""
    cell = summarise(f, list(ctx.participants))
    counts = list(cell.counts)  # in the field's level order, then undeclared values sorted
    if order is RolesOrder.FREQUENCY:
        counts.sort(key=lambda c: -c.n)  # stable: ties keep the level order
    parts: list[RoleCount] = []
    for c in counts:
        name = _lower(num.level_text(c.level, c.n, f.plurals))
        parts.append(RoleCount(c.level, c.n, f"{name} (n = {c.n})"))
    text = f"Participants were {_series([p.text for p in parts])}" if parts else ""
    if cell.missing:
        gap = f"{_lower(f.title)} not recorded (n = {len(cell.missing)})"
        text = f"{text}; {gap}" if text else num.capitalised(gap)
    text = text + "." if text else ""
    total = sum(p.n for p in parts) + len(cell.missing)
    return Roles(f.name, order.value, tuple(parts), cell.missing, total, text)


def _duration_part(kind: TranscriptKind, ctx: Context) -> DurationPart | None:
    sources = [s for s in ctx.sources if s.transcript.kind is kind]
    if not sources:
        return None
    timed = [s for s in sources if _finite_duration(s.transcript.duration_min)]
    minutes = tuple(float(s.transcript.duration_min or 0) for s in timed)
    missing = tuple(s.id for s in sources if not _finite_duration(s.transcript.duration_min))
    one, many = _KIND_NOUNS[kind]
    noun = one if len(sources) == 1 else many
    if not minutes:
        text = f"{noun} had no recorded duration"
        return DurationPart(kind.value, (), (), missing, None, None, None, False, text)
    m = num.mean(minutes)
    listed = len(minutes) <= LIST_AT_MOST
    if len(minutes) == 1:
        text = f"{noun} lasted {num.plain(minutes[0])} minutes"
    elif listed:
        text = f"{noun} lasted {_series([num.plain(x) for x in minutes])} minutes"
        text += f" (M = {num.plain(m)})"
    else:
        lo, hi = min(minutes), max(minutes)
        text = f"{noun} lasted between {num.plain(lo)} and {num.plain(hi)} minutes"
        text += f" (M = {num.plain(m)})"
    if missing:
        text += f" ({len(missing)} without a recorded duration)"
    if len(sources) == 1:
        text = "the " + text
    return DurationPart(
        kind.value,
        tuple(s.id for s in timed),
        minutes,
        missing,
        m,
        min(minutes),
        max(minutes),
        listed,
        text,
    )


def _finite_duration(d: float | None) -> bool:
    return d is not None and math.isfinite(d)


def build_methods(ctx: Context) -> MethodsTable | Omitted:
    """The roles sentence (when ``reporting.roles`` names a category field) and the procedure's."""
    spec = ctx.config.reporting.roles
    roles: Roles | None = None
    if spec is not None:
        f = ctx.config.field_named(spec.field)
        if f is not None and f.kind is FieldKind.CATEGORY:
            roles = build_roles(ctx, f, spec.order)
    parts = [p for kind in _KIND_NOUNS if (p := _duration_part(kind, ctx)) is not None]
    procedure = num.capitalised("; ".join(p.text for p in parts)) + "." if parts else None
    sentences = tuple(s for s in ((roles.text if roles else ""), procedure or "") if s)
    if not sentences:
        return Omitted("methods", "no roles field is declared and the study has no transcripts")
    warnings = tuple(
        f"methods: 'duration_min' of {s.id} is not a finite number: the procedure sentence leaves "
        "it out as it does a missing one (ipatool validate reports it)"
        for s in ctx.sources
        if s.transcript.duration_min is not None and not _finite_duration(s.transcript.duration_min)
    )
    return MethodsTable(
        "methods", "Methods sentences", roles, tuple(parts), procedure, sentences, warnings
    )
