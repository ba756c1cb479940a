"""The COREQ checklist (Tong, Sainsbury & Craig, 2007), filled from the study where it knows.

Each of the 32 items (:mod:`ipatool.analysis.coreq_items`) is either answered from the study's
files (who interviewed, the method, the sample size and its recorded fields, repeat interviews,
durations, coders, the coding tree, the software, quotations, major and minor themes), from
what ``ipatool.yaml`` says of the interviewers (credentials, occupation, gender, experience) and
of the study (its ``metadata``: relationship, setting, sampling, saturation...), or marked
``To be completed``: what the study does not say is never guessed.
"""

from __future__ import annotations

from ipatool import __version__
from ipatool.analysis.checklist import (
    TO_COMPLETE,
    ChecklistItem,
    ChecklistTable,
    Experiential,
    checklist,
    detail,
    experiential_counts,
    extracts,
    interviewers,
    joined,
    people,
    plural,
    theme_counts,
)
from ipatool.analysis.coreq_items import ITEMS
from ipatool.analysis.grid import Context
from ipatool.analysis.methods import MethodsTable, build_methods
from ipatool.read.models import Method

__all__ = ["TO_COMPLETE", "CoreqItem", "CoreqTable", "build_coreq", "method_name"]

CoreqItem = ChecklistItem
CoreqTable = ChecklistTable

_METHODS = {
    Method.IPA: "Interpretative phenomenological analysis (IPA)",
    Method.THEMATIC: "Thematic analysis",
}

_FROM_METADATA = {
    6: "relationship",
    7: "participant_knowledge",
    8: "reflexivity",
    10: "sampling",
    11: "approach",
    13: "non_participation",
    14: "setting",
    15: "others_present",
    17: "interview_guide",
    19: "recording",
    20: "field_notes",
    22: "saturation",
    23: "transcripts_returned",
    26: "theme_derivation",
    28: "participant_checking",
}
"""COREQ items answered by one ``metadata`` key of ``ipatool.yaml``."""

_FROM_TEAM = {2: "credentials", 3: "occupation", 4: "gender", 5: "experience"}
"""COREQ items answered by the interviewers' details."""


def method_name(ctx: Context) -> str:
    """The method, with the study's paradigm when ``metadata`` gives one."""
    return joined(_METHODS[ctx.config.method], ctx.config.metadata.paradigm) or ""


def repeat_answer(ctx: Context) -> str:
    """Whether a participant is in more than one transcript."""
    times: dict[str, int] = {}
    for s in ctx.sources:
        for pid in dict.fromkeys(s.participants):
            times[pid] = times.get(pid, 0) + 1
    again = sorted(p for p, k in times.items() if k > 1)
    if not again:
        return "No: each participant took part in one transcript"
    return (
        f"Yes: {plural(len(again), 'participant')} in more than one transcript ({', '.join(again)})"
    )


def procedure(ctx: Context) -> str | None:
    """The Methods sentence on the durations, when the transcripts give any."""
    methods = build_methods(ctx)
    if (
        isinstance(methods, MethodsTable)
        and methods.procedure
        and any(d.minutes for d in methods.durations)
    ):
        return methods.procedure
    return None


def _answers(ctx: Context) -> dict[int, str]:
    """The items the study answers, by number."""
    cfg = ctx.config
    meta = cfg.metadata
    out: dict[int, str] = {}
    team = interviewers(ctx)
    if team:
        out[1] = people([p.id for p in team], {p.id: p.name for p in team})
        for number, key in _FROM_TEAM.items():
            told = detail(team, key)
            if told is not None:
                out[number] = told
    for number, key in _FROM_METADATA.items():
        value = getattr(meta, key)
        if value and value.strip():
            out[number] = value.strip()
    out[9] = method_name(ctx)
    out[12] = plural(len(ctx.participants), "participant")
    if cfg.fields and ctx.participants:
        labels = ", ".join(f.title for f in cfg.fields)
        out[16] = f"Recorded for each participant: {labels} (the sample and participants tables)"
    if ctx.sources:
        out[18] = repeat_answer(ctx)
        durations = procedure(ctx)
        if durations is not None:
            out[21] = durations
    coders = {p.id: p.name for p in cfg.coders}
    out[24] = f"{len(coders)} ({people(list(coders), coders)})"
    case_first = experiential_counts(ctx)
    themes, subs, codes = theme_counts(ctx)
    if case_first is not None:
        out.update(_case_first_answers(case_first, out))
    elif themes:
        out[25] = (
            f"Yes: {plural(themes, 'superordinate theme')}, {plural(subs, 'subtheme')} and "
            f"{plural(codes, 'code')} (the themes and codebook tables)"
        )
    out[27] = f"ipatool {__version__} (study files as plain text under git)"
    if case_first is not None:
        return out
    quoted = extracts(ctx)
    if quoted:
        out[29] = (
            f"Yes: {plural(quoted, 'coded extract')}, each identified by pseudonym and source "
            "(the quote bank)"
        )
    if themes:
        out[31] = f"{plural(themes, 'superordinate theme')} (the themes table)"
    if subs:
        out[32] = (
            f"{plural(subs, 'subtheme')}; the participants absent from each theme (divergence) "
            "in the quality table"
        )
    return out


def _case_first_answers(e: Experiential, given: dict[int, str]) -> dict[int, str]:
    """Items 25, 26 (unless ``metadata`` answers it), 29-32 from the GETs, their subthemes, the
    PETs and the experiential statements (the case-first path)."""
    out = {
        25: (
            f"Yes: {e.summary()}, grouping {plural(e.statements, 'experiential statement')} "
            "(the GETs and PETs tables)"
        ),
        30: (
            "Each group experiential theme is shown with the personal experiential themes it "
            "draws on, each of those with its experiential statements, and each statement with "
            "the participant's words and turn (the GETs and PETs tables)"
        ),
        31: f"{plural(e.gets, 'group experiential theme')} (the GETs table)",
        32: (
            (f"{plural(e.subthemes, 'subtheme')}; " if e.subthemes else "")
            + "the participants contributing to each theme (n/N) in the GETs table, and each "
            "participant's own personal experiential themes in the PETs table"
        ),
    }
    if 26 not in given:
        out[26] = (
            "Derived from the data, case by case: each participant's experiential statements "
            "grouped into their own personal experiential themes, and these, across cases, into "
            "group experiential themes (the PETs and GETs tables)"
        )
    if e.statements:
        out[29] = (
            f"Yes: {plural(e.statements, 'experiential statement')} with the participant's "
            "words each rests on, each identified by pseudonym, source and turn (the PETs table)"
        )
    return out


def build_coreq(ctx: Context) -> ChecklistTable:
    """Every COREQ item, answered from the study where it can be."""
    source = (
        "COREQ: Consolidated criteria for reporting qualitative research (Tong, Sainsbury & "
        "Craig, 2007)"
    )
    return checklist("coreq", "COREQ Checklist", source, ITEMS, _answers(ctx))
