"""The sample table (Table 1 of a paper) and the participant sentence of the Methods section."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ipatool.analysis import numbers as num
from ipatool.analysis.grid import NOT_IN_JSON, Column, Context, Grid, Row, fields_to_json
from ipatool.read.models import DemographicField, FieldKind, Participant

MISSING = "–"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return float(value)
    except OverflowError:  # an int beyond the largest float: no figure can be printed
        return math.inf


def not_a_figure(what: str, where: str) -> str:
    """The render warning for a figure shown as ``–`` because it is not a finite number."""
    return (
        f"{what} {where} is shown as '–': a value is too large or not a finite number "
        "(ipatool validate reports it)"
    )


def _category(value: Any) -> str | None:
    if value is None or isinstance(value, list | dict):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """A reported field: its name, label and kind."""

    name: str
    label: str
    kind: str


@dataclass(frozen=True, slots=True)
class LevelCount:
    """One level of a category and how many participants have it."""

    level: str
    n: int
    text: str


@dataclass(frozen=True, slots=True)
class SampleCell:
    """One field summarised over a row's participants (missing values excluded)."""

    field: str
    text: str
    n: int
    missing: tuple[str, ...]
    mean: float | None = None
    sd: float | None = None
    counts: tuple[LevelCount, ...] = ()


@dataclass(frozen=True, slots=True)
class SampleRow:
    """A transcript (or, with ``source`` None, the whole sample)."""

    source: str | None
    label: str
    kind: str
    n: int
    participants: tuple[str, ...]
    cells: tuple[SampleCell, ...]
    duration_min: float | None
    duration: str


def summarise(f: DemographicField, people: list[Participant]) -> SampleCell:
    """A field over some participants: counts per level, or ``M (SD)``."""
    missing: list[str] = []
    if f.kind is FieldKind.NUMBER:
        values: list[float] = []
        for p in people:
            v = _number(p.values.get(f.name))
            if v is None:
                missing.append(p.id)
            else:
                values.append(v)
        m, sd, text = num.describe(values)
        return SampleCell(f.name, text, len(values), tuple(missing), m, sd)
    tally: dict[str, int] = {}
    for p in people:
        level = _category(p.values.get(f.name))
        if level is None:
            missing.append(p.id)
        else:
            tally[level] = tally.get(level, 0) + 1
    order = [lv for lv in (f.levels or []) if lv in tally]
    order += sorted(k for k in tally if k not in order)
    counts = tuple(
        LevelCount(lv, tally[lv], f"n = {tally[lv]} {num.level_text(lv, tally[lv], f.plurals)}")
        for lv in order
    )
    text = "\n".join(c.text for c in counts) if counts else MISSING
    return SampleCell(f.name, text, sum(tally.values()), tuple(missing), counts=counts)


def sample_fields(ctx: Context) -> list[DemographicField]:
    """The sample table's columns: ``reporting.sample_table`` or every number and category field."""
    cfg = ctx.config
    names = cfg.reporting.sample_table
    if names is None:
        return [f for f in cfg.fields if f.kind in (FieldKind.NUMBER, FieldKind.CATEGORY)]
    return [f for n in names if (f := cfg.field_named(n)) is not None]


@dataclass(frozen=True, slots=True)
class SampleTable:
    """One row per interview / focus group, then the whole sample."""

    name: str
    title: str
    fields: tuple[FieldInfo, ...]
    rows: tuple[SampleRow, ...]
    total: SampleRow
    notes: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=(), metadata=NOT_IN_JSON)

    to_json = fields_to_json

    def grid(self) -> Grid:
        cols = [Column("Source"), Column("n", "right")]
        cols += [Column(f.label, "right" if f.kind == "number" else "left") for f in self.fields]
        cols.append(Column("Duration (min)", "right"))
        rows = []
        for r in (*self.rows, self.total):
            cells = (r.label, str(r.n), *(c.text for c in r.cells), r.duration)
            rows.append(Row(cells, "total" if r.source is None else "body"))
        return Grid(self.name, self.title, tuple(cols), tuple(rows), self.notes, wide=len(cols) > 7)


def _people(known: dict[str, Participant], ids: Iterable[str]) -> list[Participant]:
    """The participants with these ids (one without details for an undeclared id)."""
    return [known.get(i) or Participant(id=i) for i in ids]


def build_sample(ctx: Context) -> SampleTable:
    """Table 1: the sample by source, with the whole sample last."""
    fields = sample_fields(ctx)
    rows: list[SampleRow] = []
    missing_notes: dict[str, list[str]] = {}
    known = {p.id: p for p in ctx.participants}
    for src in ctx.sources:
        people = _people(known, src.participants)
        cells = tuple(summarise(f, people) for f in fields)
        d = src.transcript.duration_min
        rows.append(
            SampleRow(
                src.id,
                src.label,
                src.transcript.kind.value,
                len(people),
                src.participants,
                cells,
                num.finite(d),
                num.plain(d) if d is not None else MISSING,
            )
        )
    everyone = list(ctx.participants)
    total_cells = tuple(summarise(f, everyone) for f in fields)
    for f, cell in zip(fields, total_cells, strict=True):
        if cell.missing:
            missing_notes[f.title] = list(cell.missing)
    durations = [
        s.transcript.duration_min for s in ctx.sources if s.transcript.duration_min is not None
    ]
    total = SampleRow(
        None,
        f"Whole sample ({len(everyone)} participant{'' if len(everyone) == 1 else 's'})",
        "total",
        len(everyone),
        tuple(p.id for p in everyone),
        total_cells,
        num.finite(num.mean(durations)) if durations else None,
        num.mean_sd(durations),
    )
    warnings: list[str] = []
    given = {s.id: s.transcript.duration_min for s in ctx.sources}
    for r in (*rows, total):
        where = f"for {r.label}" if r.source is not None else "for the whole sample"
        for f, cell in zip(fields, r.cells, strict=True):
            if f.kind is FieldKind.NUMBER and cell.n and cell.text == MISSING:
                warnings.append(not_a_figure(f"sample table: '{f.name}'", where))
        timed = given.get(r.source) is not None if r.source is not None else bool(durations)
        if timed and r.duration == MISSING:
            warnings.append(not_a_figure("sample table: 'duration_min'", where))
    notes = [
        "Numbers are M (SD), with SD the sample standard deviation (n − 1); a single recorded "
        "value is shown where n = 1. Duration is in minutes; the whole-sample row gives its M (SD) "
        f"over the {len(durations)} transcript{'' if len(durations) == 1 else 's'} with a duration."
    ]
    if missing_notes:
        parts = [f"{label} ({', '.join(ids)})" for label, ids in missing_notes.items()]
        notes.append("Missing values are excluded: " + "; ".join(parts) + ".")
    return SampleTable(
        "sample",
        "Summary of Demographic Features of Participants",
        tuple(FieldInfo(f.name, f.title, f.kind.value) for f in fields),
        tuple(rows),
        total,
        tuple(notes),
        tuple(warnings),
    )


# --- the participant sentence ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CountPart:
    field: str
    counts: tuple[LevelCount, ...]
    missing: int
    text: str


@dataclass(frozen=True, slots=True)
class MeanSdPart:
    field: str
    n: int
    mean: float | None
    sd: float | None
    missing: int
    text: str


@dataclass(frozen=True, slots=True)
class RangeMedianPart:
    field: str
    n: int
    min: float | None
    max: float | None
    median: float | None
    missing: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """The Methods-section sentence describing the sample."""

    name: str
    title: str
    n: int
    counts: tuple[CountPart, ...]
    mean_sd: tuple[MeanSdPart, ...]
    range_median: tuple[RangeMedianPart, ...]
    text: str
    warnings: tuple[str, ...] = field(default=(), metadata=NOT_IN_JSON)

    to_json = fields_to_json

    def grid(self) -> Grid:
        return Grid(self.name, self.title, (Column("Sentence"),), (Row((self.text,)),))


def _lower_label(f: DemographicField) -> str:
    label = f.title
    first = label.split(" ", 1)[0]
    return label if first.isupper() and len(first) > 1 else label[:1].lower() + label[1:]


def _sentence_fields(
    ctx: Context, names: list[str] | None, default: Iterable[str], kind: FieldKind
) -> list[DemographicField]:
    cfg = ctx.config
    if names is None:
        return [f for f in cfg.fields if f.kind is kind and f.name in default]
    return [f for n in names if (f := cfg.field_named(n)) is not None]


def _missing_text(n: int) -> str:
    return f", {n} missing" if n else ""


def build_sentence(ctx: Context) -> Sentence:
    """ "Fourteen participants (9 female, 5 male; mean age = 45.14, SD = 10.41) had worked ..."."""
    spec = ctx.config.reporting.sentence
    people = list(ctx.participants)
    n = len(people)
    counts: list[CountPart] = []
    for f in _sentence_fields(ctx, spec.counts, ("gender", "sex"), FieldKind.CATEGORY):
        cell = summarise(f, people)
        text = ", ".join(f"{c.n} {c.level}" for c in cell.counts) + _missing_text(len(cell.missing))
        counts.append(CountPart(f.name, cell.counts, len(cell.missing), text))
    msd: list[MeanSdPart] = []
    warnings: list[str] = []
    for f in _sentence_fields(ctx, spec.mean_sd, ("age",), FieldKind.NUMBER):
        values = [v for p in people if (v := _number(p.values.get(f.name))) is not None]
        miss = n - len(values)
        label = _lower_label(f)
        if not values:
            text = f"{label} not recorded"
            m = sd = None
        elif len(values) == 1:
            m, sd = values[0], None
            text = f"{label} = {num.plain(values[0])}"
        else:
            m, sd = num.mean(values), num.sample_sd(values)
            text = f"mean {label} = {num.fixed(m)}, SD = {num.fixed(sd)}"
        m, sd = num.finite(m), num.finite(sd)
        if values and (m is None or (sd is None and len(values) > 1)):
            warnings.append(not_a_figure(f"participant sentence: '{f.name}'", "(its mean or SD)"))
        msd.append(MeanSdPart(f.name, len(values), m, sd, miss, text + _missing_text(miss)))
    ranges: list[RangeMedianPart] = []
    for f in _sentence_fields(ctx, spec.range_median, (), FieldKind.NUMBER):
        values = sorted(v for p in people if (v := _number(p.values.get(f.name))) is not None)
        miss = n - len(values)
        phrase = f.phrase or f"had {_lower_label(f)} of"
        unit = f" {f.unit}" if f.unit else ""
        if not values:
            ranges.append(
                RangeMedianPart(f.name, 0, None, None, None, miss, f"{phrase} an unrecorded time")
            )
            continue
        lo, hi, med = values[0], values[-1], num.median(values)
        if not all(map(math.isfinite, (lo, hi, med))):
            warnings.append(not_a_figure(f"participant sentence: '{f.name}'", "(its range)"))
        if lo == hi:
            text = f"{phrase} {num.plain(lo)}{unit}"
        else:
            text = (
                f"{phrase} between {num.plain(lo)} and {num.plain(hi)}{unit} "
                f"(median = {num.plain(med)}{_missing_text(miss)})"
            )
        fin = num.finite
        ranges.append(RangeMedianPart(f.name, len(values), fin(lo), fin(hi), fin(med), miss, text))
    inner = "; ".join([c.text for c in counts if c.counts] + [m.text for m in msd])
    noun = "participant" if n == 1 else "participants"
    text = f"{num.capitalised(num.number_words(n))} {noun}"
    if inner:
        text += f" ({inner})"
    if ranges:
        parts = [r.text for r in ranges]
        tail = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", and " + parts[-1]
        text += f" {tail}."
    else:
        text += " took part."
    return Sentence(
        "sentence",
        "Participant sentence",
        n,
        tuple(counts),
        tuple(msd),
        tuple(ranges),
        text,
        tuple(warnings),
    )
