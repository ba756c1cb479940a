"""Intercoder agreement of a study: per code and pooled, over the participant turns of double-coded transcripts.

Units are the turns spoken by participants in every transcript with two or more coders; for each
code, each coder's decision on a unit is "applied" or "not applied" (from the codings' ``by``;
a coding without ``by`` counts as every coder's, and the items that rest on one are counted).
An item is one (unit, code) pair. Undefined coefficients are ``None`` with a reason. The items
the coders differ on are listed as :class:`Disagreement` entries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any

from ipatool.analysis.agreement.bootstrap import alpha_interval
from ipatool.analysis.agreement.coefficients import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from ipatool.analysis.agreement.disagreements import Disagreement, Extract
from ipatool.analysis.agreement.summary import Summary, summarise
from ipatool.read.study import Study

if TYPE_CHECKING:
    from ipatool.analysis.grid import Context

REFLEXIVE = (
    "Reflexive thematic analysis does not use intercoder reliability: coding is the researcher's "
    "interpretive work, and agreement between coders is not a measure of its quality (Braun & "
    "Clarke, 2019, 2021)."
)
"""What agreement says first for a study with ``method: thematic`` and ``reflexive: true``."""


def reflexive_note(study: Study) -> str | None:
    """:data:`REFLEXIVE` for a reflexive thematic analysis, else None."""
    config = study.config
    if config is not None and config.method == "thematic" and config.reflexive:
        return REFLEXIVE
    return None


POOLED = "(all codes)"
"""The ``code`` of the pooled row."""


@dataclass(frozen=True, slots=True)
class Coefficient:
    """A coefficient's value, or ``None`` with the reason it is undefined."""

    value: float | None
    undefined: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "undefined": self.undefined}

    def text(self, digits: int = 2) -> str:
        return "undefined" if self.value is None else f"{self.value:.{digits}f}"


@dataclass(frozen=True, slots=True)
class PairKappa:
    """Cohen's kappa and percent agreement of two coders, on the items both of them coded."""

    coders: tuple[str, str]
    items: int
    percent_agreement: Coefficient
    kappa: Coefficient

    def to_json(self) -> dict[str, Any]:
        return {
            "coders": list(self.coders),
            "items": self.items,
            "percent_agreement": self.percent_agreement.to_json(),
            "cohen_kappa": self.kappa.to_json(),
        }


@dataclass(frozen=True, slots=True)
class AgreementRow:
    """Agreement on one code (or pooled over all codes when ``pooled``)."""

    code: str
    label: str
    theme: str | None
    subtheme: str | None
    pooled: bool
    items: int
    applied: dict[str, int]
    percent_agreement: Coefficient
    cohen: list[PairKappa]
    fleiss_kappa: Coefficient | None
    krippendorff_alpha: Coefficient
    items_without_by: int = 0
    alpha_ci95: tuple[float, float] | None = None
    """Alpha's bootstrap 95% interval (Hayes & Krippendorff 2007); None where alpha is undefined."""

    def to_json(self) -> dict[str, Any]:
        alpha = self.krippendorff_alpha.to_json()
        alpha["ci95"] = list(self.alpha_ci95) if self.alpha_ci95 is not None else None
        return {
            "code": None if self.pooled else self.code,
            "label": self.label,
            "theme": self.theme,
            "subtheme": self.subtheme,
            "pooled": self.pooled,
            "items": self.items,
            "items_without_by": self.items_without_by,
            "applied": dict(self.applied),
            "percent_agreement": self.percent_agreement.to_json(),
            "cohen_kappa": [p.to_json() for p in self.cohen],
            "fleiss_kappa": self.fleiss_kappa.to_json() if self.fleiss_kappa else None,
            "krippendorff_alpha": alpha,
        }


@dataclass
class AgreementTable:
    """Everything ``ipatool agreement`` reports; ``to_json()`` gives the documented JSON shape."""

    coders: list[str]
    transcripts: list[str]
    units: int
    rows: list[AgreementRow]
    pooled: AgreementRow | None
    skipped: list[str] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    items_without_by: int = 0
    """Items (turn x code, over the reported codes) that rest on a coding without ``by``."""
    method_note: str | None = None
    """Why the study's method does not use agreement (reflexive thematic analysis), or None."""

    @property
    def empty(self) -> bool:
        return not self.transcripts

    @property
    def never_applied(self) -> list[AgreementRow]:
        """The rows of codes no coder applied in the compared transcripts."""
        return [r for r in self.rows if not any(r.applied.values())]

    @property
    def applied_rows(self) -> list[AgreementRow]:
        """The rows of codes some coder applied."""
        return [r for r in self.rows if any(r.applied.values())]

    def summary(self) -> Summary:
        return summarise(self.rows, self.coders)

    def to_json(self) -> dict[str, Any]:
        return {
            "coders": list(self.coders),
            "transcripts": list(self.transcripts),
            "units": self.units,
            "codes": [r.to_json() for r in self.rows],
            "pooled": self.pooled.to_json() if self.pooled else None,
            "summary": self.summary().to_json(),
            "never_applied": [r.code for r in self.never_applied],
            "skipped_transcripts": list(self.skipped),
            "items_without_by": self.items_without_by,
            "disagreements": [d.to_json() for d in self.disagreements],
            "method_note": self.method_note,
        }


@dataclass(slots=True)
class _Unit:
    transcript: str
    coders: tuple[str, ...]
    applied: dict[str, set[str]]  # code -> coders who applied it to this unit
    n: int = 0
    speaker: str = ""
    without_by: set[str] = field(default_factory=set)  # codes resting on a coding without by
    extracts: dict[str, list[Extract]] = field(default_factory=dict)
    text: str | None = None  # the turn's words, where a coding quotes the whole turn


def _units(study: Study) -> tuple[list[_Unit], list[str], list[str], list[str]]:
    units: list[_Unit] = []
    included: list[str] = []
    skipped: list[str] = []
    coders_seen: list[str] = []
    for t in study.transcripts:
        coders = tuple(dict.fromkeys(study.coders_of(t)))
        if len(coders) < 2:
            skipped.append(t.id)
            continue
        included.append(t.id)
        for c in coders:
            if c not in coders_seen:
                coders_seen.append(c)
        participants = set(t.participant_ids)
        by_turn: dict[int, _Unit] = {}
        for turn in t.turns:
            if turn.speaker in participants and turn.n not in by_turn:
                unit = _Unit(t.id, coders, {}, turn.n, turn.speaker)
                by_turn[turn.n] = unit
                units.append(unit)
        for coding in t.codings:
            unit_or_none = by_turn.get(coding.turn)
            if unit_or_none is None:
                continue
            applied_by = study.applied_by(t, coding)
            who = set(applied_by) & set(coders)
            unit_or_none.applied.setdefault(coding.code, set()).update(who)
            if coding.by is None:
                unit_or_none.without_by.add(coding.code)
            whole = coding.quote is None
            if whole:
                unit_or_none.text = coding.extract
            unit_or_none.extracts.setdefault(coding.code, []).append(
                Extract(tuple(c for c in applied_by if c in who), coding.extract, whole)
            )
    return units, included, skipped, coders_seen


def _disagreements(
    units: list[_Unit], order: list[str], turn_texts: Mapping[tuple[str, int], str]
) -> list[Disagreement]:
    """Every unit x code (codes in ``order``) that some coders applied and others did not, with
    the turn's words (from a whole-turn coding, else from ``turn_texts``)."""
    rank = {c: i for i, c in enumerate(order)}
    out: list[Disagreement] = []
    for u in units:
        for code in sorted(set(u.applied) & set(rank), key=rank.__getitem__):
            who = u.applied[code]
            if not who or who >= set(u.coders):
                continue
            out.append(
                Disagreement(
                    u.transcript,
                    u.n,
                    u.speaker,
                    code,
                    tuple(c for c in u.coders if c in who),
                    tuple(c for c in u.coders if c not in who),
                    tuple(u.extracts.get(code, ())),
                    u.text if u.text is not None else turn_texts.get((u.transcript, u.n)),
                    code in u.without_by,
                )
            )
    out.sort(key=lambda d: (d.transcript, d.turn, rank[d.code]))
    return out


def agreement_table(
    study: Study,
    codes: Sequence[str] | None = None,
    turn_texts: Mapping[tuple[str, int], str] | None = None,
) -> AgreementTable:
    """Agreement per code (themes.yaml order, then undefined codes that were applied) and pooled.

    ``turn_texts`` ((transcript id, turn number) -> text, read by the caller) gives each
    disagreement the words of its turn; the loaded study keeps extracts, not turn texts.

    ``codes`` restricts the rows, and the pooled row, to those code ids.
    """
    units, included, skipped, coders = _units(study)
    places = study.code_places()
    order = list(places)
    applied_codes = sorted({c for u in units for c in u.applied} - set(places))
    order += applied_codes
    if codes is not None:
        wanted = set(codes)
        order = [c for c in order if c in wanted] + sorted(wanted - set(order))
    per_code = _patterns(units, coders, order)
    resting = Counter(code for u in units for code in u.without_by)
    rows: list[AgreementRow] = []
    for code in order:
        place = places.get(code)
        rows.append(
            _row(
                coders,
                per_code[code],
                code=code,
                label=place.code.title if place else code,
                theme=place.theme.id if place else None,
                subtheme=place.subtheme.id if place else None,
                pooled=False,
                without_by=resting[code],
            )
        )
    pooled = None
    if order:
        pooled = _row(
            coders,
            sum((per_code[code] for code in order), Counter()),
            code=POOLED,
            label="All codes",
            theme=None,
            subtheme=None,
            pooled=True,
            without_by=sum(resting[code] for code in order),
        )
    return AgreementTable(
        coders,
        included,
        len(units),
        rows,
        pooled,
        skipped,
        _disagreements(units, order, turn_texts or {}),
        sum(resting[code] for code in order),
        reflexive_note(study),
    )


Pattern = tuple[int | None, ...]
"""One item's decisions, one per coder: 1 applied, 0 not applied, None not a coder there."""


def _patterns(
    units: list[_Unit], coders: list[str], codes: list[str]
) -> dict[str, Counter[Pattern]]:
    """For each code, how many items show each pattern of decisions. Items where nobody applied
    the code (most of them) are counted per set of coders, never listed one by one."""
    blank: Counter[Pattern] = Counter()
    applied_in: dict[str, list[_Unit]] = {}
    for unit in units:
        blank[tuple(0 if c in unit.coders else None for c in coders)] += 1
        for code in unit.applied:
            applied_in.setdefault(code, []).append(unit)
    out: dict[str, Counter[Pattern]] = {}
    for code in codes:
        counts = Counter(blank)
        for unit in applied_in.get(code, ()):
            who = unit.applied[code]
            counts[tuple(0 if c in unit.coders else None for c in coders)] -= 1
            counts[tuple((1 if c in who else 0) if c in unit.coders else None for c in coders)] += 1
        out[code] = +counts  # drop patterns no item has
    return out


def _row(
    coders: list[str],
    patterns: Counter[Pattern],
    *,
    code: str,
    label: str,
    theme: str | None,
    subtheme: str | None,
    pooled: bool,
    without_by: int = 0,
) -> AgreementRow:
    # coders x distinct items matrix, with how many items share each column
    distinct = sorted(patterns, key=lambda p: tuple(-1 if v is None else v for v in p))
    freq = [patterns[p] for p in distinct]
    matrix: list[list[int | None]] = [[p[i] for p in distinct] for i in range(len(coders))]
    applied = {
        c: sum(f * (row[k] or 0) for k, f in enumerate(freq))
        for c, row in zip(coders, matrix, strict=True)
    }
    nobody = not any(applied.values())
    pairs: list[PairKappa] = []
    for (i, a), (j, b) in combinations(enumerate(coders), 2):
        xa: list[int] = []
        xb: list[int] = []
        fab: list[int] = []
        for va, vb, f in zip(matrix[i], matrix[j], freq, strict=True):
            if va is not None and vb is not None:
                xa.append(va)
                xb.append(vb)
                fab.append(f)
        if not xa:
            continue
        pairs.append(
            PairKappa(
                (a, b),
                sum(fab),
                _coef(percent_agreement([xa, xb], fab), "no items"),
                _coef(cohen_kappa(xa, xb, frequencies=fab), _kappa_reason(xa, xb)),
            )
        )
    columns = _columns(matrix)
    fleiss = None
    if len(coders) >= 3:
        triple = [(col, f) for col, f in zip(columns, freq, strict=True) if len(col) >= 3]
        if triple:
            counts = [[col.count(0), col.count(1)] for col, _f in triple]
            fleiss = _coef(
                fleiss_kappa(counts, [f for _c, f in triple]),
                _constant_reason([col for col, _f in triple], nobody),
            )
        else:
            fleiss = Coefficient(None, "no transcript has three or more coders")
    return AgreementRow(
        code=code,
        label=label,
        theme=theme,
        subtheme=subtheme,
        pooled=pooled,
        items=sum(f for col, f in zip(columns, freq, strict=True) if len(col) >= 2),
        applied=applied,
        percent_agreement=_coef(percent_agreement(matrix, freq), "no items"),
        cohen=pairs,
        fleiss_kappa=fleiss,
        krippendorff_alpha=_coef(
            krippendorff_alpha(matrix, frequencies=freq), _constant_reason(columns, nobody)
        ),
        items_without_by=without_by,
        alpha_ci95=alpha_interval(matrix, frequencies=freq) if len(coders) >= 2 else None,
    )


def _columns(matrix: list[list[int | None]]) -> list[list[int]]:
    if not matrix:
        return []
    return [[row[i] for row in matrix if row[i] is not None] for i in range(len(matrix[0]))]  # type: ignore[misc]


def _coef(value: float | None, reason: str) -> Coefficient:
    return Coefficient(value, None) if value is not None else Coefficient(None, reason)


def _kappa_reason(a: Iterable[int], b: Iterable[int]) -> str:
    values = set(a) | set(b)
    if values == {0}:
        return "neither coder applied the code (expected agreement 1)"
    if values == {1}:
        return "both coders applied the code to every item (expected agreement 1)"
    return "no items"


def _constant_reason(columns: Iterable[list[int]], nobody: bool) -> str:
    values = {v for col in columns if len(col) >= 2 for v in col}
    if not values:
        return "no items coded by two or more coders"
    if nobody or values == {0}:
        return "no coder applied the code (expected agreement 1)"
    if values == {1}:
        return "every coder applied the code to every item (expected agreement 1)"
    return "no variation in the data (expected agreement 1)"


def study_agreement(ctx: Context) -> AgreementTable:
    """The study's agreement figures for a render, computed once (with their bootstrap
    intervals) however many tables show them, and kept in ``ctx.memo``."""
    kept = ctx.memo.get("agreement")
    if isinstance(kept, AgreementTable):
        return kept
    table = agreement_table(ctx.study, turn_texts=ctx.options.turn_texts)
    ctx.memo["agreement"] = table
    return table
