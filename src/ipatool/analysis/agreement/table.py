"""The intercoder agreement table: ``ipatool.analysis.agreement``'s figures laid out per code, under its subtheme.

Rows are the codes of themes.yaml that some coder applied, grouped under their theme and
subtheme (codes nobody applied are named once in the note), then two summary rows: the median and
range of each coefficient over the codes, and every item pooled. Columns: items, how many items
each coder applied the code to, percent agreement, Cohen's kappa per pair of coders, Fleiss'
kappa (when a compared transcript has three or more coders), Krippendorff's alpha and its
bootstrap 95% interval. Kappa and alpha are shown APA style (``.82``: they cannot exceed 1),
percentages to one decimal; a coefficient the data cannot define is shown as ``undefined``
(never 1.00) and the note gives the reason.
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
    study_agreement,
)
from ipatool.analysis.agreement.summary import Spread
from ipatool.analysis.grid import Column, Context, Grid, Omitted, Row
from ipatool.files import THEMES

UNDEFINED = "undefined"
"""What a cell shows for a coefficient the data cannot define."""

MISSING = "–"
"""A pair of coders who share no items on a row."""

TITLE = "Intercoder Agreement by Code"
NOT_IN_THEMES = f"Codes not in {THEMES}"
MEDIAN = "Median (range) over codes"
POOLED_LABEL = "All items pooled"


def _interval(ci: tuple[float, float] | None) -> str:
    if ci is None:
        return MISSING
    return f"[{num.no_leading_zero(ci[0])}, {num.no_leading_zero(ci[1])}]"


def _spread(s: Spread | None, percent: bool = False) -> str:
    if s is None or s.median is None or s.low is None or s.high is None:
        return MISSING

    def f(x: float) -> str:
        return num.percent(x) if percent else num.no_leading_zero(x)

    return f"{f(s.median)} ({f(s.low)}–{f(s.high)})"


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

    def _cells(self, r: AgreementRow, label: str | None = None) -> tuple[str, ...]:
        by_pair = {p.coders: p.kappa for p in r.cohen}
        cells = [
            label or r.label,
            str(r.items),
            *(str(r.applied.get(c, 0)) for c in self.agreement.coders),
            _text(r.percent_agreement, percent=True),
            *(_text(by_pair.get(p)) for p in self.pairs),
        ]
        if self.fleiss:
            cells.append(_text(r.fleiss_kappa))
        cells.append(_text(r.krippendorff_alpha))
        cells.append(_interval(r.alpha_ci95))
        return tuple(cells)

    def _median_cells(self) -> tuple[str, ...]:
        s = self.agreement.summary()
        by_pair = dict(s.cohen)
        cells = [
            f"{MEDIAN} ({s.codes})",
            "",
            *("" for _c in self.agreement.coders),
            _spread(s.percent_agreement, percent=True),
            *(_spread(by_pair.get(p)) for p in self.pairs),
        ]
        if self.fleiss:
            cells.append(_spread(s.fleiss_kappa))
        cells += [_spread(s.krippendorff_alpha), ""]
        return tuple(cells)

    def grid(self) -> Grid:
        cols = [Column("Code"), Column("Items", "right")]
        cols += [Column(f"n {c}", "right") for c in self.agreement.coders]
        cols.append(Column("% agreement", "right"))
        cols += [Column(_pair_label(p), "right") for p in self.pairs]
        if self.fleiss:
            cols.append(Column("Fleiss’ κ", "right"))
        cols += [Column("α", "right"), Column("α 95% CI", "right")]
        places = {code: (theme, sub) for code, theme, sub in self.labels}
        rows: list[Row] = []
        last: tuple[str, str] | None = None
        for r in self.agreement.applied_rows:
            theme, sub = places.get(r.code, (NOT_IN_THEMES, ""))
            if last is None or theme != last[0]:
                rows.append(Row((theme,), "group", 0))
            if sub and (last is None or (theme, sub) != last):
                rows.append(Row((sub,), "group", 1))
            last = (theme, sub)
            rows.append(Row(self._cells(r), indent=2 if sub else 1))
        if self.agreement.applied_rows:
            rows.append(Row(self._median_cells(), "total"))
        if self.agreement.pooled is not None:
            rows.append(Row(self._cells(self.agreement.pooled, POOLED_LABEL), "total"))
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
            f"Not shown: no coder applied {what} in the compared transcripts: {labels}. With an "
            "expected agreement of 1, κ and α are undefined for them (not 1)."
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
    table = study_agreement(ctx)
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
    notes = [table.method_note] if table.method_note else []
    notes += [
        "The unit of coding is the participant turn: for each code, each coder either applied it "
        "to a turn or did not (interviewer turns are not units). Items are turn × code pairs "
        "coded by two or more coders; n X: the items coder X applied the code to.",
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
    stats += (
        " α: Krippendorff’s alpha (nominal); α 95% CI: its bootstrap interval (Hayes & "
        "Krippendorff, 2007; 1,000 samples, fixed seed)."
        f" {MEDIAN}: the median and range of each coefficient over the codes where it is "
        f"defined (their number in brackets). {POOLED_LABEL}: every item of every code as one "
        "set, as if independent; it mixes rare and common codes, so read it with the median."
    )
    notes.append(stats)
    if table.items_without_by:
        k = table.items_without_by
        notes.append(
            f"{k} item{' rests' if k == 1 else 's rest'} on codings without `by`, counted as "
            "applied by every coder of the transcript (and so as agreement)."
        )
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
