"""The quote bank (quotes per theme and subtheme) and personal experiential themes (per participant)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ipatool.analysis.model import Column, Context, Evidence, Grid, Row, to_jsonable
from ipatool.analysis.themes import QuoteKey, counting_note, quote_key


@dataclass(frozen=True, slots=True)
class Quote:
    """An extract evidencing a subtheme (codes on the same extract are merged)."""

    participant: str
    source: str
    source_label: str
    turn: int
    text: str
    exemplar: bool
    codes: tuple[str, ...]


def collect_quotes(evidence: list[Evidence]) -> list[Quote]:
    """Distinct extracts, exemplar quotes first, then by source order and turn."""
    merged: dict[QuoteKey, Quote] = {}
    for e in evidence:
        key = quote_key(e)
        old = merged.get(key)
        if old is None:
            merged[key] = Quote(
                e.participant,
                e.transcript.id.id,
                "",
                e.coding.turn,
                e.coding.extract,
                e.coding.exemplar,
                (e.code.id,),
            )
        else:
            codes = old.codes if e.code.id in old.codes else (*old.codes, e.code.id)
            merged[key] = Quote(
                old.participant,
                old.source,
                "",
                old.turn,
                old.text,
                old.exemplar or e.coding.exemplar,
                codes,
            )
    order = sorted(merged, key=lambda k: (not merged[k].exemplar, k[0], k[1]))
    return [merged[k] for k in order]


def _labelled(ctx: Context, quotes: list[Quote]) -> tuple[Quote, ...]:
    labels = ctx.source_labels
    return tuple(
        Quote(
            q.participant,
            q.source,
            labels.get(q.source, q.source),
            q.turn,
            q.text,
            q.exemplar,
            q.codes,
        )
        for q in quotes
    )


@dataclass(frozen=True, slots=True)
class SubthemeQuotes:
    id: str
    label: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class ThemeQuotes:
    id: str
    label: str
    subthemes: tuple[SubthemeQuotes, ...]


@dataclass(frozen=True, slots=True)
class QuotesTable:
    """For each theme and subtheme, its quotes with pseudonym, source and turn."""

    name: str
    title: str
    themes: tuple[ThemeQuotes, ...]
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return to_jsonable(self)  # type: ignore[no-any-return]

    def grid(self) -> Grid:
        cols = (Column("Quote"), Column("Participant"), Column("Source"), Column("Turn", "right"))
        rows: list[Row] = []
        for t in self.themes:
            rows.append(Row((t.label, "", "", ""), "group"))
            for s in t.subthemes:
                rows.append(Row((s.label, "", "", ""), "group", 1))
                for q in s.quotes:
                    rows.append(Row((q.text, q.participant, q.source_label, str(q.turn))))
        return Grid(self.name, self.title, cols, tuple(rows), self.notes)


def build_quotes(ctx: Context) -> QuotesTable:
    """The quote bank, themes and subthemes in file order."""
    themes = []
    for theme in ctx.study.themes:
        subs = []
        for sub in theme.subthemes:
            ev = ctx.by_subtheme.get((theme.id, sub.id), [])
            subs.append(SubthemeQuotes(sub.id, sub.label, _labelled(ctx, collect_quotes(ev))))
        themes.append(ThemeQuotes(theme.id, theme.label, tuple(subs)))
    notes = (
        "Exemplar quotes come first, then quotes in source order and by turn. "
        + counting_note(ctx),
    )
    return QuotesTable("quotes", "Quote Bank", tuple(themes), notes)


# --- personal experiential themes -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonalTheme:
    id: str
    label: str
    subthemes: tuple[SubthemeQuotes, ...]


@dataclass(frozen=True, slots=True)
class PersonalThemes:
    participant: str
    source: str
    source_label: str
    themes: tuple[PersonalTheme, ...]


@dataclass(frozen=True, slots=True)
class PetsTable:
    """For each participant, the themes they evidence with their quotes."""

    name: str
    title: str
    participants: tuple[PersonalThemes, ...]
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return to_jsonable(self)  # type: ignore[no-any-return]

    def grid(self) -> Grid:
        cols = (Column("Theme"), Column("Subtheme"), Column("Quote"), Column("Turn", "right"))
        rows: list[Row] = []
        for p in self.participants:
            rows.append(Row((f"{p.participant} ({p.source_label})", "", "", ""), "group"))
            if not p.themes:
                rows.append(Row(("–", "", "", "")))
            for t in p.themes:
                first_t = True
                for s in t.subthemes:
                    first_s = True
                    for q in s.quotes:
                        rows.append(
                            Row(
                                (
                                    t.label if first_t else "",
                                    s.label if first_s else "",
                                    q.text,
                                    str(q.turn),
                                )
                            )
                        )
                        first_t = first_s = False
        return Grid(self.name, self.title, cols, tuple(rows), self.notes, wide=True)


def build_pets(ctx: Context) -> PetsTable:
    """Personal experiential themes: each participant's themes and subthemes with quotes."""
    out = []
    for src, pid in ctx.columns:
        mine = ctx.by_participant.get(pid, {})
        themes = []
        for theme in ctx.study.themes:
            subs = []
            for sub in theme.subthemes:
                ev = mine.get((theme.id, sub.id), [])
                if ev:
                    subs.append(
                        SubthemeQuotes(sub.id, sub.label, _labelled(ctx, collect_quotes(ev)))
                    )
            if subs:
                themes.append(PersonalTheme(theme.id, theme.label, tuple(subs)))
        out.append(PersonalThemes(pid, src.id, src.label, tuple(themes)))
    notes = (
        "Participants in source order; themes in the order of themes.yaml. " + counting_note(ctx),
    )
    return PetsTable("pets", "Personal Experiential Themes", tuple(out), notes)
