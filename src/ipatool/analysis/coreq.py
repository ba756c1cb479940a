"""The COREQ checklist (Tong, Sainsbury & Craig, 2007), filled from the study where it knows.

Each of the 32 items (:mod:`ipatool.analysis.coreq_items`) is either answered from the study's
files (who interviewed, the method, the sample size and its recorded fields, repeat interviews,
durations, coders, the coding tree, the software, quotations, major and minor themes) or marked
``To be completed``: what the files cannot know (credentials, setting, saturation...) is never
guessed.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from ipatool import __version__
from ipatool.analysis.coreq_items import ITEMS
from ipatool.analysis.grid import Column, Context, Grid, Row, fields_to_json
from ipatool.analysis.methods import MethodsTable, build_methods
from ipatool.analysis.quotebank import subtheme_evidence
from ipatool.read.models import Method

TO_COMPLETE = "To be completed"

_METHODS = {
    Method.IPA: "Interpretative phenomenological analysis (IPA)",
    Method.THEMATIC: "Thematic analysis",
}


@dataclass(frozen=True, slots=True)
class CoreqItem:
    """One checklist item and what the study says to it (``filled`` False: to be completed)."""

    number: int
    domain: str
    topic: str
    item: str
    question: str
    answer: str
    filled: bool


@dataclass(frozen=True, slots=True)
class CoreqTable:
    """The 32 COREQ items, grouped by domain and topic."""

    name: str
    title: str
    items: tuple[CoreqItem, ...]
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
                domain = it.domain
                rows.append(Row((domain, "", "", ""), "group"))
            if it.topic != topic:
                topic = it.topic
                rows.append(Row((topic, "", "", ""), "group", 1))
            rows.append(Row((str(it.number), it.item, it.question, it.answer)))
        return Grid(self.name, self.title, cols, tuple(rows), self.notes, wide=True)


def _people(ids: list[str], names: dict[str, str | None]) -> str:
    return ", ".join(f"{names[i]} ({i})" if names.get(i) else i for i in ids)


def _answers(ctx: Context) -> dict[int, str]:
    """The items the study answers, by number."""
    cfg = ctx.config
    out: dict[int, str] = {}
    heard = {i for s in ctx.sources for i in s.transcript.interviewers}
    if heard:
        named = {p.id: p.name for p in cfg.interviewers}
        order = [p.id for p in cfg.interviewers if p.id in heard] + sorted(heard - set(named))
        out[1] = _people(order, named)
    out[9] = _METHODS[cfg.method]
    n = len(ctx.participants)
    out[12] = f"{n} participant{'' if n == 1 else 's'}"
    if cfg.fields and ctx.participants:
        labels = ", ".join(f.title for f in cfg.fields)
        out[16] = f"Recorded for each participant: {labels} (the sample and participants tables)"
    if ctx.sources:
        times: dict[str, int] = {}
        for s in ctx.sources:
            for pid in dict.fromkeys(s.participants):
                times[pid] = times.get(pid, 0) + 1
        again = sorted(p for p, k in times.items() if k > 1)
        out[18] = (
            f"Yes: {len(again)} participant{'' if len(again) == 1 else 's'} in more than one "
            f"transcript ({', '.join(again)})"
            if again
            else "No: each participant took part in one transcript"
        )
        methods = build_methods(ctx)
        if (
            isinstance(methods, MethodsTable)
            and methods.procedure
            and any(d.minutes for d in methods.durations)
        ):
            out[21] = methods.procedure
    coders = {p.id: p.name for p in cfg.coders}
    out[24] = f"{len(coders)} ({_people(list(coders), coders)})"
    themes = ctx.study.themes
    subs = [s for t in themes for s in t.subthemes]
    codes = sum(len(s.codes) for s in subs)
    if themes:
        out[25] = (
            f"Yes: {len(themes)} superordinate theme{'' if len(themes) == 1 else 's'}, "
            f"{len(subs)} subtheme{'' if len(subs) == 1 else 's'} and "
            f"{codes} code{'' if codes == 1 else 's'} (the themes and codebook tables)"
        )
    out[27] = f"ipatool {__version__} (study files as plain text under git)"
    extracts: set[Hashable] = set()
    for sev in subtheme_evidence(ctx).values():
        extracts |= sev.extracts
    if extracts:
        out[29] = (
            f"Yes: {len(extracts)} coded extract{'' if len(extracts) == 1 else 's'}, each "
            "identified by pseudonym and source (the quote bank)"
        )
    if themes:
        out[31] = (
            f"{len(themes)} superordinate theme{'' if len(themes) == 1 else 's'} (the themes table)"
        )
    if subs:
        out[32] = (
            f"{len(subs)} subtheme{'' if len(subs) == 1 else 's'}; the participants absent from "
            "each theme (divergence) in the quality table"
        )
    return out


def build_coreq(ctx: Context) -> CoreqTable:
    """Every COREQ item, answered from the study where it can be."""
    answers = _answers(ctx)
    items = tuple(
        CoreqItem(
            it.number,
            it.domain,
            it.topic,
            it.item,
            it.question,
            answers.get(it.number, TO_COMPLETE),
            it.number in answers,
        )
        for it in ITEMS
    )
    filled = sum(i.filled for i in items)
    notes = (
        "COREQ: Consolidated criteria for reporting qualitative research (Tong, Sainsbury & "
        f"Craig, 2007). {filled} of the 32 items are answered from the study's files; the others "
        "are marked to be completed by the authors.",
    )
    return CoreqTable("coreq", "COREQ Checklist", items, filled, notes)
