"""The theme hierarchy table (Table 2 of a paper) and the theme-by-participant recurrence table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import repeat

from ipatool.analysis import numbers as num
from ipatool.analysis.grid import (
    MARK,
    NOT_IN_JSON,
    Column,
    ColumnGroup,
    Context,
    Grid,
    Row,
    fields_to_json,
)
from ipatool.analysis.quotebank import (
    NO_EVIDENCE,
    SubthemeEvidence,
    counting_note,
    subtheme_evidence,
)
from ipatool.analysis.terms import terms


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
    """Participant ids in column order, then any others sorted."""
    ordered = tuple(pid for _src, pid in ctx.columns if pid in ids)
    if len(ordered) == len(ids):
        return ordered
    return ordered + tuple(sorted(ids - {p for _s, p in ctx.columns}))


@dataclass(frozen=True, slots=True)
class ThemesTable:
    """Superordinate themes and their subthemes (optionally codes), with evidence counts."""

    name: str
    title: str
    with_codes: bool
    themes: tuple[ThemeCount, ...]
    notes: tuple[str, ...]
    heading: str = field(default="Superordinate theme", metadata=NOT_IN_JSON)
    """The first column's heading, by the study's terminology."""

    to_json = fields_to_json

    def grid(self) -> Grid:
        cols = [Column(self.heading), Column("Subtheme")]
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


def build_themes(ctx: Context) -> ThemesTable:
    """Table 2: themes in file order, each with its participants and quotes."""
    read = subtheme_evidence(ctx)
    themes: list[ThemeCount] = []
    for theme in ctx.study.themes:
        t_people: set[str] = set()
        t_quotes: set[Hashable] = set()
        subs: list[SubthemeCount] = []
        for sub in theme.subthemes:
            sev = read.get((theme.id, sub.id), NO_EVIDENCE)
            people = set(sev.personal)
            codes = tuple(
                CodeCount(
                    code.id,
                    code.title,
                    sev.people.get(code.id, 0),
                    sev.quoted.get(code.id, 0),
                )
                for code in sub.codes
            )
            subs.append(
                SubthemeCount(
                    sub.id,
                    sub.label,
                    len(people),
                    len(sev.extracts),
                    _ordered_ids(ctx, people),
                    codes,
                )
            )
            t_people |= people
            t_quotes |= sev.extracts
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
    words = terms(ctx.study)
    return ThemesTable(
        "themes",
        words.group_themes_title,
        ctx.options.codes,
        tuple(themes),
        notes,
        words.group_theme,
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
    group_themes: str = field(default="superordinate themes", metadata=NOT_IN_JSON)
    """What the rows' themes are called, by the study's terminology (the heat map says it)."""

    to_json = fields_to_json

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


def _quotes_by_person(groups: list[SubthemeEvidence]) -> dict[str, int]:
    """How many distinct quotes each participant has in these subthemes together (one quote
    may evidence two subthemes of a theme)."""
    if len(groups) == 1:
        personal = groups[0].personal
        return dict(zip(personal, map(len, personal.values()), strict=True))
    every: dict[Hashable, str] = {}
    for sev in groups:
        every.update(sev.owners)
    return Counter(every.values())


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

    def row(level: str, id_: str, label: str, theme: str, per: dict[str, int]) -> RecurrenceRow:
        quotes = tuple(map(per.get, pids, repeat(0)))
        marks = tuple(map(bool, quotes))
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

    pids = [pid for _s, pid in cols]
    read = subtheme_evidence(ctx)
    rows: list[RecurrenceRow] = []
    for theme in ctx.study.themes:
        of_theme = [sev for (tid, _sid), sev in read.items() if tid == theme.id]
        rows.append(row("theme", theme.id, theme.label, theme.id, _quotes_by_person(of_theme)))
        for sub in theme.subthemes:
            sev = read.get((theme.id, sub.id), NO_EVIDENCE)
            rows.append(row("subtheme", sub.id, sub.label, theme.id, _quotes_by_person([sev])))
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
        terms(ctx.study).group_theme.lower() + "s",
    )
