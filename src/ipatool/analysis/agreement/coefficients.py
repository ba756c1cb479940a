"""Agreement coefficients as plain functions: percent agreement, Cohen's, Fleiss' kappa, Krippendorff's alpha.

Every function returns ``None`` where the coefficient is undefined (no pairable data, or an
expected disagreement of zero, i.e. an expected agreement of 1), never a made-up 1.0. Pure
Python: the data of a qualitative study (turns x codes x coders) is small. Any sequence is
accepted, numpy arrays and pandas columns included (numpy is not needed); in a reliability matrix
``None`` and NaN (``float('nan')``, ``numpy.nan``, ``pandas.NA``) mean "no value given".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from enum import StrEnum
from typing import Any, TypeVar

T = TypeVar("T", bound=Hashable)


class Level(StrEnum):
    """Krippendorff's levels of measurement (the metric of disagreement between two values)."""

    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    INTERVAL = "interval"
    RATIO = "ratio"


class Weights(StrEnum):
    """Weighting of disagreements in Cohen's kappa."""

    LINEAR = "linear"
    QUADRATIC = "quadratic"


def cohen_kappa(
    a: Sequence[T],
    b: Sequence[T],
    *,
    weights: Weights | str | None = None,
    labels: Sequence[T] | None = None,
    frequencies: Sequence[int] | None = None,
) -> float | None:
    """Cohen's kappa of two coders' labels for the same units (``a[i]`` and ``b[i]`` pair up).

    ``weights`` (linear or quadratic) weighs a disagreement by the distance of the two labels'
    positions in ``labels`` (default: the labels that occur, sorted). ``None`` when the expected
    agreement is 1 (both coders used one and the same category throughout) or there are no units.
    ``frequencies`` says how many times each unit occurs (default: once each), so identical
    units can be given once.
    """
    if len(a) != len(b):
        raise ValueError(f"the two coders rate different numbers of units ({len(a)}, {len(b)})")
    freq = _frequencies(frequencies, len(a))
    n = sum(freq)
    if n == 0:
        return None
    cats: list[Any] = list(labels) if labels is not None else sorted(set(a) | set(b))
    index = {c: i for i, c in enumerate(cats)}
    missing = (set(a) | set(b)) - set(index)
    if missing:
        raise ValueError(f"labels not among the given labels: {sorted(map(str, missing))}")
    k = len(cats)
    weight = _cohen_weight(Weights(weights) if weights is not None else None)
    observed = [[0.0] * k for _ in range(k)]
    for x, y, f in zip(a, b, freq, strict=True):
        observed[index[x]][index[y]] += f
    row = [sum(r) for r in observed]
    col = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            w = weight(i, j)
            num += w * observed[i][j]
            den += w * row[i] * col[j] / n
    if _zero(den):
        return None
    return 1.0 - num / den


def _cohen_weight(weights: Weights | None) -> Callable[[int, int], float]:
    if weights is Weights.LINEAR:
        return lambda i, j: float(abs(i - j))
    if weights is Weights.QUADRATIC:
        return lambda i, j: float((i - j) ** 2)
    return lambda i, j: 0.0 if i == j else 1.0


def fleiss_kappa(
    counts: Sequence[Sequence[int]], frequencies: Sequence[int] | None = None
) -> float | None:
    """Fleiss' kappa from a units x categories matrix of how many raters chose each category.

    Units rated by fewer than two raters are skipped. Where units have different numbers of
    raters, each unit's agreement is taken over its own rater pairs and the category shares over
    all ratings (equal to Fleiss' 1971 formula when every unit has the same number of raters).
    ``None`` when no unit has two raters or the expected agreement is 1. ``frequencies`` says
    how many times each unit occurs (default: once each).
    """
    freq = _frequencies(frequencies, len(counts))
    kept = [(list(r), f) for r, f in zip(counts, freq, strict=True) if sum(r) >= 2 and f]
    rows = [r for r, _f in kept]
    if not rows:
        return None
    width = max(len(r) for r in rows)
    if any(x < 0 for r in rows for x in r):
        raise ValueError("counts cannot be negative")
    totals = [0.0] * width
    p_bar = 0.0
    ratings = 0
    units = 0
    for r, f in kept:
        n_i = sum(r)
        ratings += n_i * f
        units += f
        p_bar += f * sum(x * (x - 1) for x in r) / (n_i * (n_i - 1))
        for j, x in enumerate(r):
            totals[j] += x * f
    p_bar /= units
    p_e = sum((t / ratings) ** 2 for t in totals)
    if _zero(1.0 - p_e):
        return None
    return (p_bar - p_e) / (1.0 - p_e)


def percent_agreement(
    data: Sequence[Sequence[T | None]], frequencies: Sequence[int] | None = None
) -> float | None:
    """Share of units (columns of a coders x units matrix) on which every coder who rated it agrees.

    Units with fewer than two values are not counted; ``None`` when no unit has two.
    ``frequencies`` says how many times each unit occurs (default: once each).
    """
    units = _units(data)
    freq = _frequencies(frequencies, len(units))
    pairable = [(u, f) for u, f in zip(units, freq, strict=True) if len(u) >= 2 and f]
    if not pairable:
        return None
    return sum(f for u, f in pairable if len(set(u)) == 1) / sum(f for _u, f in pairable)


def krippendorff_alpha(
    data: Sequence[Sequence[T | None]],
    level: Level | str = Level.NOMINAL,
    *,
    value_order: Sequence[T] | None = None,
    frequencies: Sequence[int] | None = None,
) -> float | None:
    """Krippendorff's alpha of a coders x units reliability matrix (``None`` = no value given).

    ``level`` is nominal, ordinal, interval or ratio; interval and ratio need numbers, ordinal
    needs ``value_order`` unless the values sort. Units with fewer than two values are not
    pairable and drop out. ``None`` when nothing is pairable or the expected disagreement is 0
    (every pairable value is the same).
    """
    unit_counts = [Counter(u) for u in _units(data)]
    return krippendorff_alpha_counts(
        unit_counts, level, value_order=value_order, frequencies=frequencies
    )


def krippendorff_alpha_counts(
    units: Sequence[Mapping[T, int]] | Sequence[Sequence[int]],
    level: Level | str = Level.NOMINAL,
    *,
    value_order: Sequence[T] | None = None,
    frequencies: Sequence[int] | None = None,
) -> float | None:
    """Krippendorff's alpha from per-unit value counts (how many coders gave each value).

    Each unit is a mapping value -> count, or a row of counts whose positions are the values
    0, 1, 2, ... (a units x values matrix, as in Krippendorff's tables of aggregated data).
    """
    lvl = Level(level)
    maps: list[Mapping[Any, int]] = []
    for u in units:
        if isinstance(u, Mapping):
            maps.append(u)
        else:
            maps.append({v: c for v, c in enumerate(u) if c})
    coincidence: dict[tuple[Any, Any], float] = defaultdict(float)
    for u, f in zip(maps, _frequencies(frequencies, len(maps)), strict=True):
        m = sum(u.values())
        if m < 2 or not f:
            continue
        for c, nc in u.items():
            for k, nk in u.items():
                pairs = nc * (nk - 1) if c == k else nc * nk
                if pairs:
                    coincidence[(c, k)] += f * pairs / (m - 1)
    if not coincidence:
        return None
    marginals: dict[Any, float] = defaultdict(float)
    for (c, _k), o in coincidence.items():
        marginals[c] += o
    n = sum(marginals.values())
    if n <= 1:
        return None
    delta = _metric(lvl, marginals, value_order)
    d_o = sum(o * delta(c, k) for (c, k), o in coincidence.items()) / n
    values = list(marginals)
    d_e = 0.0
    for c in values:
        for k in values:
            if c != k:
                d_e += marginals[c] * marginals[k] * delta(c, k)
    d_e /= n * (n - 1)
    # Undefined when every pairable value is the same. Tested on the values, not on the size of
    # d_e: interval and ratio disagreements scale with the square of the values, so no fixed
    # threshold on d_e keeps alpha scale invariant (1e-7 and 2e-7 are different values).
    if len(values) < 2 or d_e <= 0.0:
        return None
    return 1.0 - d_o / d_e


def _metric(
    level: Level, marginals: Mapping[Any, float], value_order: Sequence[Any] | None
) -> Callable[[Any, Any], float]:
    if level is Level.NOMINAL:
        return lambda c, k: 0.0 if c == k else 1.0
    if level is Level.INTERVAL:
        return lambda c, k: (float(c) - float(k)) ** 2
    if level is Level.RATIO:

        def ratio(c: Any, k: Any) -> float:
            total = float(c) + float(k)
            return 0.0 if total == 0 else ((float(c) - float(k)) / total) ** 2

        return ratio
    order = list(value_order) if value_order is not None else sorted(marginals)
    unknown = set(marginals) - set(order)
    if unknown:
        raise ValueError(f"values missing from value_order: {sorted(map(str, unknown))}")
    rank = {v: i for i, v in enumerate(order)}
    counts = [marginals.get(v, 0.0) for v in order]
    cumulative = [0.0]
    for x in counts:
        cumulative.append(cumulative[-1] + x)

    def ordinal(c: Any, k: Any) -> float:
        i, j = sorted((rank[c], rank[k]))
        if i == j:
            return 0.0
        between = cumulative[j + 1] - cumulative[i]
        return (between - (counts[i] + counts[j]) / 2) ** 2

    return ordinal


def _units(data: Sequence[Sequence[T | None]]) -> list[list[T]]:
    """The values given to each unit (columns of a coders x units matrix), missing left out.

    ``len`` rather than truth tests, so that numpy arrays (whose truth is ambiguous) pass.
    """
    if len(data) == 0:
        return []
    rows = [list(row) for row in data]
    width = len(rows[0])
    if any(len(row) != width for row in rows):
        raise ValueError("every coder's row must have one entry per unit")
    return [[row[u] for row in rows if not is_missing(row[u])] for u in range(width)]  # type: ignore[misc]


def is_missing(value: object) -> bool:
    """``None`` or a NaN (float, numpy or pandas' NA): no value given."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN is the only value unequal to itself
    except (TypeError, ValueError):  # pandas.NA: its truth is ambiguous, and it is missing
        return True


def _frequencies(frequencies: Sequence[int] | None, n: int) -> Sequence[int]:
    """How many times each of ``n`` units occurs (default: once each)."""
    if frequencies is None:
        return [1] * n
    if len(frequencies) != n:
        raise ValueError(f"{len(frequencies)} frequencies for {n} units")
    if any(f < 0 for f in frequencies):
        raise ValueError("frequencies cannot be negative")
    return frequencies


def _zero(x: float) -> bool:
    return abs(x) < 1e-12
