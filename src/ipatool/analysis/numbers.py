"""APA-style numbers: rounding, statistics, numbers in words and category levels.

Rules (documented in docs/render.md):

- Means and SDs are always shown to 2 decimals, rounded half up on the decimal value
  (45.142857 -> ``45.14``, 2.675 -> ``2.68``).
- A single recorded value (and a range's ends, a median) is shown as recorded: whole numbers
  without decimals (``5``), others to at most 2 decimals without trailing zeros (``2.5``).
- A sentence never starts with a numeral: :func:`number_words` spells out the count.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

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


def _decimal(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def fixed(x: float, places: int = 2) -> str:
    """``x`` rounded half up to ``places`` decimals, always showing them (``3.50``)."""
    q = Decimal(1).scaleb(-places)
    out = _decimal(x).quantize(q, rounding=ROUND_HALF_UP)
    text = f"{out:f}"
    return text[1:] if text.startswith("-") and Decimal(text) == 0 else text


def plain(x: float, places: int = 2) -> str:
    """A value as recorded: ``5``, ``2.5``, ``3.75`` (at most ``places`` decimals)."""
    text = fixed(x, places)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def sample_sd(values: Sequence[float]) -> float:
    """The sample standard deviation (n - 1 in the denominator); needs two values."""
    return statistics.stdev(values)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def mean_sd(values: Sequence[float]) -> str:
    """``M (SD)`` to 2 decimals, or the single value when there is one; ``–`` for none."""
    return describe(values)[2]


def describe(values: Sequence[float]) -> tuple[float | None, float | None, str]:
    """The mean (None without values), the SD (None below two values) and :func:`mean_sd`."""
    if not values:
        return None, None, "–"
    m = mean(values)
    if len(values) == 1:
        return m, None, plain(values[0])
    sd = sample_sd(values)
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
    q = Decimal(1).scaleb(-places)
    out = (_decimal(share) * 100).quantize(q, rounding=ROUND_HALF_UP)
    return f"{out:f}"
