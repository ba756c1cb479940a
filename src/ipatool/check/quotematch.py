"""Finding a quote in its turn: normalised comparison, elisions, and the closest passage.

A quote matches when, after whitespace is collapsed, typographic quotes, apostrophes and dashes
are made plain and case is ignored, each fragment between elision marks (``...``, ``…``, ``[...]``)
is found in the turn, in order. Edge punctuation of a fragment is not significant.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)
_MARK = r"(?:\[\s*(?:\.\.\.|…)\s*\]|\.\.\.+|…)"
_ELISION = re.compile(rf"\s*{_MARK}\s*")
_ELISIONS = re.compile(rf"(?:\s*{_MARK})+\s*")
"""Elision marks that follow one another (spaces between them or none), and the spaces around."""
_EDGE = " \t\n.,;:!?'\"-"


def normalise(text: str) -> str:
    """The comparison form of a text: plain quotes and dashes, single spaces, case-folded."""
    return " ".join(text.translate(_TABLE).split()).casefold()


def split_elisions(quote: str) -> list[str]:
    """The quote's text between elision marks, as written (an elision at either end gives an
    empty first or last piece); what the quote matcher reads as an elision, printing reads too."""
    return _ELISION.split(quote)


def replace_elisions(quote: str, mark: str) -> str:
    """The quote with each run of elision marks that follow one another, and the spaces around
    it, replaced by ``mark`` with one space either side (none at the quote's ends)."""
    return _ELISIONS.sub(f" {mark} ", quote).strip()


def fragments(quote: str) -> list[str]:
    """The normalised pieces of a quote between elision marks (empty pieces dropped)."""
    out = []
    for piece in _ELISION.split(quote):
        frag = normalise(piece).strip(_EDGE)
        if frag:
            out.append(frag)
    return out


@dataclass(frozen=True, slots=True)
class QuoteProblem:
    """Why a quote was not found: the fragment that failed and the closest passage of the turn."""

    fragment: str
    closest: str | None
    out_of_order: bool = False


def check_quote(text: str, quote: str) -> QuoteProblem | None:
    """None when ``quote`` is an extract of ``text``; otherwise what went wrong."""
    if len(quote) > 2 and quote in text and "..." not in quote and "…" not in quote:
        return None  # verbatim, the common case
    frags = fragments(quote)
    if not frags:
        return QuoteProblem(fragment="", closest=None)
    hay = normalise(text)
    pos = 0
    for frag in frags:
        found = hay.find(frag, pos)
        if found < 0:
            earlier = hay.find(frag)
            if earlier >= 0:
                return QuoteProblem(fragment=frag, closest=None, out_of_order=True)
            return QuoteProblem(fragment=frag, closest=closest_passage(text, frag))
        pos = found + len(frag)
    return None


def closest_passage(text: str, fragment: str) -> str | None:
    """The stretch of ``text`` (same number of words as ``fragment``) most like it."""
    words = text.split()
    size = max(1, len(fragment.split()))
    if not words:
        return None
    best, best_ratio = "", 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(fragment)
    for start in range(max(1, len(words) - size + 1)):
        window = " ".join(words[start : start + size])
        matcher.set_seq1(normalise(window))
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return best if best_ratio >= 0.4 else None


def locate(text: str, quote: str | None) -> list[tuple[int, int]] | None:
    """Code-point ranges (start, end exclusive) of each fragment of ``quote`` in ``text``.

    ``None`` when the quote is not found. Without a quote the whole text is one range. Used
    where exact offsets matter (REFI-QDA export); slower than :func:`check_quote`.
    """
    if quote is None:
        return [(0, len(text))]
    norm_chars: list[str] = []
    index: list[int] = []
    translated = text.translate(_TABLE)
    prev_space = True
    for i, ch in enumerate(translated):
        if ch.isspace():
            if prev_space:
                continue
            norm_chars.append(" ")
            index.append(i)
            prev_space = True
            continue
        for folded in ch.casefold():
            norm_chars.append(folded)
            index.append(i)
        prev_space = False
    hay = "".join(norm_chars)
    ranges: list[tuple[int, int]] = []
    pos = 0
    for frag in fragments(quote):
        found = hay.find(frag, pos)
        if found < 0:
            return None
        end = found + len(frag)
        ranges.append((index[found], index[end - 1] + 1))
        pos = end
    return ranges or None
