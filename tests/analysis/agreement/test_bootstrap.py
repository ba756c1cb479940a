"""The bootstrap interval of alpha, against an independent bootstrap written here.

The bootstrap below is written from Hayes & Krippendorff's (2007) description, not from the
library: the pairs of values are listed one by one from the raw data (each ordered pair of two
coders' values in a unit weighs 1 / (m_u - 1)), the pair drawn is found by a linear scan, and the
chance correction and percentiles are done step by step. Same seed, same draws, so the two must
give the same interval.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Sequence

import pytest

from ipatool.analysis.agreement.bootstrap import SEED, alpha_interval, binomial_cdf
from ipatool.analysis.agreement.coefficients import Level, krippendorff_alpha


def _independent(
    data: Sequence[Sequence[int | None]], level: str, samples: int, seed: int
) -> tuple[float, float]:
    units = [[row[u] for row in data if row[u] is not None] for u in range(len(data[0]))]
    pairs: dict[tuple[int, int], float] = {}
    for vals in units:
        if len(vals) < 2:
            continue
        for i in range(len(vals)):
            for j in range(len(vals)):
                if i != j:
                    key = (vals[i], vals[j])
                    pairs[key] = pairs.get(key, 0.0) + 1 / (len(vals) - 1)
    values = sorted({c for c, _ in pairs})
    n_c = {c: sum(o for (a, _b), o in pairs.items() if a == c) for c in values}
    n = sum(n_c.values())

    def delta(c: int, k: int) -> float:
        if level == "nominal":
            return 0.0 if c == k else 1.0
        return float((c - k) ** 2)

    d_e = sum(n_c[c] * n_c[k] * delta(c, k) for c in values for k in values) / (n * (n - 1))
    m = sum(len(v) * (len(v) - 1) // 2 for v in units)  # every pair of values in the data
    table = []  # (upper bound of the cumulative probability, delta), pairs c <= k in order
    acc = 0.0
    for a in range(len(values)):
        for b in range(a, len(values)):
            c, k = values[a], values[b]
            p = pairs.get((c, k), 0.0) / n * (1 if c == k else 2)
            acc += p
            table.append((acc, delta(c, k)))
    rng = random.Random(seed)
    alphas = []
    if level == "nominal":  # the number of disagreeing pairs among m is binomial
        p_apart = 1 - sum(pairs.get((c, c), 0.0) for c in values) / n
        bounds, acc = [], 0.0
        for k in range(m + 1):
            acc += math.comb(m, k) * p_apart**k * (1 - p_apart) ** (m - k)
            bounds.append(acc)
        for _ in range(samples):
            r = rng.random()
            k = next((i for i, b in enumerate(bounds) if r <= b), m)
            alphas.append(max(-1.0, 1 - k / (m * d_e)))
    else:
        for _ in range(samples):
            total = 0.0
            for _ in range(m):
                r = rng.random()
                for bound, d in table:
                    if r <= bound:
                        total += d
                        break
                else:
                    total += table[-1][1]
            alphas.append(max(-1.0, 1 - total / (m * d_e)))
    ones = alphas.count(1.0)
    diag = [pairs.get((c, c), 0.0) for c in values]
    if len([o for o in diag if o > 0]) == 1:
        fix = ones
    else:
        fix = min(ones, round(samples * sum((o / n) ** m for o in diag)))
    fixed = []
    for a in alphas:
        if a == 1.0 and fix > 0:
            fixed.append(0.0)
            fix -= 1
        else:
            fixed.append(a)
    fixed.sort()
    return fixed[math.trunc(0.025 * samples) - 1], fixed[math.trunc(0.975 * samples)]


def _random_data(
    rng: random.Random, coders: int, units: int, missing: float
) -> list[list[int | None]]:
    truth = [rng.random() < 0.3 for _ in range(units)]
    out: list[list[int | None]] = []
    for _ in range(coders):
        row: list[int | None] = []
        for t in truth:
            if rng.random() < missing:
                row.append(None)
            else:
                row.append(int(t) if rng.random() < 0.85 else int(not t))
        out.append(row)
    return out


@pytest.mark.parametrize("case", range(8))
def test_matches_an_independent_bootstrap(case: int) -> None:
    rng = random.Random(case)
    data = _random_data(rng, 2 + case % 3, 10 + 9 * case, 0.1 * (case % 2))
    got = alpha_interval(data, samples=1000, seed=SEED + case)
    assert got is not None
    assert got == pytest.approx(_independent(data, "nominal", 1000, SEED + case), abs=1e-12)


def test_matches_at_interval_level() -> None:
    data: list[list[int | None]] = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5],
    ]
    data.append([None, 3, 3, 3, 2, 3, 4, 2, 2, 5])
    got = alpha_interval(data, Level.INTERVAL, samples=1000)
    assert got == pytest.approx(_independent(data, "interval", 1000, SEED), abs=1e-12)


def test_same_data_same_interval_and_it_brackets_alpha() -> None:
    data = _random_data(random.Random(7), 2, 60, 0.0)
    first = alpha_interval(data)
    assert first is not None and first == alpha_interval(data)
    alpha = krippendorff_alpha(data)
    assert alpha is not None and first[0] <= alpha <= first[1]


def test_more_items_narrow_the_interval() -> None:
    # .69 on 72 items is not .69 on 7,000: the same pattern of decisions, repeated
    small = [[1, 1, 0, 0, 0, 0, 1, 0, 0], [1, 0, 0, 0, 0, 0, 1, 0, 1]]
    freq_small = [8] * 9
    freq_big = [778] * 9
    a = alpha_interval(small, frequencies=freq_small)
    b = alpha_interval(small, frequencies=freq_big)
    assert a is not None and b is not None
    assert b[1] - b[0] < (a[1] - a[0]) / 3


def test_undefined_when_alpha_is() -> None:
    assert alpha_interval([[0, 0, 0], [0, 0, 0]]) is None
    assert alpha_interval([[0, None], [None, 1]]) is None
    with pytest.raises(ValueError):
        alpha_interval([[0, 1], [1, 0]], samples=10)


def _cdf_every_term(m: int, p: float) -> list[float]:
    """The binomial CDF summing all m + 1 terms, as the interval did before it kept to the terms
    around the mode that do not vanish."""
    lp, lq = math.log(p), math.log1p(-p)
    lg = math.lgamma(m + 1)
    out: list[float] = []
    total = 0.0
    for k in range(m + 1):
        total += math.exp(lg - math.lgamma(k + 1) - math.lgamma(m - k + 1) + k * lp + (m - k) * lq)
        out.append(total)
    out[-1] = max(out[-1], 1.0)
    return out


@pytest.mark.parametrize(
    ("m", "p"),
    [(1, 0.5), (7, 0.01), (40, 0.3), (1000, 0.001), (5000, 0.5), (20000, 0.07), (30000, 0.9999)],
)
def test_binomial_cdf_equals_the_sum_of_every_term(m: int, p: float) -> None:
    assert binomial_cdf(m, p).values() == _cdf_every_term(m, p)


@pytest.mark.parametrize(
    ("m", "p"), [(1, 0.5), (3, 0.0), (3, 1.0), (40, 0.3), (1000, 0.001), (5000, 0.5), (900, 0.97)]
)
def test_binomial_quantile_is_bisect_on_every_value(m: int, p: float) -> None:
    cdf = binomial_cdf(m, p)
    values = cdf.values()
    rng = random.Random(m)
    probes = [
        0.0,
        1e-300,
        0.5,
        1 - 1e-16,
        *values[:: max(1, m // 50)],
        *(rng.random() for _ in range(300)),
    ]
    for r in probes:
        if r < 1.0:
            assert cdf.quantile(r) == bisect.bisect_left(values, r), r


def test_binomial_cdf_edges() -> None:
    assert binomial_cdf(3, 0.0).values() == [1.0, 1.0, 1.0, 1.0]
    assert binomial_cdf(3, 1.0).values() == [0.0, 0.0, 0.0, 1.0]
    cdf = binomial_cdf(4, 0.5).values()  # 1, 4, 6, 4, 1 sixteenths
    assert cdf == pytest.approx([1 / 16, 5 / 16, 11 / 16, 15 / 16, 1.0])
