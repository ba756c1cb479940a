"""Quality indicators per theme (Nizza, Farr & Smith, 2021), and the evidence rule's verdict.

For each theme and subtheme: how many participants contribute (n/N), its distinct extracts,
its largest contributor and the share of the extracts that are theirs, the participants who are
absent from it (divergence), the share of its extracts that carry an interpretative (conceptual)
note (a coding whose turn has a conceptual note), and whether it meets the evidence rule (Smith, 2011, as IPA602
applies it). A theme whose largest contributor supplies more than half of its extracts is
flagged: the flag is in the table note and in ``warnings`` (``ipatool render`` prints it).

Only counting codings enter (``rules.count_codings``), as in every table.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from ipatool.analysis import numbers as num
from ipatool.analysis.grid import Column, Context, Grid, Row, fields_to_json
from ipatool.analysis.quotebank import (
    NO_EVIDENCE,
    SubthemeEvidence,
    counting_note,
    subtheme_evidence,
)
from ipatool.check.themes import EvidenceRule, evidence_rule
from ipatool.read.models import Method


@dataclass(frozen=True, slots=True)
class QualityRow:
    """One theme or subtheme's indicators."""

    level: str
    id: str
    label: str
    theme: str
    participants: int
    total: int
    extracts: int
    largest: tuple[str, ...]
    """The participant(s) with the most extracts (ties all named), in column order."""
    largest_extracts: int
    largest_share: float | None
    """``largest_extracts / extracts``; None without extracts."""
    absent: tuple[str, ...]
    interpreted: int
    """How many of its extracts sit on a turn with a conceptual note."""
    interpreted_share: float | None
    """``interpreted / extracts``; None without extracts."""
    meets_rule: bool
    dominated: bool
    """More than half of the extracts come from one participant."""


@dataclass(frozen=True, slots=True)
class QualityTable:
    """Themes and subthemes with their quality indicators."""

    name: str
    title: str
    rule_need: int
    rule_band: str
    rule_source: str
    rows: tuple[QualityRow, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]

    to_json = fields_to_json

    def grid(self) -> Grid:
        cols = (
            Column("Theme"),
            Column("n/N", "right"),
            Column("Extracts", "right"),
            Column("Largest contributor"),
            Column("Share (%)", "right"),
            Column("Absent participants"),
            Column("Conceptual notes (%)", "right"),
            Column("Meets rule", "center"),
        )
        rows = []
        for r in self.rows:
            share = "–" if r.largest_share is None else num.percent(r.largest_share)
            cells = (
                r.label,
                f"{r.participants}/{r.total}",
                str(r.extracts),
                ", ".join(r.largest) or "–",
                share,
                ", ".join(r.absent) or "none",
                "–" if r.interpreted_share is None else num.percent(r.interpreted_share),
                "Yes" if r.meets_rule else "No",
            )
            strong = r.level == "theme"
            rows.append(Row(cells, "strong" if strong else "body", 0 if strong else 1))
        return Grid(self.name, self.title, cols, tuple(rows), self.notes, wide=True)


def _row(
    level: str,
    ident: str,
    label: str,
    theme: str,
    groups: list[SubthemeEvidence],
    noted: list[set[Hashable]],
    everyone: tuple[str, ...],
    rule: EvidenceRule,
) -> QualityRow:
    owner: dict[Hashable, str] = {}
    extracts: set[Hashable] = set()
    interpreted: set[Hashable] = set()
    for sev, keys in zip(groups, noted, strict=True):
        owner.update(sev.owners)
        extracts |= sev.extracts
        interpreted |= keys
    per: dict[str, int] = {}
    for who in owner.values():
        per[who] = per.get(who, 0) + 1
    most = max(per.values(), default=0)
    largest = tuple(p for p in everyone if per.get(p) == most and most)
    largest += tuple(sorted(p for p in per if per[p] == most and p not in everyone))
    share = most / len(extracts) if extracts else None
    return QualityRow(
        level,
        ident,
        label,
        theme,
        len(per),
        len(everyone),
        len(extracts),
        largest,
        most,
        share,
        tuple(p for p in everyone if p not in per),
        len(interpreted),
        len(interpreted) / len(extracts) if extracts else None,
        len(per) >= rule.need,
        share is not None and share > 0.5,
    )


def conceptual_turns(ctx: Context) -> set[tuple[int, int]]:
    """(source index, turn) of every turn that carries a conceptual note."""
    return {(s.index, n) for s in ctx.sources for n in s.transcript.conceptual_turns}


def _noted(ctx: Context) -> dict[tuple[str, str], set[Hashable]]:
    """By (theme, subtheme): the extracts (as :class:`SubthemeEvidence` keys them) on a turn
    with a conceptual note."""
    turns = conceptual_turns(ctx)
    out: dict[tuple[str, str], set[Hashable]] = {}
    for key, group in ctx.by_subtheme.items():
        keys: set[Hashable] = set()
        if turns:
            for k, i, c in zip(group.keys, group.sources, group.codings, strict=True):
                if (i, c.turn) in turns:
                    keys.add(k if ctx.one_voice else (i, c.turn, c.extract))
        out[key] = keys
    return out


def build_quality(ctx: Context) -> QualityTable:
    """Every theme, then its subthemes, with their indicators."""
    read = subtheme_evidence(ctx)
    noted = _noted(ctx)
    everyone = tuple(dict.fromkeys(pid for _src, pid in ctx.columns))
    rule = evidence_rule(ctx.config.rules, len(ctx.participants), ctx.config.method is Method.IPA)
    rows: list[QualityRow] = []
    warnings: list[str] = []
    for theme in ctx.study.themes:
        groups = [read.get((theme.id, s.id), NO_EVIDENCE) for s in theme.subthemes]
        marks = [noted.get((theme.id, s.id), set()) for s in theme.subthemes]
        top = _row("theme", theme.id, theme.label, theme.id, groups, marks, everyone, rule)
        rows.append(top)
        if top.dominated and top.largest_share is not None:
            warnings.append(
                f"{top.largest[0]} supplies {top.largest_extracts} of {top.extracts} "
                f"extract{'' if top.extracts == 1 else 's'} of the theme '{theme.id}' "
                f"({num.percent(top.largest_share)}%): more than half"
            )
        for sub, sev, mark in zip(theme.subthemes, groups, marks, strict=True):
            rows.append(
                _row("subtheme", sub.id, sub.label, theme.id, [sev], [mark], everyone, rule)
            )
    notes = [
        "n/N: participants contributing to the theme, of all participants in the transcripts. "
        "Extracts: its distinct coded extracts. Largest contributor: the participant with the "
        "most of them, and their share. Absent participants: those with no extract in it "
        "(divergence). Conceptual notes: the share of its extracts whose turn carries an "
        f"interpretative (conceptual) note. Meets rule: at least {rule.need} participants contribute "
        f"({rule.source}). " + counting_note(ctx)
    ]
    if warnings:
        notes.append(
            "More than half of a theme's extracts come from one participant: "
            + "; ".join(warnings)
            + "."
        )
    return QualityTable(
        "quality",
        "Quality Indicators of Each Theme",
        rule.need,
        rule.band,
        rule.source,
        tuple(rows),
        tuple(warnings),
        tuple(notes),
    )
