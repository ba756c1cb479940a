"""Giving identical units once with a frequency gives exactly what listing them all gives."""

from __future__ import annotations

import pytest

from ipatool.analysis.agreement.coefficients import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)

# three coders, binary decisions, None = not a coder of that unit
DISTINCT = [
    [1, 0, 0, 1, None],
    [1, 0, 1, 1, 0],
    [0, 0, 1, None, 0],
]
FREQ = [3, 40, 2, 5, 7]


def _expanded() -> list[list[int | None]]:
    return [[v for v, f in zip(row, FREQ, strict=True) for _ in range(f)] for row in DISTINCT]


def test_percent_agreement_and_alpha_with_frequencies() -> None:
    full = _expanded()
    assert percent_agreement(DISTINCT, FREQ) == pytest.approx(percent_agreement(full))
    assert krippendorff_alpha(DISTINCT, frequencies=FREQ) == pytest.approx(krippendorff_alpha(full))


def test_cohen_kappa_with_frequencies() -> None:
    a, b = [1, 0, 0, 1], [1, 0, 1, 1]
    f = [3, 40, 2, 5]
    expanded_a = [x for x, n in zip(a, f, strict=True) for _ in range(n)]
    expanded_b = [x for x, n in zip(b, f, strict=True) for _ in range(n)]
    value = cohen_kappa(a, b, frequencies=f)
    assert value is not None
    assert value == pytest.approx(cohen_kappa(expanded_a, expanded_b))


def test_fleiss_kappa_with_frequencies() -> None:
    counts = [[3, 0], [1, 2], [2, 1], [0, 3]]
    f = [10, 3, 4, 6]
    expanded = [row for row, n in zip(counts, f, strict=True) for _ in range(n)]
    assert fleiss_kappa(counts, f) == pytest.approx(fleiss_kappa(expanded))


def test_frequencies_must_match_the_units() -> None:
    with pytest.raises(ValueError):
        percent_agreement(DISTINCT, [1, 2])
    with pytest.raises(ValueError):
        fleiss_kappa([[1, 1]], [-1])
