"""A bootstrap 95% interval for Krippendorff's alpha, as Hayes & Krippendorff (2007) describe it.

Their algorithm: keep the data's expected disagreement ``D_e`` and resample the observed one from
the pairable values. Each bootstrap sample draws ``M`` pairs of values from the distribution the
coincidence matrix gives (the unordered pair ``c, k`` with probability ``2 o_ck / n`` for
``c != k`` and ``o_cc / n`` for ``c = k``); its alpha is ``1 - sum(delta of the pairs) / (M D_e)``,
limited below by -1. ``M`` is the number of pairs of values in the data (``sum m_u (m_u - 1) / 2``;
for two coders, the number of items). Their SPSS macro KALPHA 3.0 caps ``M`` at 25 times the
non-empty cells of the coincidence matrix to save time, which keeps the interval from narrowing as
items grow (.69 on 72 items would look like .69 on 7,000): ipatool does not cap it. Samples of
alpha 1 that a sample of one value alone would give by chance are set to 0 (``min(round(B
sum((o_cc / n)^M)), samples at 1)`` of them; every one, where only one value is on the diagonal).
The interval is KALPHA's: the ``trunc(.025 B)``-th and ``trunc(.975 B) + 1``-th smallest of the
``B`` samples.

The draws are reproducible: ``random.Random(seed)``. Where every pair of different values has the
same delta (nominal data; any two-valued data) the sum over ``M`` pairs is that delta times a
binomial count, drawn with one ``random()`` per sample by inverting its distribution (exact, and
fast for thousands of items); otherwise one ``random()`` per pair, the pairs in the order of the
sorted values (``c <= k``).
"""

from __future__ import annotations

import bisect
import math
import random
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ipatool.analysis.agreement.coefficients import Level, _metric, _units

T = TypeVar("T", bound=Hashable)

SAMPLES = 1000
"""Bootstrap samples (KALPHA's minimum)."""

SEED = 20070101
"""The fixed seed: the same study gives the same interval."""


def alpha_interval(
    data: Sequence[Sequence[T | None]],
    level: Level | str = Level.NOMINAL,
    *,
    frequencies: Sequence[int] | None = None,
    samples: int = SAMPLES,
    seed: int = SEED,
    value_order: Sequence[T] | None = None,
) -> tuple[float, float] | None:
    """The bootstrap 95% interval of alpha for a coders x units matrix; ``None`` where alpha is
    undefined (nothing pairable, or a single value throughout)."""
    if samples < 40:
        raise ValueError("a 95% interval needs at least 40 bootstrap samples")
    units = _units(data)
    freq = [1] * len(units) if frequencies is None else list(frequencies)
    if len(freq) != len(units):
        raise ValueError(f"{len(freq)} frequencies for {len(units)} units")
    coincidence: dict[tuple[Any, Any], float] = defaultdict(float)
    for values, f in zip(units, freq, strict=True):
        m = len(values)
        if m < 2 or not f:
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidence[(c, k)] += f / (m - 1)
    marginals: dict[Any, float] = defaultdict(float)
    for (c, _k), o in coincidence.items():
        marginals[c] += o
    n = sum(marginals.values())
    values = sorted(marginals, key=_sort_key)
    if len(values) < 2 or n <= 1:
        return None
    delta = _metric(Level(level), marginals, value_order)
    d_e = sum(
        marginals[c] * marginals[k] * delta(c, k) for c in values for k in values if c != k
    ) / (n * (n - 1))
    if d_e <= 0.0:
        return None
    draws = max(
        1,
        round(
            sum(
                f * len(v) * (len(v) - 1) / 2
                for v, f in zip(units, freq, strict=True)
                if len(v) >= 2
            )
        ),
    )
    cumulative: list[float] = []
    deltas: list[float] = []
    total = 0.0
    for a, c in enumerate(values):
        for k in values[a:]:
            o = coincidence.get((c, k), 0.0)
            total += (o if c == k else 2 * o) / n
            cumulative.append(total)
            deltas.append(delta(c, k))
    cumulative[-1] = max(cumulative[-1], 1.0)
    rng = random.Random(seed)
    alphas: list[float] = []
    apart = {d for d in deltas if d != 0.0}
    if len(apart) == 1:  # one delta for every pair of different values: a binomial count
        (step,) = apart
        p = sum(
            (cumulative[i] - (cumulative[i - 1] if i else 0.0))
            for i, d in enumerate(deltas)
            if d != 0.0
        )
        cdf = binomial_cdf(draws, p)
        for _ in range(samples):
            count = min(cdf.quantile(rng.random()), draws)
            alphas.append(max(-1.0, 1.0 - step * count / (d_e * draws)))
    else:
        for _ in range(samples):
            observed = 0.0
            for _d in range(draws):
                observed += deltas[bisect.bisect_left(cumulative, rng.random())]
            alphas.append(max(-1.0, 1.0 - observed / (d_e * draws)))
    diagonal = [coincidence.get((c, c), 0.0) for c in values]
    ones = sum(1 for a in alphas if a == 1.0)
    if sum(1 for o in diagonal if o > 0) == 1:
        chance = ones
    else:
        chance = min(ones, round(samples * sum((o / n) ** draws for o in diagonal)))
    for i, value in enumerate(alphas):
        if chance and value == 1.0:
            alphas[i] = 0.0
            chance -= 1
    alphas.sort()
    low = alphas[max(math.trunc(0.025 * samples), 1) - 1]
    high = alphas[min(math.trunc(0.975 * samples) + 1, samples) - 1]
    return low, high


@dataclass(frozen=True, slots=True)
class BinomialCdf:
    """``P(K <= k)`` for ``k = 0 .. m`` of a binomial(m, p) count, kept as the part that is not
    flat: 0.0 below ``low``, ``sums[k - low]`` from ``low`` on, and the last sum after them,
    except at ``m`` (never below 1.0). The pooled row of a large study has ``m`` in the hundreds
    of thousands, and all but a few hundred values are 0.0 or the last sum."""

    m: int
    low: int
    sums: list[float]

    def values(self) -> list[float]:
        """Every ``P(K <= k)``, ``k = 0 .. m``."""
        out = (
            [0.0] * self.low
            + self.sums
            + [self.sums[-1]] * (self.m + 1 - self.low - len(self.sums))
        )
        out[-1] = max(out[-1], 1.0)
        return out

    def quantile(self, r: float) -> int:
        """The smallest ``k`` with ``P(K <= k) >= r``, for ``0 <= r < 1`` (what
        ``bisect.bisect_left(self.values(), r)`` gives)."""
        if r <= 0.0:
            return 0
        at = bisect.bisect_left(self.sums, r)
        return self.low + at if at < len(self.sums) else self.m


def binomial_cdf(m: int, p: float) -> BinomialCdf:
    """``P(K <= k)`` for ``k = 0 .. m`` of a binomial(m, p) count (log space: no underflow).

    Each probability is ``exp`` of its logarithm, so far from the mode it is exactly ``0.0`` in
    floating point; only the terms around the mode that are not are computed (going out from the
    mode until they vanish), and the sums are the same, bit for bit, as summing every term."""
    if p <= 0.0:
        return BinomialCdf(m, 0, [1.0])
    if p >= 1.0:
        return BinomialCdf(m, m, [1.0])
    lp, lq = math.log(p), math.log1p(-p)
    lg = math.lgamma(m + 1)

    def term(k: int) -> float:
        return math.exp(lg - math.lgamma(k + 1) - math.lgamma(m - k + 1) + k * lp + (m - k) * lq)

    mode = min(m, math.floor((m + 1) * p))
    low = mode
    while low > 0 and term(low - 1) != 0.0:
        low -= 1
    high = mode
    while high < m and term(high + 1) != 0.0:
        high += 1
    sums: list[float] = []
    total = 0.0
    for k in range(low, high + 1):
        total += term(k)
        sums.append(total)
    return BinomialCdf(m, low, sums)


def _sort_key(value: Any) -> tuple[str, Any]:
    return (type(value).__name__, value)
