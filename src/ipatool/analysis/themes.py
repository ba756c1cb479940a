"""The theme hierarchy table (Table 2 of a paper) and the theme-by-participant recurrence table."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ipatool.analysis import numbers as num
from ipatool.analysis.model import (
    MARK,
    Column,
    ColumnGroup,
    Context,
    Evidence,
    Grid,
    Row,
    to_jsonable,
)

QuoteKey = tuple[int, int, str]
"""A quote: (source index, turn, extract). Two codes on the same extract are one quote."""


def quote_key(e: Evidence) -> QuoteKey:
    return (e.source, e.coding.turn, e.coding.extract)


@dataclass(frozen=True, slots=True)
class CodeCount:
    id: str
    label: str
    participants: int
    quotes: int


@dataclass(frozen=True, slots=True)
class SubthemeCount:
    id: str
    label: str
    participants: int
    quotes: int
    participant_ids: tuple[str, ...]
    codes: tuple[CodeCount, ...]


@dataclass(frozen=True, slots=True)
class ThemeCount:
    id: str
    label: str
    participants: int
    quotes: int
    participant_ids: tuple[str, ...]
    subthemes: tuple[SubthemeCount, ...]


def _ordered_ids(ctx: Context, ids: set[str]) -> tuple[str, ...]:
    return tuple(pid for _src, pid in ctx.columns if pid in ids) + tuple(
        sorted(ids - {p for _s, p in ctx.columns})
    )


@dataclass(frozen=True, slots=True)
class ThemesTable:
    """Superordinate themes and their subthemes (optionally codes), with evidence counts."""

    name: str
    title: str
    with_codes: bool
    themes: tuple[ThemeCount, ...]
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return to_jsonable(self)  # type: ignore[no-any-return]

    def grid(self) -> Grid:
        cols = [Column("Superordinate theme"), Column("Subtheme")]
        if self.with_codes:
            cols.append(Column("Code"))
        cols += [Column("Participants", "right"), Column("Quotes", "right")]
        pad = ("",) if self.with_codes else ()
        rows: list[Row] = []
        for t in self.themes:
            rows.append(Row((t.label, "", *pad, str(t.participants), str(t.quotes)), "strong"))
            for s in t.subthemes:
                rows.append(Row(("", s.label, *pad, str(s.participants), str(s.quotes)), indent=1))
                if self.with_codes:
                    for c in s.codes:
                        rows.append(
                            Row(("", "", c.label, str(c.participants), str(c.quotes)), indent=2)
                        )
        return Grid(self.name, self.title, tuple(cols), tuple(rows), self.notes)


def counting_note(ctx: Context) -> str:
    rule = ctx.config.rules.count_codings.value
    wording = {
        "any": "a coding counts when any coder applied it",
        "majority": "a coding counts when more than half of the transcript's coders applied it",
        "all": "a coding counts when every coder of the transcript applied it",
    }[rule]
    return f"Counts use participants' turns only; {wording} (count_codings: {rule})."


def build_themes(ctx: Context) -> ThemesTable:
    """Table 2: themes in file order, each with its participants and quotes."""
    themes: list[ThemeCount] = []
    for theme in ctx.study.themes:
        t_people: set[str] = set()
        t_quotes: set[QuoteKey] = set()
        subs: list[SubthemeCount] = []
        for sub in theme.subthemes:
            ev = ctx.by_subtheme.get((theme.id, sub.id), [])
            people = {e.participant for e in ev}
            quotes = {quote_key(e) for e in ev}
            codes = []
            for code in sub.codes:
                cev = [e for e in ev if e.code.id == code.id]
                codes.append(
                    CodeCount(
                        code.id,
                        code.title,
                        len({e.participant for e in cev}),
                        len({quote_key(e) for e in cev}),
                    )
                )
            subs.append(
                SubthemeCount(
                    sub.id,
                    sub.label,
                    len(people),
                    len(quotes),
                    _ordered_ids(ctx, people),
                    tuple(codes),
                )
            )
            t_people |= people
            t_quotes |= quotes
        themes.append(
            ThemeCount(
                theme.id,
                theme.label,
                len(t_people),
                len(t_quotes),
                _ordered_ids(ctx, t_people),
                tuple(subs),
            )
        )
    notes = (
        "Participants: how many participants evidence the theme; quotes: how many distinct "
        "extracts evidence it. " + counting_note(ctx),
    )
    return ThemesTable(
        "themes", "Superordinate Themes and Subthemes", ctx.options.codes, tuple(themes), notes
    )


# --- recurrence -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParticipantColumn:
    participant: str
    source: str
    source_label: str


@dataclass(frozen=True, slots=True)
class RecurrenceRow:
    level: str
    id: str
    label: str
    theme: str
    marks: tuple[bool, ...]
    quotes: tuple[int, ...]
    n: int
    total: int
    share: float
    percent: str
    recurrent: bool


@dataclass(frozen=True, slots=True)
class RecurrenceTable:
    """Themes and subthemes by participant (grouped by source), with n/N, % and recurrence."""

    name: str
    title: str
    threshold: float
    count_codings: str
    columns: tuple[ParticipantColumn, ...]
    groups: tuple[ColumnGroup, ...]
    rows: tuple[RecurrenceRow, ...]
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return to_jsonable(self)  # type: ignore[no-any-return]

    def grid(self) -> Grid:
        cols = [Column("Theme")]
        cols += [Column(c.participant, "center") for c in self.columns]
        cols += [Column("n/N", "right"), Column("%", "right"), Column("Recurrent", "center")]
        rows = []
        for r in self.rows:
            cells = (
                r.label,
                *(MARK if m else "" for m in r.marks),
                f"{r.n}/{r.total}",
                r.percent,
                "Yes" if r.recurrent else "No",
            )
            strong = r.level == "theme"
            rows.append(Row(cells, "strong" if strong else "body", 0 if strong else 1))
        groups = (ColumnGroup("", 1), *self.groups, ColumnGroup("", 3))
        return Grid(self.name, self.title, tuple(cols), tuple(rows), self.notes, groups, wide=True)


def percent(n: int, total: int) -> str:
    """A whole-number percentage, rounded half up (``7/14`` -> ``50``)."""
    return num.fixed(100 * n / total, 0) if total else "–"


def build_recurrence(ctx: Context) -> RecurrenceTable:
    """Which participants evidence each theme and subtheme, and is it recurrent?"""
    threshold = ctx.config.rules.recurrence_threshold
    cols = ctx.columns
    total = len(cols)
    spans: dict[int, int] = {}
    for src, _pid in cols:
        spans[src.index] = spans.get(src.index, 0) + 1
    groups: list[ColumnGroup] = []
    abbreviations: list[str] = []
    for s in ctx.sources:
        if s.index not in spans:
            continue
        fits = len(s.short_label) <= 9 * spans[s.index]
        groups.append(ColumnGroup(s.short_label if fits else s.id, spans[s.index]))
        if not fits:
            abbreviations.append(f"{s.id} = {s.label}")

    def row(level: str, id_: str, label: str, theme: str, ev: list[Evidence]) -> RecurrenceRow:
        per: dict[str, set[QuoteKey]] = {}
        for e in ev:
            per.setdefault(e.participant, set()).add(quote_key(e))
        quotes = tuple(len(per.get(pid, ())) for _s, pid in cols)
        marks = tuple(q > 0 for q in quotes)
        n = sum(marks)
        share = n / total if total else 0.0
        return RecurrenceRow(
            level,
            id_,
            label,
            theme,
            marks,
            quotes,
            n,
            total,
            share,
            percent(n, total),
            total > 0 and Fraction(n, total) >= Fraction(repr(threshold)),
        )

    rows: list[RecurrenceRow] = []
    for theme in ctx.study.themes:
        tev = ctx.by_theme.get(theme.id, [])
        rows.append(row("theme", theme.id, theme.label, theme.id, tev))
        for sub in theme.subthemes:
            rows.append(
                row(
                    "subtheme",
                    sub.id,
                    sub.label,
                    theme.id,
                    [e for e in tev if e.subtheme.id == sub.id],
                )
            )
    notes: tuple[str, ...] = (
        f"{MARK} = the participant evidences the theme. n/N = participants evidencing it out of "
        f"all {total}; a theme is recurrent when at least {num.plain(threshold * 100)}% of "
        "participants evidence it (recurrence_threshold). " + counting_note(ctx),
    )
    if abbreviations:
        notes += ("Sources: " + "; ".join(abbreviations) + ".",)
    return RecurrenceTable(
        "recurrence",
        "Recurrence of Themes Across Participants",
        threshold,
        ctx.config.rules.count_codings.value,
        tuple(ParticipantColumn(pid, src.id, src.label) for src, pid in cols),
        tuple(groups),
        tuple(rows),
        notes,
    )
