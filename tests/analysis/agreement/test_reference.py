"""Every case of ../shared/realdata/agreement-reference/REFERENCE_VALUES.md, to the published precision."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ipatool.analysis.agreement.coefficients import (
    cohen_kappa,
    krippendorff_alpha,
    krippendorff_alpha_counts,
)

N = None
K1 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
K2 = [
    [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
    [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
    [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
]


@pytest.fixture
def reference(realdata: Path) -> Path:
    folder = realdata / "agreement-reference"
    if not (folder / "REFERENCE_VALUES.md").is_file():
        pytest.skip("agreement-reference is not present")
    return folder


@pytest.mark.parametrize(
    ("level", "published", "places"),
    [("nominal", 0.743, 3), ("ordinal", 0.815, 3), ("interval", 0.849, 3), ("ratio", 0.797, 3)],
)
def test_k1_krippendorff_2011(reference: Path, level: str, published: float, places: int) -> None:
    assert round(krippendorff_alpha(K1, level) or 0, places) == published  # type: ignore[arg-type]


def test_k1_with_string_labels(reference: Path) -> None:
    names = {1: "very low", 2: "low", 3: "medium", 4: "high", 5: "very high"}
    labelled = [[names[v] if v is not None else None for v in row] for row in K1]
    order = list(names.values())
    assert round(krippendorff_alpha(labelled, "ordinal", value_order=order) or 0, 3) == 0.815
    assert round(krippendorff_alpha(labelled, "nominal") or 0, 3) == 0.743


def test_k2_fast_krippendorff(reference: Path) -> None:
    assert round(krippendorff_alpha(K2, "nominal") or 0, 6) == 0.691358  # type: ignore[arg-type]
    assert round(krippendorff_alpha(K2, "interval") or 0, 6) == 0.810845  # type: ignore[arg-type]
    counts = [[row[u] for row in K2 if row[u] is not None] for u in range(15)]
    matrix = [[col.count(v) for v in range(1, 5)] for col in counts]
    assert round(krippendorff_alpha_counts(matrix) or 0, 6) == 0.691358


def test_k3_news_presence(reference: Path) -> None:
    rows = (reference / "news_presence_krippendorff2004_11_3_1.csv").read_text().split("\n")
    data = [[int(x) for x in line.split()[1:]] for line in rows[1:] if line.strip()]
    assert len(data) == 2 and len(data[0]) == 10
    assert round(krippendorff_alpha(data) or 0, 4) == 0.0952


def test_k4_hayes_krippendorff_2007(reference: Path) -> None:
    with (reference / "news_tone_hayes2007.csv").open(newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    data = [[None if r[c] == "." else int(r[c]) for r in rows] for c in range(1, 6)]
    assert len(rows) == 40
    assert sum(v is not None for row in data for v in row) == 159
    assert round(krippendorff_alpha(data, "ordinal") or 0, 4) == 0.7598
    assert round(krippendorff_alpha(data, "interval") or 0, 4) == 0.7574
    assert round(krippendorff_alpha(data, "nominal") or 0, 4) == 0.4765


@pytest.mark.parametrize(
    ("units", "expected", "places"),
    [
        ((1, 2), 1.0, 10),
        ((1, 2, 4), 0.8687782805, 10),
        ((0, 1, 2, 4), 0.7989417989, 10),
        ((0, 1, 2, 3, 4), 0.6054750403, 10),
    ],
)
# The published 0.60547504030 carries a trailing zero: it agrees to 10 places (exact 0.6054750402576).
def test_k5_quadrilogy_counts(
    reference: Path, units: tuple[int, ...], expected: float, places: int
) -> None:
    zero = [1, 9, 0, 5, 8]
    one = [8, 0, 12, 6, 1]
    matrix = [[zero[u], one[u]] for u in units]
    assert round(krippendorff_alpha_counts(matrix) or 0, places) == expected


def test_cohen_artstein_poesio_table1(reference: Path) -> None:
    y1 = [0] * 40 + [1] * 60
    y2 = [0] * 20 + [1] * 20 + [0] * 10 + [1] * 50
    assert round(cohen_kappa(y1, y2) or 0, 3) == 0.348
    assert cohen_kappa(y2, y1) == pytest.approx(cohen_kappa(y1, y2))


def test_cohen_artstein_poesio_table4(reference: Path) -> None:
    y1 = [0] * 46 + [1] * 44 + [2] * 10
    y2 = [0] * 52 + [1] * 32 + [2] * 16
    assert round(cohen_kappa(y1, y2) or 0, 4) == 0.8013


def test_cohen_weighted(reference: Path) -> None:
    y1 = [0] * 46 + [1] * 44 + [2] * 10
    y2 = [0] * 50 + [1] * 40 + [2] * 10
    assert round(cohen_kappa(y1, y2) or 0, 4) == 0.9315
    assert round(cohen_kappa(y1, y2, weights="linear") or 0, 4) == 0.9412
    assert round(cohen_kappa(y1, y2, weights="quadratic") or 0, 4) == 0.9541


def test_cohen_edge_cases(reference: Path) -> None:
    assert cohen_kappa([1] * 5, [1] * 5) is None
    assert cohen_kappa([0, 1] * 5, [1, 0] * 5) == pytest.approx(-1.0)
