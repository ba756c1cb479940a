"""Statistical symbols in running text, found so the Word writer can set them in italics, as APA
style has them: ``M = 45.14``, ``SD``, ``n = 7``, ``N = 14``, ``n/N``, ``p < .05``, ``α``, ``κ``.

Only the symbol is italic, never the figure after it; a letter is taken for a symbol only where
statistics put it: before ``=``, ``<``, ``>``, ``≤`` or ``≥``, in ``M (SD)`` and ``n/N``, or
alone in a cell or on a line (a column headed ``n``). ``SD``, ``α`` and ``κ`` are symbols
wherever they stand as a word. Text escaped for XML is matched as well (``p &lt; .05``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SYMBOLS = ("Mdn", "SD", "M", "n", "N", "p", "α", "κ")
_SYM = "|".join(SYMBOLS)
PATTERN = re.compile(
    rf"(?<![\w&])(?:(?:{_SYM})(?=\s?(?:=|<|>|≤|≥|&lt;|&gt;))|M(?= \(SD\))|SD|n(?=/N(?!\w))|α|κ)"
    rf"(?!\w)|(?<=(?<!\w)n/)N(?!\w)|(?<![^\n])(?:{_SYM})(?![^\n])"
)
"""A statistical symbol (see the module's docstring)."""
_HINTS = ("=", "<", ">", "≤", "≥", "SD", "/N", "α", "κ")
"""One of these, or of :data:`_ESCAPED_HINTS`, is in every text that holds a symbol, except a
text that is only a symbol."""
_ESCAPED_HINTS = ("&lt;", "&gt;")
"""``<`` and ``>`` escaped for XML: looked for only in text holding an ``&``."""
_ALONE = frozenset(SYMBOLS)


def may_hold(texts: Iterable[str], joined: str) -> bool:
    """Whether any of ``texts`` (joined into ``joined``) may hold a symbol: a quick test in C
    before :data:`PATTERN` is searched (a quote bank is megabytes of text that holds none)."""
    return (
        any(h in joined for h in _HINTS)
        or ("&" in joined and any(h in joined for h in _ESCAPED_HINTS))
        or not _ALONE.isdisjoint(texts)
    )


def segments(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each with whether it is a symbol (to be set in italics)."""
    out: list[tuple[str, bool]] = []
    start = 0
    for m in PATTERN.finditer(text):
        if m.start() > start:
            out.append((text[start : m.start()], False))
        out.append((m.group(), True))
        start = m.end()
    if start < len(text) or not out:
        out.append((text[start:], False))
    return out


def mark(text: str, before: str, after: str) -> str:
    """``text`` with ``before`` and ``after`` around each symbol."""
    return PATTERN.sub(lambda m: before + m.group() + after, text)
