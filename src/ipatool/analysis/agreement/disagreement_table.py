"""The disagreement table for the coders' consensus meeting (``--table disagreements``).

One row per participant turn x code on which the coders of a compared transcript differ, in the
order of the sources and their turns: the source, the turn, the speaker, the code, who applied
it, who did not, and the extract each coding marks. A working document for the coders, not a
table of the paper, so ``render`` draws it only when asked for by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ipatool.analysis.agreement.disagreements import Disagreement
from ipatool.analysis.agreement.figures import study_agreement
from ipatool.analysis.grid import Column, Context, Grid, Omitted, Row

TITLE = "Intercoder Disagreements to Discuss"


@dataclass(frozen=True, slots=True)
class DisagreementData:
    """The disagreement list laid out as a table, with the labels of sources and codes."""

    name: str
    title: str
    disagreements: tuple[Disagreement, ...]
    sources: tuple[tuple[str, str], ...]  # (transcript id, short label)
    code_labels: tuple[tuple[str, str], ...]  # (code id, label)
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "disagreements": [d.to_json() for d in self.disagreements],
            "notes": list(self.notes),
        }

    def grid(self) -> Grid:
        sources = dict(self.sources)
        labels = dict(self.code_labels)
        cols = (
            Column("Source"),
            Column("Turn", "right"),
            Column("Speaker"),
            Column("Code"),
            Column("Applied"),
            Column("Not applied"),
            Column("Extracts"),
        )
        rows = []
        for d in self.disagreements:
            extracts = "\n".join(
                f"{', '.join(q.by)}: “{q.text}”" + (" (whole turn)" if q.whole_turn else "")
                for q in d.quotes
            )
            rows.append(
                Row(
                    (
                        sources.get(d.transcript, d.transcript),
                        str(d.turn),
                        d.speaker,
                        labels.get(d.code, d.code),
                        ", ".join(d.applied_by),
                        ", ".join(d.not_applied_by),
                        extracts,
                    )
                )
            )
        return Grid(self.name, self.title, cols, tuple(rows), self.notes, wide=True)


def build_disagreements(ctx: Context) -> DisagreementData | Omitted:
    """The turns and codes the coders differ on; omitted without double coding or disagreement."""
    table = study_agreement(ctx)
    if table.empty:
        return Omitted(
            "disagreements",
            "no transcript is coded by two or more coders (`coded_by`), so there is nothing "
            "to compare",
        )
    if not table.disagreements:
        return Omitted("disagreements", "the coders made the same decision on every item")
    order = {s.id: s.index for s in ctx.sources}
    found = sorted(table.disagreements, key=lambda d: (order.get(d.transcript, len(order)), d.turn))
    places = ctx.study.code_places()
    labels = tuple((code, place.code.title) for code, place in places.items())
    n = len(found)
    notes = [
        f"{n} participant turn × code item{'' if n == 1 else 's'} on which the coders differ: "
        "one coder or more applied the code to the turn and one or more did not. Extracts: what "
        "each coding marks (its quote, or the whole turn).",
    ]
    if any(d.without_by for d in found):
        notes.append(
            "A coding without `by` counts as applied by every coder of the transcript; say who "
            "applied it (validate reports IPA311)."
        )
    return DisagreementData(
        "disagreements",
        TITLE,
        tuple(found),
        tuple((s.id, s.short_label) for s in ctx.sources),
        labels,
        tuple(notes),
    )
