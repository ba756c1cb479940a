"""The SRQR checklist (O'Brien et al., 2014: 21 items), filled from the study where it knows.

The same machinery as COREQ (:mod:`ipatool.analysis.checklist`): each item is answered from the
study's files (its title, method, transcripts, participants, coders, themes and quotes), from
``metadata`` in ``ipatool.yaml`` (research question, paradigm, setting, sampling, ethics,
funding...) and the interviewers' details, or marked ``To be completed``.
"""

from __future__ import annotations

from ipatool.analysis.checklist import (
    ChecklistTable,
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
from ipatool.analysis.coreq import method_name, procedure
from ipatool.analysis.grid import Context
from ipatool.analysis.srqr_items import ITEMS
from ipatool.read.models import TranscriptKind


def _team(ctx: Context) -> str | None:
    """The interviewers' details and the team's reflexivity (SRQR 6)."""
    team = interviewers(ctx)
    told = [
        f"{label}: {text}"
        for key, label in (
            ("credentials", "Credentials"),
            ("occupation", "Occupation"),
            ("gender", "Gender"),
            ("experience", "Experience"),
        )
        if (text := detail(team, key)) is not None
    ]
    meta = ctx.config.metadata
    return joined(*told, meta.relationship, meta.reflexivity)


def _collection(ctx: Context) -> str | None:
    """The transcripts by kind, the dates they span and their durations (SRQR 10)."""
    if not ctx.sources:
        return None
    kinds = [s.transcript.kind for s in ctx.sources]
    parts = []
    if TranscriptKind.INTERVIEW in kinds:
        parts.append(plural(kinds.count(TranscriptKind.INTERVIEW), "one-to-one interview"))
    if TranscriptKind.FOCUS_GROUP in kinds:
        parts.append(plural(kinds.count(TranscriptKind.FOCUS_GROUP), "focus group"))
    text = " and ".join(parts).capitalize()
    dates = sorted(d for s in ctx.sources if (d := s.transcript.date) is not None)
    if dates:
        span = (
            dates[0].isoformat()
            if dates[0] == dates[-1]
            else (f"{dates[0].isoformat()} to {dates[-1].isoformat()}")
        )
        text += f", {span}"
    return joined(text, procedure(ctx))


def _units(ctx: Context) -> str:
    cfg = ctx.config
    out = plural(len(ctx.participants), "participant")
    if cfg.fields and ctx.participants:
        out += f"; recorded for each: {', '.join(f.title for f in cfg.fields)}"
    return out + " (the sample and participants tables)"


def _analysis(ctx: Context) -> str:
    coders = {p.id: p.name for p in ctx.config.coders}
    double = sum(1 for s in ctx.sources if len(set(ctx.study.coders_of(s.transcript))) > 1)
    text = f"{method_name(ctx)}; {plural(len(coders), 'coder')} ({people(list(coders), coders)})"
    if double:
        text += f"; {plural(double, 'transcript')} coded by two or more coders"
    return text


def _answers(ctx: Context) -> dict[int, str]:
    cfg = ctx.config
    meta = cfg.metadata
    out: dict[int, str] = {1: cfg.title}
    given = {
        4: meta.research_question,
        5: method_name(ctx),
        6: _team(ctx),
        7: meta.setting,
        8: joined(meta.sampling, meta.approach, meta.non_participation, meta.saturation),
        9: meta.ethics,
        10: _collection(ctx),
        11: joined(meta.interview_guide, meta.recording, meta.field_notes),
        12: _units(ctx),
        13: joined(
            meta.data_management,
            "Transcripts and coding kept as plain text under version control, every quotation "
            "checked against its transcript (ipatool)",
        ),
        14: _analysis(ctx),
        15: joined(meta.trustworthiness, meta.participant_checking),
        20: meta.conflicts,
        21: meta.funding,
    }
    themes, subs, _codes = theme_counts(ctx)
    case_first = experiential_counts(ctx)
    if case_first is not None:
        given[16] = f"{case_first.summary()} (the GETs and PETs tables)"
        if case_first.statements:
            given[17] = (
                f"{plural(case_first.statements, 'experiential statement')} with the "
                "participant's words each rests on, each identified by pseudonym, source and "
                "turn (the PETs table)"
            )
    elif themes:
        given[16] = (
            f"{plural(themes, 'superordinate theme')} and {plural(subs, 'subtheme')} "
            "(the themes table)"
        )
    quoted = extracts(ctx) if case_first is None else 0
    if quoted:
        given[17] = (
            f"{plural(quoted, 'coded extract')}, each identified by pseudonym and source "
            "(the quote bank)"
        )
    out.update({n: v.strip() for n, v in given.items() if v and v.strip()})
    return out


def build_srqr(ctx: Context) -> ChecklistTable:
    """Every SRQR item, answered from the study where it can be."""
    source = (
        "SRQR: Standards for Reporting Qualitative Research (O'Brien, Harris, Beckman, Reed & "
        "Cook, 2014)"
    )
    return checklist("srqr", "SRQR Checklist", source, ITEMS, _answers(ctx))
