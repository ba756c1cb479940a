"""What the reporting checklists (COREQ, SRQR) share: an item and its answer, the table of
items, and the answers read from the study's settings and files.

An item is answered from the study where it knows (the files, or ``metadata`` and the
interviewers' details in ``ipatool.yaml``), otherwise marked ``To be completed``: what the study
does not say is never guessed.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ipatool.analysis.experiential import statement_index
from ipatool.analysis.grid import Column, Context, Grid, Row, fields_to_json
from ipatool.analysis.quotebank import subtheme_evidence
from ipatool.read.models import Person, Pet

TO_COMPLETE = "To be completed"


class Item(NamedTuple):
    """A published checklist item: number, domain, topic (may be empty), item and guide text."""

    number: int
    domain: str
    topic: str
    item: str
    question: str


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One checklist item and what the study says to it (``filled`` False: to be completed)."""

    number: int
    domain: str
    topic: str
    item: str
    question: str
    answer: str
    filled: bool


@dataclass(frozen=True, slots=True)
class ChecklistTable:
    """A checklist's items, grouped by domain (and topic, where the checklist has them)."""

    name: str
    title: str
    items: tuple[ChecklistItem, ...]
    filled: int
    notes: tuple[str, ...]

    to_json = fields_to_json

    def grid(self) -> Grid:
        cols = (
            Column("No.", "right"),
            Column("Item"),
            Column("Guide question"),
            Column("Reported"),
        )
        rows: list[Row] = []
        domain = topic = ""
        for it in self.items:
            if it.domain != domain:
                domain, topic = it.domain, ""
                rows.append(Row((domain, "", "", ""), "group"))
            if it.topic and it.topic != topic:
                topic = it.topic
                rows.append(Row((topic, "", "", ""), "group", 1))
            rows.append(Row((str(it.number), it.item, it.question, it.answer)))
        return Grid(self.name, self.title, cols, tuple(rows), self.notes, wide=True)


def fill(items: tuple[Item, ...], answers: Mapping[int, str]) -> tuple[ChecklistItem, ...]:
    """Every item with its answer, or ``To be completed``."""
    return tuple(
        ChecklistItem(
            it.number,
            it.domain,
            it.topic,
            it.item,
            it.question,
            answers.get(it.number, TO_COMPLETE),
            it.number in answers,
        )
        for it in items
    )


def checklist(
    name: str, title: str, source: str, items: tuple[Item, ...], answers: Mapping[int, str]
) -> ChecklistTable:
    """A checklist table: every item, answered where ``answers`` has it; the note names the
    checklist (``source``: its name and reference) and how many items the study answers."""
    filled_items = fill(items, answers)
    filled = sum(i.filled for i in filled_items)
    notes = (
        f"{source}. {filled} of the {len(items)} items are answered from the study's files and "
        "settings; the others are marked to be completed by the authors.",
    )
    return ChecklistTable(name, title, filled_items, filled, notes)


def people(ids: list[str], names: Mapping[str, str | None]) -> str:
    """``Kathryn Gardner (KG), KW``: each id with its name where there is one."""
    return ", ".join(f"{names[i]} ({i})" if names.get(i) else i for i in ids)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def interviewers(ctx: Context) -> list[Person]:
    """The people who conducted the transcripts' interviews, in the order ``ipatool.yaml``
    declares them (ids it does not declare after, sorted, without details)."""
    heard = {i for s in ctx.sources for i in s.transcript.interviewers}
    declared = [p for p in ctx.config.interviewers if p.id in heard]
    known = {p.id for p in declared}
    return declared + [Person(id=i) for i in sorted(heard - known)]


def detail(team: list[Person], key: str) -> str | None:
    """A detail of the interviewers (``credentials``, ``occupation``, ``gender``,
    ``experience``), one per person (``Kathryn Gardner (KG): PhD``); those who have none are
    named as to be completed. None when nobody has it."""
    given = [(p, getattr(p, key)) for p in team]
    if not any(v for _p, v in given):
        return None
    parts = [f"{_who(p)}: {v if v else TO_COMPLETE.lower()}" for p, v in given]
    return "; ".join(parts)


def _who(p: Person) -> str:
    return f"{p.name} ({p.id})" if p.name else p.id


def extracts(ctx: Context) -> int:
    """How many distinct coded extracts the tables quote."""
    seen: set[Hashable] = set()
    for sev in subtheme_evidence(ctx).values():
        seen |= sev.extracts
    return len(seen)


def theme_counts(ctx: Context) -> tuple[int, int, int]:
    """Superordinate themes, subthemes and codes."""
    themes = ctx.study.themes
    subs = [s for t in themes for s in t.subthemes]
    return len(themes), len(subs), sum(len(s.codes) for s in subs)


class Experiential(NamedTuple):
    """The case-first analysis in numbers: GETs and their subthemes, the PETs they draw on, the
    participants those PETs are of, and the experiential statements those PETs group."""

    gets: int
    subthemes: int
    pets: int
    participants: int
    statements: int

    def summary(self) -> str:
        """ "2 group experiential themes with 4 subthemes, drawn from 12 personal experiential
        themes of 4 participants"."""
        text = plural(self.gets, "group experiential theme")
        if self.subthemes:
            text += f" with {plural(self.subthemes, 'subtheme')}"
        return (
            f"{text}, drawn from {plural(self.pets, 'personal experiential theme')} of "
            f"{plural(self.participants, 'participant')}"
        )


def experiential_counts(ctx: Context) -> Experiential | None:
    """The case-first counts, when ``themes.yaml`` has GETs (None on the 2009 path). A PET
    counts once however many GETs draw on it; ids that are not defined are not counted
    (validate reports them)."""
    study = ctx.study
    if not study.gets:
        return None
    by_id: dict[str, Pet] = {}
    for pet in study.pets:
        by_id.setdefault(pet.id, pet)
    drawn = dict.fromkeys(
        i
        for get in study.gets
        for i in (*get.pets, *(i for sub in get.subthemes for i in sub.pets))
        if i in by_id
    )
    pets = [by_id[i] for i in drawn]
    index = statement_index(ctx)
    statements = dict.fromkeys(i for pet in pets for i in pet.statements if i in index)
    return Experiential(
        len(study.gets),
        sum(len(get.subthemes) for get in study.gets),
        len(pets),
        len({pet.participant for pet in pets}),
        len(statements),
    )


def joined(*parts: str | None) -> str | None:
    """The parts given, as one answer (``None`` when none is)."""
    given = [p.strip() for p in parts if p and p.strip()]
    if len(given) < 2:
        return given[0] if given else None
    return " ".join(_sentence(p) for p in given)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", ")")) else text + "."
