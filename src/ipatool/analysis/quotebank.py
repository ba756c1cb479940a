"""The quote bank (quotes per theme and subtheme) and personal experiential themes (per participant).

Each subtheme's codings are read once (:func:`subtheme_evidence`) into its quotes, each
participant's share of them and counts per code, which the theme, recurrence and codebook tables
use as well: a study of a thousand transcripts has a hundred thousand codings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import chain, compress
from operator import attrgetter, itemgetter, not_

from ipatool.analysis.grid import (
    Column,
    Context,
    Grid,
    Quote,
    Row,
    SubthemeCodings,
    fields_to_json,
)
from ipatool.analysis.quoting import Extract, Heading, extract_maker
from ipatool.files import THEMES


def quoting_note(ctx: Context) -> str:
    """The note on how quotes are printed (shared by the quote bank and the personal themes)."""
    notes = " Conceptual notes follow the quotes they comment on." if ctx.options.notes else ""
    return (
        "Quotes of 40 words or more are set as block quotations; "
        f"{ctx.config.reporting.elision} marks words left out.{notes} "
    )


def counting_note(ctx: Context) -> str:
    """The note on which codings count, shared by every table of counts and quotes."""
    rule = ctx.config.rules.count_codings.value
    wording = {
        "any": "a coding counts when any coder applied it",
        "majority": "a coding counts when more than half of the transcript's coders applied it",
        "all": "a coding counts when every coder of the transcript applied it",
    }[rule]
    return f"Counts use participants' turns only; {wording} (count_codings: {rule})."


_EXEMPLAR = attrgetter("exemplar")
_FIRST = itemgetter(0)
_SPEAKER = attrgetter("speaker")
_PARTICIPANT = attrgetter("participant")
_CODES = attrgetter("codes")


def _in_order(group: SubthemeCodings) -> tuple[Quote, ...]:
    """A group's quotes in table order: exemplar quotes first, then by source order and turn,
    ties in order of first use."""
    quotes = list(group.quotes.values())
    exemplar = list(map(_EXEMPLAR, quotes))
    by_place = group.places.__getitem__
    first = sorted(compress(range(len(quotes)), exemplar), key=by_place)
    then = sorted(compress(range(len(quotes)), map(not_, exemplar)), key=by_place)
    return tuple(map(quotes.__getitem__, first + then))


def _split(quotes: tuple[Quote, ...]) -> dict[str, tuple[Quote, ...]]:
    """Quotes by participant, each in the order given."""
    out: dict[str, list[Quote]] = {}
    for q in quotes:
        mine = out.get(q.participant)
        if mine is None:
            out[q.participant] = [q]
        else:
            mine.append(q)
    return {p: tuple(qs) for p, qs in out.items()}


def _by_extract(group: SubthemeCodings, ids: list[tuple[str, str]]) -> SubthemeCodings:
    """The group's codings merged by extract (source, turn, text) rather than per participant.
    ``ids`` are the sources' ids and labels by source index."""
    out = SubthemeCodings()
    for i, c, code in zip(group.sources, group.codings, group.codes, strict=True):
        out.add((i, c.turn, c.extract), i, ids[i], c, (code,))
    return out


@dataclass(frozen=True, slots=True)
class SubthemeEvidence:
    """One subtheme's codings, read once for every table."""

    quotes: tuple[Quote, ...]
    """Its quotes (distinct extracts) in table order: exemplar quotes first, then by source
    order and turn, ties in order of first use."""
    personal: dict[str, tuple[Quote, ...]]
    """Participant -> their quotes of it, in the same order."""
    owners: dict[Hashable, str]
    """The key of each participant's quote (in :class:`SubthemeCodings`) -> the participant."""
    extracts: AbstractSet[Hashable]
    """Its distinct extracts (as keys of participants' quotes, or as (source, turn, text) without
    ``one_voice``)."""
    uses: dict[str, int]
    """Code id -> how many of its codings count."""
    pairs: set[tuple[str, str]]
    """(code id, participant) of each coding that counts."""
    people: dict[str, int]
    """Code id -> how many participants those codings come from."""
    quoted: dict[str, int]
    """Code id -> how many distinct extracts it is on."""


NO_EVIDENCE = SubthemeEvidence((), {}, {}, frozenset(), {}, set(), {}, {})
"""What a subtheme without codings reads as."""


def _read(group: SubthemeCodings, one_voice: bool, ids: list[tuple[str, str]]) -> SubthemeEvidence:
    """A subtheme's codings read: each participant's quotes, and the quote bank (the same
    unless an extract may be quoted from two participants)."""
    personal = _in_order(group)
    bank = group if one_voice else _by_extract(group, ids)
    people = list(map(_SPEAKER, group.codings))
    pairs = set(zip(group.codes, people, strict=True))
    return SubthemeEvidence(
        personal if bank is group else _in_order(bank),
        _split(personal),
        dict(zip(group.quotes, map(_PARTICIPANT, group.quotes.values()), strict=True)),
        set(bank.keys),
        Counter(group.codes),
        pairs,
        Counter(map(_FIRST, pairs)),
        Counter(chain.from_iterable(map(_CODES, bank.quotes.values()))),
    )


def subtheme_evidence(ctx: Context) -> dict[tuple[str, str], SubthemeEvidence]:
    """Every subtheme's codings read, by (theme id, subtheme id); computed on first use and
    kept in ``ctx.memo``."""
    memo = ctx.memo.get("subtheme_evidence")
    if isinstance(memo, dict):
        return memo
    ids = [(s.id, ctx.source_labels.get(s.id, s.id)) for s in ctx.sources]
    out = {key: _read(g, ctx.one_voice, ids) for key, g in ctx.by_subtheme.items()}
    ctx.memo["subtheme_evidence"] = out
    return out


@dataclass(frozen=True, slots=True)
class SubthemeQuotes:
    id: str
    label: str
    quotes: tuple[Extract, ...]


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

    to_json = fields_to_json

    def grid(self) -> Grid:
        cols = (Column("Quote"), Column("Participant"), Column("Source"), Column("Turn", "right"))
        rows: list[Row] = []
        for t in self.themes:
            rows.append(Row((t.label, "", "", ""), "group"))
            for s in t.subthemes:
                rows.append(Row((s.label, "", "", ""), "group", 1))
                rows += [
                    Row((q.printed, q.participant, q.source_label, str(q.turn))) for q in s.quotes
                ]
        return Grid(self.name, self.title, cols, tuple(rows), self.notes)

    def passages(self) -> list[Heading | Extract]:
        """The quote bank as printed: each theme's and subtheme's heading, then its quotes."""
        out: list[Heading | Extract] = []
        for t in self.themes:
            out.append(Heading(0, t.label))
            for s in t.subthemes:
                out.append(Heading(2, s.label))
                out += s.quotes or [Heading(3, "No extracts.")]
        return out


def build_quotes(ctx: Context) -> QuotesTable:
    """The quote bank, themes and subthemes in file order."""
    read = subtheme_evidence(ctx)
    make = extract_maker(ctx)
    themes = []
    for theme in ctx.study.themes:
        subs = []
        for sub in theme.subthemes:
            quotes = read.get((theme.id, sub.id), NO_EVIDENCE).quotes
            subs.append(SubthemeQuotes(sub.id, sub.label, tuple(map(make, quotes))))
        themes.append(ThemeQuotes(theme.id, theme.label, tuple(subs)))
    notes = (
        "Exemplar quotes come first, then quotes in source order and by turn. "
        + quoting_note(ctx)
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

    to_json = fields_to_json

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
                                    q.printed,
                                    str(q.turn),
                                )
                            )
                        )
                        first_t = first_s = False
        return Grid(self.name, self.title, cols, tuple(rows), self.notes, wide=True)

    def passages(self) -> list[Heading | Extract]:
        """The personal themes as printed: each participant, their themes and subthemes, and
        the quotes."""
        out: list[Heading | Extract] = []
        for p in self.participants:
            out.append(Heading(0, f"{p.participant} ({p.source_label})"))
            if not p.themes:
                out.append(Heading(3, "No extracts."))
            for t in p.themes:
                out.append(Heading(1, t.label))
                for s in t.subthemes:
                    out.append(Heading(2, s.label))
                    out += s.quotes
        return out


def build_pets(ctx: Context) -> PetsTable:
    """Personal experiential themes: each participant's themes and subthemes with quotes."""
    read = subtheme_evidence(ctx)
    make = extract_maker(ctx)
    places = [
        (
            theme,
            [(sub, read.get((theme.id, sub.id), NO_EVIDENCE).personal) for sub in theme.subthemes],
        )
        for theme in ctx.study.themes
    ]
    out = []
    for src, pid in ctx.columns:
        themes = []
        for theme, subthemes in places:
            subs = []
            for sub, by_person in subthemes:
                quotes = by_person.get(pid)
                if quotes:
                    subs.append(SubthemeQuotes(sub.id, sub.label, tuple(map(make, quotes))))
            if subs:
                themes.append(PersonalTheme(theme.id, theme.label, tuple(subs)))
        out.append(PersonalThemes(pid, src.id, src.label, tuple(themes)))
    notes = (
        f"Participants in source order; themes in the order of {THEMES}. "
        + quoting_note(ctx)
        + counting_note(ctx),
    )
    return PetsTable("pets", "Personal Experiential Themes", tuple(out), notes)
