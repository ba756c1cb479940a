"""The coefficients on small hand-computed cases and known properties (no shared files needed)."""

from __future__ import annotations

import random

import pytest

from ipatool.analysis.agreement.coefficients import (
    Level,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    krippendorff_alpha_counts,
    percent_agreement,
)


def test_cohen_perfect_agreement_is_one() -> None:
    assert cohen_kappa([0, 1, 1, 0, 2], [0, 1, 1, 0, 2]) == pytest.approx(1.0)


def test_cohen_hand_computed() -> None:
    # po = 3/4; pe = (2/4)(2/4) + (2/4)(2/4) = 1/2; kappa = (0.75 - 0.5) / 0.5
    assert cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0]) == pytest.approx(0.5)


def test_cohen_is_symmetric() -> None:
    a = [0, 1, 2, 2, 1, 0, 0, 1]
    b = [0, 2, 2, 1, 1, 0, 1, 1]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa(b, a))  # type: ignore[arg-type]


def test_cohen_undefined_when_one_category_only() -> None:
    assert cohen_kappa([0, 0, 0], [0, 0, 0]) is None
    assert cohen_kappa([], []) is None


def test_cohen_inverse_agreement_is_minus_one() -> None:
    assert cohen_kappa([0, 1, 0, 1], [1, 0, 1, 0]) == pytest.approx(-1.0)


def test_cohen_weighted_hand_computed() -> None:
    # 3 categories; one disagreement of distance 2 and one of distance 1
    a = [0, 1, 2, 0]
    b = [0, 1, 0, 1]
    # observed weighted disagreement (linear): (2 + 1) / 4; expected: sum w * r_i c_j / n / n
    row = {0: 2, 1: 1, 2: 1}
    col = {0: 2, 1: 2, 2: 0}
    exp = sum(abs(i - j) * row[i] * col[j] for i in row for j in col) / 16
    assert cohen_kappa(a, b, weights="linear") == pytest.approx(1 - (3 / 4) / exp)


def test_cohen_rejects_unequal_lengths() -> None:
    with pytest.raises(ValueError):
        cohen_kappa([0, 1], [0])


def test_chance_level_kappa_is_near_zero() -> None:
    rng = random.Random(7)
    a = [rng.randint(0, 1) for _ in range(20000)]
    b = [rng.randint(0, 1) for _ in range(20000)]
    kappa = cohen_kappa(a, b)
    alpha = krippendorff_alpha([a, b])
    assert kappa is not None and abs(kappa) < 0.03
    assert alpha is not None and abs(alpha) < 0.03


def test_fleiss_wikipedia_example() -> None:
    # Fleiss (1971) style example: 10 subjects, 14 raters, 5 categories; kappa = 0.210
    counts = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    assert fleiss_kappa(counts) == pytest.approx(0.2099, abs=5e-5)


def test_fleiss_perfect_and_undefined() -> None:
    assert fleiss_kappa([[3, 0], [0, 3], [3, 0]]) == pytest.approx(1.0)
    assert fleiss_kappa([[3, 0], [3, 0]]) is None  # one category only: expected agreement 1
    assert fleiss_kappa([[1, 0]]) is None  # no unit with two raters


def test_fleiss_two_raters_hand_computed() -> None:
    # units: agree-1, agree-1, disagree, agree-0: P_bar = 3/4; p = (3/8, 5/8)... p1 = 5/8
    counts = [[0, 2], [0, 2], [1, 1], [2, 0]]
    p_e = (3 / 8) ** 2 + (5 / 8) ** 2
    assert fleiss_kappa(counts) == pytest.approx((0.75 - p_e) / (1 - p_e))


def test_alpha_hand_computed_binary() -> None:
    # 2 coders, 4 units: [1,1,0,0] vs [1,0,1,0]; n = 8, o01 = o10 = 2, n0 = n1 = 4
    # D_o = 4/8, D_e = 2*4*4/(8*7), alpha = 1 - 0.5 / (32/56) = 0.125
    assert krippendorff_alpha([[1, 1, 0, 0], [1, 0, 1, 0]]) == pytest.approx(0.125)


def test_alpha_perfect_and_undefined() -> None:
    assert krippendorff_alpha([[1, 2, 3], [1, 2, 3]]) == pytest.approx(1.0)
    assert krippendorff_alpha([[1, 1, 1], [1, 1, 1]]) is None  # no variation at all
    assert krippendorff_alpha([[1, None], [None, 2]]) is None  # nothing pairable


def test_alpha_ignores_units_with_one_value() -> None:
    base = [[1, 1, 0, 0], [1, 0, 1, 0]]
    padded = [[*base[0], 1], [*base[1], None]]
    assert krippendorff_alpha(padded) == pytest.approx(krippendorff_alpha(base))  # type: ignore[arg-type]


def test_alpha_coder_order_does_not_matter() -> None:
    data = [[1, 2, 3, None, 2], [1, 3, 3, 2, 2], [None, 2, 1, 2, 2]]
    for level in Level:
        assert krippendorff_alpha(data, level) == pytest.approx(
            krippendorff_alpha(data[::-1], level)  # type: ignore[arg-type]
        )


def test_alpha_interval_hand_computed() -> None:
    # 2 coders, units (1,2), (3,3): values 1,2,3,3; o12 = o21 = 1, o33 = 2
    # D_o = (1 + 1) * 1 / 4; n1 = n2 = 1, n3 = 2; D_e = sum_{c!=k} n_c n_k (c-k)^2 / (4*3)
    d_e = (2 * 1 * 1 * 1 + 2 * 1 * 2 * 4 + 2 * 1 * 2 * 1) / 12
    assert krippendorff_alpha([[1, 3], [2, 3]], "interval") == pytest.approx(1 - 0.5 / d_e)


def test_alpha_from_counts_equals_matrix() -> None:
    data = [[1, 1, 0, 0, 1], [1, 0, 1, 0, 1], [None, 0, 1, 0, 1]]
    counts = [[0, 2], [2, 1], [1, 2], [3, 0], [0, 3]]
    assert krippendorff_alpha_counts(counts) == pytest.approx(krippendorff_alpha(data))


def test_ordinal_needs_known_values() -> None:
    with pytest.raises(ValueError):
        krippendorff_alpha([["a", "b"], ["b", "c"]], "ordinal", value_order=["a", "b"])


def test_percent_agreement() -> None:
    assert percent_agreement([[1, 1, 0, None], [1, 0, 0, 1]]) == pytest.approx(2 / 3)
    assert percent_agreement([[1], [None]]) is None


class _ArrayLike:
    """A sequence whose truth value is ambiguous, as a numpy array's is (no numpy needed)."""

    def __init__(self, rows: list[list[float]]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i: int) -> list[float]:
        return self._rows[i]

    def __bool__(self) -> bool:
        raise ValueError("the truth value of an array with more than one element is ambiguous")


@pytest.mark.parametrize("scale", [1e-7, 1e-3, 1.0, 1e3, 1e6, 1e9])
@pytest.mark.parametrize("level", [Level.INTERVAL, Level.RATIO])
def test_alpha_is_scale_invariant(scale: float, level: Level) -> None:
    # the issue's case: [[1e-7, 2e-7, 3e-7], [1e-7, 2e-7, 4e-7]] gave None (reference .878 interval)
    base = [[1.0, 2.0, 3.0], [1.0, 2.0, 4.0]]
    expected = krippendorff_alpha(base, level)
    assert expected is not None
    scaled = [[v * scale for v in row] for row in base]
    assert krippendorff_alpha(scaled, level) == pytest.approx(expected, rel=1e-9)


def test_alpha_interval_tiny_values_match_reference() -> None:
    alpha = krippendorff_alpha([[1e-7, 2e-7, 3e-7], [1e-7, 2e-7, 4e-7]], Level.INTERVAL)
    assert alpha == pytest.approx(0.878, abs=5e-4)


def test_alpha_still_undefined_when_every_value_is_the_same() -> None:
    assert krippendorff_alpha([[1e-9, 1e-9], [1e-9, 1e-9]], Level.INTERVAL) is None
    assert krippendorff_alpha([[1e6, 1e6], [1e6, None]], Level.RATIO) is None


@pytest.mark.parametrize("level", list(Level))
def test_nan_is_missing_like_none(level: Level) -> None:
    nan = float("nan")
    with_nan = [[0, 1, nan, 2, 1], [0, 1, 1, 2, 2]]
    with_none = [[0, 1, None, 2, 1], [0, 1, 1, 2, 2]]
    assert krippendorff_alpha(with_nan, level) == pytest.approx(
        krippendorff_alpha(with_none, level)
    )
    assert percent_agreement(with_nan) == pytest.approx(percent_agreement(with_none))


def test_nan_missing_issue_case() -> None:
    # the issue's case: NaN counted as a category gave 0.5; the reference gives 1.0
    nan = float("nan")
    assert krippendorff_alpha([[0, 1, nan], [0, 1, 1]]) == pytest.approx(1.0)
    assert krippendorff_alpha([[0, 1, nan], [0, 1, 1]], Level.INTERVAL) == pytest.approx(1.0)


def test_array_like_input_is_accepted() -> None:
    rows = [[1.0, 2.0, 3.0, float("nan")], [1.0, 2.0, 4.0, 2.0]]
    expected = krippendorff_alpha([[1.0, 2.0, 3.0, None], [1.0, 2.0, 4.0, 2.0]], Level.INTERVAL)
    assert krippendorff_alpha(_ArrayLike(rows), Level.INTERVAL) == pytest.approx(expected)
    assert percent_agreement(_ArrayLike(rows)) == pytest.approx(2 / 3)


def test_numpy_and_pandas_input() -> None:
    np = pytest.importorskip("numpy")
    data = np.array([[0, 1, np.nan, 2, 1], [0, 1, 1, 2, 2]])
    expected = krippendorff_alpha([[0, 1, None, 2, 1], [0, 1, 1, 2, 2]], Level.INTERVAL)
    assert krippendorff_alpha(data, Level.INTERVAL) == pytest.approx(expected)
    assert krippendorff_alpha(data) == pytest.approx(
        krippendorff_alpha([[0, 1, None, 2, 1], [0, 1, 1, 2, 2]])
    )
    a = np.array([1, 1, 0, 0])
    b = np.array([1, 0, 0, 0])
    assert cohen_kappa(a, b) == pytest.approx(0.5)
    assert fleiss_kappa(np.array([[2, 0], [1, 1], [0, 2]])) == pytest.approx(
        fleiss_kappa([[2, 0], [1, 1], [0, 2]])
    )
    big = np.array([[1, 2, 3], [1, 2, 4]], dtype=np.int64) * 10**9
    assert krippendorff_alpha(big, Level.INTERVAL) == pytest.approx(
        krippendorff_alpha([[1, 2, 3], [1, 2, 4]], Level.INTERVAL)
    )


def test_pandas_na_is_missing() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"u1": [0, 0], "u2": [1, 1], "u3": [pd.NA, 1]}, dtype="Int64")
    assert krippendorff_alpha(frame.to_numpy()) == pytest.approx(1.0)
