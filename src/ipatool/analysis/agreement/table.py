"""The intercoder agreement table: ``ipatool.analysis.agreement``'s figures laid out per code, under its subtheme.

Rows are the codes of themes.yaml grouped under their theme and subtheme, then a pooled row.
Columns: items, percent agreement, Cohen's kappa per pair of coders, Fleiss' kappa (when a
compared transcript has three or more coders) and Krippendorff's alpha. Kappa and alpha are shown
APA style (``.82``: they cannot exceed 1), percentages to one decimal; a coefficient the data
cannot define is shown as ``undefined`` (never 1.00) and the note gives the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

from ipatool.analysis import numbers as num
from ipatool.analysis.agreement.figures import (
    AgreementRow,
    AgreementTable,
    Coefficient,
    agreement_table,
)
from ipatool.analysis.grid import Column, Context, Grid, Omitted, Row
from ipatool.files import THEMES

UNDEFINED = "undefined"
"""What a cell shows for a coefficient the data cannot define."""

MISSING = "–"
"""A pair of coders who share no items on a row."""

TITLE = "Intercoder Agreement by Code"
NOT_IN_THEMES = f"Codes not in {THEMES}"


def _pair_label(pair: tuple[str, str]) -> str:
    return f"κ {pair[0]}–{pair[1]}"


def _text(c: Coefficient | None, percent: bool = False) -> str:
    if c is None:
        return MISSING
    if c.value is None:
        return UNDEFINED
    return num.percent(c.value) if percent else num.no_leading_zero(c.value)


def _series(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True, slots=True)
class AgreementData:
    """The agreement table: ``ipatool.analysis.agreement``'s data plus the layout and notes of the table."""

    name: str
    title: str
    agreement: AgreementTable
    pairs: tuple[tuple[str, str], ...]
    fleiss: bool
    coder_names: tuple[tuple[str, str], ...]
    labels: tuple[tuple[str, str, str], ...]  # (code id, theme label, subtheme label)
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "title": self.title, "unit": "participant turn"}
        out.update(self.agreement.to_json())
        out["coder_names"] = dict(self.coder_names)
        out["pairs"] = [list(p) for p in self.pairs]
        out["fleiss_shown"] = self.fleiss
        out["notes"] = list(self.notes)
        return out

    def _cells(self, r: AgreementRow) -> tuple[str, ...]:
        by_pair = {p.coders: p.kappa for p in r.cohen}
        cells = [
            r.label,
            str(r.items),
            _text(r.percent_agreement, percent=True),
            *(_text(by_pair.get(p)) for p in self.pairs),
        ]
        if self.fleiss:
            cells.append(_text(r.fleiss_kappa))
        cells.append(_text(r.krippendorff_alpha))
        return tuple(cells)

    def grid(self) -> Grid:
        cols = [Column("Code"), Column("Items", "right"), Column("% agreement", "right")]
        cols += [Column(_pair_label(p), "right") for p in self.pairs]
        if self.fleiss:
            cols.append(Column("Fleiss’ κ", "right"))
        cols.append(Column("α", "right"))
        places = {code: (theme, sub) for code, theme, sub in self.labels}
        rows: list[Row] = []
        last: tuple[str, str] | None = None
        for r in self.agreement.rows:
            theme, sub = places.get(r.code, (NOT_IN_THEMES, ""))
            if last is None or theme != last[0]:
                rows.append(Row((theme,), "group", 0))
            if sub and (last is None or (theme, sub) != last):
                rows.append(Row((sub,), "group", 1))
            last = (theme, sub)
            rows.append(Row(self._cells(r), indent=2 if sub else 1))
        if self.agreement.pooled is not None:
            rows.append(Row(self._cells(self.agreement.pooled), "total"))
        return Grid(self.name, self.title, tuple(cols), tuple(rows), self.notes, wide=len(cols) > 7)


def _undefined_notes(
    rows: list[AgreementRow], pairs: tuple[tuple[str, str], ...], fleiss: bool
) -> list[str]:
    """One sentence for codes nobody applied, then one per other reason a coefficient is undefined."""
    notes: list[str] = []
    unused = [r for r in rows if not r.pooled and not any(r.applied.values())]
    unused_ids = {id(r) for r in unused}
    if unused:
        labels = _series([r.label for r in unused])
        what = "this code" if len(unused) == 1 else f"these {len(unused)} codes"
        notes.append(
            f"No coder applied {what} in the compared transcripts: {labels}. With an expected "
            "agreement of 1, κ and α are undefined for them (not 1), and their 100% agreement "
            "only reflects that the code was never used."
        )
    by_reason: dict[str, list[str]] = {}
    for r in rows:
        if id(r) in unused_ids:
            continue
        named: list[tuple[str, Coefficient | None]] = [
            ("% agreement", r.percent_agreement),
            *((_pair_label(p.coders), p.kappa) for p in r.cohen if p.coders in pairs),
        ]
        if fleiss:
            named.append(("Fleiss’ κ", r.fleiss_kappa))
        named.append(("α", r.krippendorff_alpha))
        reasons: dict[str, list[str]] = {}
        for label, c in named:
            if c is not None and c.value is None:
                reasons.setdefault(c.undefined or "no reason given", []).append(label)
        for reason, what_list in reasons.items():
            by_reason.setdefault(reason, []).append(f"{r.label} ({', '.join(what_list)})")
    for reason, entries in by_reason.items():
        notes.append(f"Undefined because {reason}: {'; '.join(entries)}.")
    return notes


def build_agreement(ctx: Context) -> AgreementData | Omitted:
    """Agreement per code and pooled over the double-coded transcripts; omitted when there are none."""
    table = agreement_table(ctx.study)
    if table.empty:
        return Omitted(
            "agreement",
            "no transcript is coded by two or more coders (`coded_by`), so there is no "
            "intercoder agreement to report",
        )
    pair_order = list(combinations(table.coders, 2))
    seen = {
        p.coders for r in [*table.rows, *([table.pooled] if table.pooled else [])] for p in r.cohen
    }
    pairs = tuple(p for p in pair_order if p in seen)
    compared = [t for t in ctx.study.transcripts if t.id in set(table.transcripts)]
    fleiss = any(len(set(ctx.study.coders_of(t))) >= 3 for t in compared)
    names = {p.id: p.name for p in ctx.config.coders}
    coder_names = tuple((c, names.get(c) or c) for c in table.coders)
    source_labels = {s.id: s.short_label for s in ctx.sources}
    order = {s.id: s.index for s in ctx.sources}
    labels = tuple(
        (code, place.theme.label, place.subtheme.label)
        for code, place in ctx.study.code_places().items()
    )

    def who(c: str) -> str:
        name = names.get(c)
        return f"{c} ({name})" if name else c

    def shown(ids: list[str]) -> list[str]:
        return [
            source_labels.get(t, t) for t in sorted(ids, key=lambda t: order.get(t, len(order)))
        ]

    units = table.units
    notes = [
        "The unit of coding is the participant turn: for each code, each coder either applied it "
        "to a turn or did not (interviewer turns are not units). Items are turn × code pairs "
        "coded by two or more coders; the All codes row pools every item.",
        f"Compared: {_series(shown(table.transcripts))}, {units} participant "
        f"turn{'' if units == 1 else 's'} in all, coded independently by "
        f"{_series([who(c) for c in table.coders])}.",
    ]
    if table.skipped:
        notes.append("Not compared (one coder): " + _series(shown(table.skipped)) + ".")
    stats = (
        "% agreement: the share of items on which every coder made the same decision. "
        "κ X–Y: Cohen’s kappa of coders X and Y, on the items both coded."
    )
    if fleiss:
        stats += " Fleiss’ κ: Fleiss’ kappa over the items coded by three or more coders."
    stats += " α: Krippendorff’s alpha (nominal)."
    notes.append(stats)
    notes += _undefined_notes(
        [*table.rows, *([table.pooled] if table.pooled else [])], pairs, fleiss
    )
    return AgreementData(
        "agreement",
        TITLE,
        table,
        pairs,
        fleiss,
        coder_names,
        labels,
        tuple(notes),
    )
