"""What a change does to the manuscript: the tables of each side built with the analysis
functions themselves, and every figure that differs, named by its table, row and measure.

Rows are matched under the new ids (a renamed theme is compared with itself), so a rename
that changes no figure has no effect.
"""

from __future__ import annotations

from typing import Any

from ipatool.analysis.agreement.figures import AgreementRow, agreement_table
from ipatool.analysis.experiential import GetsTable, build_gets
from ipatool.analysis.grid import make_context
from ipatool.analysis.sample import build_sample, build_sentence
from ipatool.analysis.themes import build_recurrence, build_themes
from ipatool.check.themes import evidence_rule
from ipatool.read.study import Study
from ipatool.review.changes import Effect

Figures = dict[tuple[str, str, str], Any]
"""(table, row id, measure) -> value."""


def figures(study: Study, renamed: dict[str, str] | None = None) -> Figures:
    """Every reported figure of a study whose settings loaded (ids seen through ``renamed``)."""
    names = renamed or {}
    out: Figures = {}
    ctx = make_context(study)
    need = evidence_rule(ctx.config.rules, len(study.participants)).need
    for theme in build_themes(ctx).themes:
        levels = [(theme.id, theme.participants, theme.quotes, bool(theme.subthemes))]
        levels += [(s.id, s.participants, s.quotes, bool(s.codes)) for s in theme.subthemes]
        for rid, people, quotes, has_members in levels:
            rid = names.get(rid, rid)
            out["themes", rid, "participants"] = people
            out["themes", rid, "extracts"] = quotes
            if has_members:
                out["themes", rid, "meets_evidence_rule"] = people > 0 and people >= need
    for row in build_recurrence(ctx).rows:
        rid = names.get(row.id, row.id)
        out["recurrence", rid, "participants"] = f"{row.n}/{row.total}"
        out["recurrence", rid, "recurrent"] = row.recurrent
    gets = build_gets(ctx)
    if isinstance(gets, GetsTable):
        for get in gets.gets:
            for rid, n in [(get.id, get.n), *((s.id, s.n) for s in get.subthemes)]:
                out["gets", rid, "participants"] = f"{n}/{gets.sample}"
    sample = build_sample(ctx)
    out["sample", "participants", "n"] = sample.total.n
    for cell in sample.total.cells:
        out["sample", cell.field, "text"] = cell.text
        out["sample", cell.field, "n"] = cell.n
        if cell.mean is not None:
            out["sample", cell.field, "mean"] = round(cell.mean, 2)
        if cell.sd is not None:
            out["sample", cell.field, "sd"] = round(cell.sd, 2)
        for level in cell.counts:
            out["sample", cell.field, level.level] = level.n
    for srow in sample.rows:  # each source's row: its participants, their figures, its length
        if srow.source is None:
            continue
        out["sample", srow.source, "participants"] = srow.n
        for cell in srow.cells:
            out["sample", srow.source, f"{cell.field} text"] = cell.text
        out["sample", srow.source, "duration"] = srow.duration
    out["sentence", "sentence", "text"] = build_sentence(ctx).text
    agreement = agreement_table(study)
    rows: list[AgreementRow] = list(agreement.rows)
    if agreement.pooled is not None:
        rows.append(agreement.pooled)
    for arow in rows:
        rid = "pooled" if arow.pooled else names.get(arow.code, arow.code)
        out["agreement", rid, "percent_agreement"] = _value(arow.percent_agreement.value)
        out["agreement", rid, "krippendorff_alpha"] = _value(arow.krippendorff_alpha.value)
        if arow.fleiss_kappa is not None:
            out["agreement", rid, "fleiss_kappa"] = _value(arow.fleiss_kappa.value)
        for pair in arow.cohen:
            name = f"cohen_kappa {'-'.join(pair.coders)}"
            out["agreement", rid, name] = _value(pair.kappa.value)
    return out


def _value(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


ORDER = ("themes", "recurrence", "gets", "sample", "sentence", "agreement")


def compare_figures(before: Figures, after: Figures) -> list[Effect]:
    """Each figure that differs (None on a side that does not have it)."""
    keys = [*before, *(k for k in after if k not in before)]
    out = [
        Effect(table, rid, measure, before.get(key), after.get(key))
        for key in keys
        for table, rid, measure in (key,)
        if before.get(key) != after.get(key)
    ]
    return sorted(out, key=lambda e: ORDER.index(e.table))
