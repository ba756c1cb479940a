"""Placing a source's ``PlainTextSelection`` elements in its text, by the checked convention.

:func:`place_selections` reads each selection's offsets and carried text, asks
:func:`ipatool.exchange.offsets.decide` for the source's counting convention, records the decision
in the report, and returns the selections that land inside the text. A selection that cannot be
placed is reported with its source and selection and left out, never clamped somewhere else.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ipatool.check.quotematch import fragments
from ipatool.exchange.common import element_text, kid
from ipatool.exchange.offsets import MIN_EVIDENCE_CHARS, Selection, SourceText, decide, place
from ipatool.exchange.report import ImportReport
from ipatool.exchange.texts import Turn

if TYPE_CHECKING:
    from lxml.etree import _Element


def selection_ref(sel: _Element) -> str:
    """How a selection is named in messages: its GUID, and its name when it has one."""
    guid = (sel.get("guid") or "").strip() or "(no guid)"
    name = (sel.get("name") or "").strip()
    return f"{guid} '{name}'" if name else guid


def _evidence(sel: _Element) -> tuple[str, ...]:
    """Texts the export carries that may be the selected text: the name, the description."""
    found = [(sel.get("name") or "").strip(), element_text(kid(sel, "Description")) or ""]
    return tuple(t for t in found if len(t) >= MIN_EVIDENCE_CHARS)


def place_selections(
    source: str, text: SourceText, selections: list[_Element], origin: str, report: ImportReport
) -> list[tuple[_Element, int, int]]:
    """The selections of ``source`` that can be placed, with start and end in ``text.text``."""
    parsed: list[tuple[_Element, Selection]] = []
    for sel in selections:
        try:
            start = int((sel.get("startPosition") or "").strip())
            end = int((sel.get("endPosition") or "").strip())
        except ValueError:
            report.lost("text selections without valid positions")
            report.unplaced.append(
                f"{source}: selection {selection_ref(sel)}: startPosition "
                f"{sel.get('startPosition')!r}, endPosition {sel.get('endPosition')!r} are not "
                "whole numbers; left out"
            )
            continue
        parsed.append((sel, Selection(selection_ref(sel), start, end, _evidence(sel))))
    if not parsed:
        return []
    decision = decide(source, text, [s for _, s in parsed], origin)
    report.offsets.append(decision)
    placed: list[tuple[_Element, int, int]] = []
    for el, item in parsed:
        where = place(text, item, decision.convention)
        if where.problem is not None:
            report.lost("text selections outside their source text")
            report.unplaced.append(f"{source}: selection {item.ref} {where.problem}; left out")
            continue
        placed.append((el, where.start, where.end))
    return placed


def covered_pieces(
    span: tuple[int, int], text: str, turns: list[Turn], starts: list[int]
) -> list[tuple[Turn, str | None]]:
    """The turns a selection covers, each with the words it covers there (None: the whole turn);
    blank edges are trimmed, and turns where it covers no words are left out."""
    s, e = span
    pieces: list[tuple[Turn, str | None]] = []
    first = max(0, bisect.bisect_right(starts, s) - 1)
    for t in turns[first:]:
        if t.start >= e:
            break
        a, b = max(s, t.start), min(e, t.end)
        if a >= b:
            continue
        chunk = text[a:b]
        a += len(chunk) - len(chunk.lstrip())
        b -= len(chunk) - len(chunk.rstrip())
        if b <= a or not fragments(text[a:b]):
            continue
        pieces.append((t, None if (a, b) == (t.start, t.end) else text[a:b]))
    return pieces
