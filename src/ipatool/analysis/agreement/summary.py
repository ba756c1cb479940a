"""A summary of the per-code figures a methodologist can defend, in place of a pooled row alone.

For each coefficient: the median and range of its per-code values, over the codes some coder
applied and where it is defined (how many codes that is, too). Beside it the table keeps alpha
over every item pooled, with its interval, labelled as such: pooling treats every turn x code
item as independent and mixes rare and common codes, so it is not the study's reliability.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ipatool.analysis.agreement.figures import AgreementRow, Coefficient


@dataclass(frozen=True, slots=True)
class Spread:
    """The median, lowest and highest of a coefficient over ``codes`` codes (None: no code)."""

    codes: int
    median: float | None
    low: float | None
    high: float | None

    def to_json(self) -> dict[str, Any]:
        return {"codes": self.codes, "median": self.median, "min": self.low, "max": self.high}


def spread(values: list[float]) -> Spread:
    if not values:
        return Spread(0, None, None, None)
    return Spread(len(values), statistics.median(values), min(values), max(values))


@dataclass(frozen=True, slots=True)
class Summary:
    """The spread of each coefficient over the codes applied by some coder."""

    codes: int
    percent_agreement: Spread
    cohen: tuple[tuple[tuple[str, str], Spread], ...]
    fleiss_kappa: Spread | None
    krippendorff_alpha: Spread

    def to_json(self) -> dict[str, Any]:
        return {
            "codes": self.codes,
            "percent_agreement": self.percent_agreement.to_json(),
            "cohen_kappa": [{"coders": list(p), **s.to_json()} for p, s in self.cohen],
            "fleiss_kappa": self.fleiss_kappa.to_json() if self.fleiss_kappa else None,
            "krippendorff_alpha": self.krippendorff_alpha.to_json(),
        }


def _defined(cs: list[Coefficient | None]) -> list[float]:
    return [c.value for c in cs if c is not None and c.value is not None]


def summarise(rows: list[AgreementRow], coders: list[str]) -> Summary:
    """The spread over ``rows`` that some coder applied (rows nobody applied are left out)."""
    used = [r for r in rows if not r.pooled and any(r.applied.values())]
    pairs = []
    for pair in combinations(coders, 2):
        values = _defined([p.kappa for r in used for p in r.cohen if p.coders == pair])
        if any(p.coders == pair for r in used for p in r.cohen):
            pairs.append((pair, spread(values)))
    fleiss = None
    if any(r.fleiss_kappa is not None for r in used):
        fleiss = spread(_defined([r.fleiss_kappa for r in used]))
    return Summary(
        len(used),
        spread(_defined([r.percent_agreement for r in used])),
        tuple(pairs),
        fleiss,
        spread(_defined([r.krippendorff_alpha for r in used])),
    )
