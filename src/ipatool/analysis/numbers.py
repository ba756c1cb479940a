"""APA-style numbers: rounding, statistics, numbers in words and category levels.

Rules (documented in docs/render.md):

- Means and SDs are always shown to 2 decimals, rounded half up on the decimal value
  (45.142857 -> ``45.14``, 2.675 -> ``2.68``).
- A single recorded value (and a range's ends, a median) is shown as recorded: whole numbers
  without decimals (``5``), others to at most 2 decimals without trailing zeros (``2.5``).
- A sentence never starts with a numeral: :func:`number_words` spells out the count.
- Every function is total: a value too large to print to 2 decimals (1e15 or more, where a
  float has no decimals left) is written as it is (``1.5e+308``); a figure that is not a finite
  number (an infinite or NaN value, or an SD beyond the largest float) is shown as ``–``. Means
  and medians of values near the largest float do not overflow.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


NOT_A_FIGURE = "–"
"""What a figure that is not a finite number is shown as (the table cell of a missing value)."""

LARGE = 1e15
"""From here on a float has no decimals to show: such a value is written as it is."""


def _decimal(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def finite(x: float | None) -> float | None:
    """``x`` when it is a finite number, else None (for table data: JSON has no infinity)."""
    return x if x is not None and math.isfinite(x) else None


def _float(x: float) -> float:
    """``x`` as a float; an int beyond the largest float is infinite."""
    try:
        return float(x)
    except OverflowError:
        return math.inf


def _as_written(x: float) -> str | None:
    """``x`` when it cannot be rounded to decimals: ``–`` (not finite) or its shortest form."""
    if not math.isfinite(x):
        return NOT_A_FIGURE
    if abs(x) >= LARGE:
        text = repr(float(x))
        return text[:-2] if text.endswith(".0") else text
    return None


def fixed(x: float, places: int = 2) -> str:
    """``x`` rounded half up to ``places`` decimals, always showing them (``3.50``)."""
    x = _float(x)
    written = _as_written(x)
    if written is not None:
        return written
    q = Decimal(1).scaleb(-places)
    out = _decimal(x).quantize(q, rounding=ROUND_HALF_UP)
    text = f"{out:f}"
    return text[1:] if text.startswith("-") and Decimal(text) == 0 else text


def plain(x: float, places: int = 2) -> str:
    """A value as recorded: ``5``, ``2.5``, ``3.75`` (at most ``places`` decimals)."""
    text = fixed(x, places)
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _finite(values: Sequence[float]) -> bool:
    return all(math.isfinite(v) for v in values)


def mean(values: Sequence[float]) -> float:
    """The mean; NaN when a value is not finite (the mean of finite values always exists)."""
    if not _finite(values):
        return math.nan
    try:
        return math.fsum(values) / len(values)
    except OverflowError:  # the sum passes the largest float; the mean never does
        return float(sum(map(Fraction, values), Fraction(0)) / len(values))


def sample_sd(values: Sequence[float]) -> float:
    """The sample standard deviation (n - 1 in the denominator); needs two values.

    NaN when a value is not finite, infinity when the SD is beyond the largest float."""
    if not _finite(values):
        return math.nan
    try:
        return statistics.stdev(values)
    except OverflowError:
        return math.inf


def median(values: Sequence[float]) -> float:
    """The median (of the middle two, halved before they are added, so it cannot overflow)."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return ordered[mid - 1] / 2 + ordered[mid] / 2


def mean_sd(values: Sequence[float]) -> str:
    """``M (SD)`` to 2 decimals, or the single value when there is one; ``–`` for none."""
    return describe(values)[2]


def describe(values: Sequence[float]) -> tuple[float | None, float | None, str]:
    """The mean (None without values), the SD (None below two values) and :func:`mean_sd`.

    A mean or SD that is not a finite number is None, and the text ``–``."""
    if not values:
        return None, None, NOT_A_FIGURE
    m = mean(values)
    if len(values) == 1:
        return finite(m), None, plain(values[0])
    sd = sample_sd(values)
    if not (math.isfinite(m) and math.isfinite(sd)):
        return finite(m), finite(sd), NOT_A_FIGURE
    return m, sd, f"{fixed(m)} ({fixed(sd)})"


def number_words(n: int) -> str:
    """``n`` in English words (``14`` -> ``fourteen``, ``125`` -> ``one hundred twenty-five``)."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    for size, word in (
        (10**9, "billion"),
        (10**6, "million"),
        (1000, "thousand"),
        (100, "hundred"),
    ):
        if n >= size:
            high, rest = divmod(n, size)
            return f"{number_words(high)} {word}" + (f" {number_words(rest)}" if rest else "")
    raise AssertionError("unreachable")  # pragma: no cover


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def level_text(level: str, n: int, plurals: Mapping[str, str] | None) -> str:
    """A category level after its count: its declared plural form when ``n > 1``, else as written.

    No guessing: ``n = 2 Group`` stays as written unless the field declares
    ``plurals: {Group: Groups}``; English plurals of free-text labels cannot be derived reliably.
    """
    if n > 1 and plurals:
        return plurals.get(level, level)
    return level


MINUS = "\u2212"
"""The minus sign of negative statistics (not a hyphen: spreadsheets and typesetters agree)."""


def no_leading_zero(x: float, places: int = 2) -> str:
    """A statistic that cannot exceed 1 (kappa, alpha), APA style: ``.82``, ``\u2212.17``, ``1.00``."""
    text = fixed(x, places)
    negative = text.startswith("-")
    body = text.lstrip("-")
    if body.startswith("0."):
        body = body[1:]
    return (MINUS if negative else "") + body


def percent(share: float, places: int = 1) -> str:
    """A share (0..1) as a percentage to ``places`` decimals, rounded half up: ``0.857`` -> ``85.7``."""
    share = _float(share)
    written = _as_written(share * 100) if math.isfinite(share) else NOT_A_FIGURE
    if written is not None:
        return written
    q = Decimal(1).scaleb(-places)
    out = (_decimal(share) * 100).quantize(q, rounding=ROUND_HALF_UP)
    return f"{out:f}"
