"""Cutting unlabelled text into paragraphs, so that a file without speakers is not one huge turn.

Captions without names (Whisper, YouTube) are cut where the speech pauses (a gap between
captions), at a sentence end once a paragraph is long enough, and always before a hard bound:
a longer paragraph is cut at its last sentence end below the bound, or else at a space (never
inside a word). Plain text keeps its own paragraphs, with only the hard bound applied.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

PAUSE_S = 2.0
"""A gap of this many seconds or more between captions starts a new paragraph."""

SOFT_LIMIT = 500
"""Captions: a paragraph this long ends at the next sentence end."""

HARD_LIMIT = 1000
"""No unlabelled paragraph is longer than this (unless one word is)."""

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_SENTENCE_CUT = re.compile(r"[.!?…][\"'”’)\]]*\s+")


@dataclass(frozen=True)
class Piece:
    """A run of text (a caption, a line) with its place, and whether a break comes before it."""

    text: str
    where: str
    pause_before: bool = False


def ends_sentence(text: str) -> bool:
    """Does ``text`` end with ``.``, ``!``, ``?`` or ``…`` (closing quotes allowed)?"""
    return bool(_SENTENCE_END.search(text.rstrip()))


def cut_point(text: str, limit: int = HARD_LIMIT) -> int:
    """Where to cut ``text`` (longer than ``limit``): after its last sentence end within the limit
    (in the second half), else at the last space within it, else at the first space after it."""
    head = text[: limit + 1]
    sentence_ends = [m.end() for m in _SENTENCE_CUT.finditer(head) if m.end() <= limit]
    if sentence_ends and sentence_ends[-1] >= limit // 2:
        return sentence_ends[-1]
    space = head.rfind(" ")
    if space > 0:
        return space + 1
    after = text.find(" ", limit)
    return after + 1 if after > 0 else len(text)


def paragraphs(
    pieces: Iterable[Piece], *, soft: int | None = None, hard: int = HARD_LIMIT
) -> list[tuple[str, str]]:
    """Join pieces into ``(text, where)`` paragraphs: a new one at each ``pause_before``, after a
    sentence end once ``soft`` characters long (when given), and before ``hard`` characters."""
    out: list[tuple[str, str]] = []
    text = ""
    starts: list[tuple[int, str]] = []  # where each piece starts within ``text``

    def where_at(offset: int) -> str:
        return [w for start, w in starts if start <= offset][-1]

    def flush() -> None:
        nonlocal text, starts
        if text:
            out.append((text, starts[0][1]))
        text, starts = "", []

    for piece in pieces:
        body = " ".join(piece.text.split())
        if not body:
            continue
        if text and (piece.pause_before or (soft and len(text) >= soft and ends_sentence(text))):
            flush()
        if text:
            text += " "
        starts.append((len(text), piece.where))
        text += body
        while len(text) > hard:
            cut = cut_point(text, hard)
            if cut >= len(text):
                break
            head, rest = text[:cut].rstrip(), text[cut:].lstrip()
            rest_where = where_at(cut)
            out.append((head, starts[0][1]))
            shift = len(text) - len(rest)
            starts = [(max(0, s - shift), w) for s, w in starts if s >= cut] or [(0, rest_where)]
            if starts[0][0] != 0:
                starts.insert(0, (0, rest_where))
            text = rest
    flush()
    return out
