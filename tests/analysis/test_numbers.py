"""APA numbers are total: values near the largest float, infinities and NaN never raise.

Every expected figure is worked out by hand in the comments (a = 1.5e308)."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from ipatool.analysis import Context
from ipatool.analysis import numbers as num
from ipatool.analysis.methods import MethodsTable, build_methods
from ipatool.analysis.participants import ParticipantsTable, build_participants
from ipatool.analysis.sample import build_sample, build_sentence

Make = Callable[..., Context]
A = 1.5e308
INF, NAN = math.inf, math.nan


def test_a_figure_too_large_for_decimals_is_written_as_it_is() -> None:
    assert num.fixed(A) == "1.5e+308"
    assert num.plain(A) == "1.5e+308"
    assert num.plain(2.5e300) == "2.5e+300"  # no trailing-zero stripping inside an exponent
    assert num.plain(1e15) == "1000000000000000"
    assert num.fixed(-A) == "-1.5e+308"
    assert num.fixed(99.995) == "100.00"  # ordinary figures unchanged


@pytest.mark.parametrize("x", [INF, -INF, NAN, 10**400], ids=["inf", "-inf", "nan", "10**400"])
def test_a_figure_that_is_not_a_finite_float_is_a_dash(x: float) -> None:
    assert num.fixed(x) == num.plain(x) == num.no_leading_zero(x) == num.percent(x) == "–"


def test_statistics_near_the_largest_float_do_not_overflow() -> None:
    assert num.mean([A, A]) == A  # a + a overflows; the mean is a
    assert num.median([A, A]) == A  # (a + a) / 2 would be inf
    assert num.median([1.0, 2.0, 3.0, 4.0]) == 2.5
    assert num.median([3.0, 1.0, 2.0]) == 2.0
    assert num.sample_sd([A, A]) == 0.0
    # deviations +-a from a mean of 0: SD = sqrt(2 a^2 / 1) = 2.12e308, beyond the largest float
    assert num.sample_sd([A, -A]) == INF
    assert num.describe([A, -A]) == (0.0, None, "–")
    assert math.isnan(num.mean([INF, 1.0])) and math.isnan(num.sample_sd([NAN, 1.0]))
    assert num.describe([INF]) == (None, None, "–")
    assert num.describe([INF, 1.0]) == (None, None, "–")


def _set(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_huge_values_are_written_as_they_are(small: Path, context_of: Make) -> None:
    _set(small, "participants.yaml", "age: 52", "age: 1.5e308")  # P3, in FG1
    _set(small, "transcripts/FG1.yaml", "duration_min: 90", "duration_min: 1.5e308")
    ctx = context_of(small)
    t = build_sample(ctx)
    fg1, total = t.rows[1], t.total
    # FG1 ages 41, a, 45: M = a / 3 = 5e307; deviations 2a/3, -a/3, -a/3: SD = a / sqrt(3)
    age = fg1.cells[1]
    assert age.text == "5e+307 (8.660254037844386e+307)"
    assert age.sd == pytest.approx(A / math.sqrt(3))
    # all ages 30, 41, a, 45: M = a / 4; deviations 3a/4, -a/4 (x3): SD = sqrt(3a^2/4 / 3) = a/2
    assert total.cells[1].text == "3.75e+307 (7.5e+307)"
    assert fg1.duration == "1.5e+308" and fg1.duration_min == A
    # durations 40 and a: M = a / 2, SD = a / sqrt(2)
    assert total.duration.startswith("7.5e+307 (1.06066017177982")
    assert t.warnings == ()
    assert "mean age = 3.75e+307, SD = 7.5e+307" in build_sentence(ctx).text
    methods = build_methods(ctx)
    assert isinstance(methods, MethodsTable)
    assert methods.procedure is not None and "lasted 1.5e+308 minutes" in methods.procedure


def test_infinite_values_are_a_dash_and_a_warning(small: Path, context_of: Make) -> None:
    _set(small, "participants.yaml", "age: 52", "age: .inf")
    _set(small, "transcripts/FG1.yaml", "duration_min: 90", "duration_min: .nan")
    ctx = context_of(small)
    t = build_sample(ctx)
    fg1, total = t.rows[1], t.total
    assert (fg1.cells[1].text, fg1.cells[1].mean, fg1.cells[1].sd) == ("–", None, None)
    assert (total.cells[1].text, total.cells[1].mean) == ("–", None)
    assert (fg1.duration, fg1.duration_min, total.duration, total.duration_min) == (
        "–",
        None,
        "–",
        None,
    )
    assert [w.split(" is shown")[0] for w in t.warnings] == [
        "sample table: 'age' for Focus group 1 (4 participants)",
        "sample table: 'duration_min' for Focus group 1 (4 participants)",
        "sample table: 'age' for the whole sample",
        "sample table: 'duration_min' for the whole sample",
    ]
    sentence = build_sentence(ctx)
    assert "mean age = –, SD = –" in sentence.text
    assert sentence.mean_sd[0].mean is None and len(sentence.warnings) == 1
    assert "'age'" in sentence.warnings[0]
    methods = build_methods(ctx)
    assert isinstance(methods, MethodsTable)
    assert methods.durations[1].missing == ("FG1",)  # left out as a missing duration is
    assert methods.warnings and "'duration_min' of FG1" in methods.warnings[0]
    people = build_participants(ctx)
    assert isinstance(people, ParticipantsTable)
    assert people.rows[2].values[1] == "–"
    assert [w.split(" is shown")[0] for w in people.warnings] == ["participants table: 'age' of P3"]
    # the warnings are for the terminal, not for tables.json (which has no infinity either)
    assert "warnings" not in t.to_json() and "Infinity" not in repr(t.to_json())
