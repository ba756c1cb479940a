"""REFI-QDA text offsets: which counting convention each source's selections use, checked.

The standard counts Unicode code points of the plain text from 0, end exclusive, after a BOM is
stripped. Real exporters differ: NVivo counts UTF-16 code units (an emoji is two) over the raw
text, where NVivo for Windows texts have CRLF line ends and the CR counts; ATLAS.ti counts a CRLF
as one character. A :class:`Convention` is one such way of counting.

:func:`decide` takes the exporter's ``origin`` as a prior only. It places every selection of a
source under each candidate convention and scores the result: a selection should start and end
on word boundaries, inside the text, not between the CR and LF of a line break nor between the
two halves of a surrogate pair, and it should match the selected text where the export carries
it (a selection's ``name``, a description). The convention with the least penalty wins; the
prior breaks ties. When the evidence is mixed, weak against the prior, or no convention explains
most selections, the decision says so (:attr:`OffsetDecision.doubts`) and the import goes on.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

_NON_BMP = re.compile("[\U00010000-\U0010ffff]")
_SPACE = re.compile(r"\s+")
_ELLIPSIS = ("...", "\u2026")

PENALTY_OUTSIDE = 4
"""A selection that falls outside the text under a convention."""
PENALTY_SPLIT = 2
"""An end between the CR and LF of a line break, or inside a surrogate pair."""
PENALTY_MID_WORD = 1
"""An end between two letters or digits."""
PENALTY_TEXT_MISMATCH = 3
"""The selected text differs from the text the export carries (when another convention matches)."""
MIN_EVIDENCE_CHARS = 3
"""Carried text shorter than this is not used as evidence."""


@dataclass(frozen=True)
class Convention:
    """One way an exporter counts text positions."""

    utf16: bool
    """Count UTF-16 code units (a character outside the BMP is two); else code points."""
    crlf_as_one: bool
    """A CRLF line break counts as one; else as two (the CR counts)."""
    bom_counted: bool = False
    """A byte-order mark at the start counts as one (the standard strips it first)."""

    def describe(self) -> str:
        """A short human description, e.g. ``UTF-16 units, CRLF as two``."""
        unit = "UTF-16 units" if self.utf16 else "code points"
        parts = [unit, "CRLF as one" if self.crlf_as_one else "CRLF as two"]
        if self.bom_counted:
            parts.append("BOM counted")
        return ", ".join(parts)


STANDARD = Convention(utf16=False, crlf_as_one=False)
"""REFI-QDA 1.0: code points of the text as stored, BOM stripped."""
NVIVO = Convention(utf16=True, crlf_as_one=False)
"""NVivo (Windows and Mac): UTF-16 units over the raw text."""
ATLAS_TI = Convention(utf16=False, crlf_as_one=True)
"""ATLAS.ti: code points, a CRLF counted as one."""


def prior_for(origin: str) -> Convention | None:
    """The convention the exporter named in ``Project@origin`` is known or reported to use;
    None for an exporter ipatool knows nothing about (the standard is then the first guess)."""
    low = origin.lower()
    if "nvivo" in low:
        return NVIVO
    if "atlas" in low:
        return ATLAS_TI
    if "ipatool" in low:
        return STANDARD
    return None


KNOWN = (STANDARD, NVIVO, ATLAS_TI)
"""Conventions some exporter is known to use."""
CLOSE = 2
"""A runner-up scoring less than this much worse than the chosen convention makes it doubtful."""


def prior_cost(conv: Convention, prior: Convention | None) -> int:
    """How much evidence ``conv`` needs before it is believed: 0 for the origin's convention
    (for an unknown origin, every known convention), 1 for another known one, 2 for other
    combinations, 3 when the BOM counts (no exporter is known to do that)."""
    if conv == prior or (prior is None and conv in KNOWN):
        return 0
    if conv.bom_counted:
        return 3
    return 1 if conv in KNOWN else 2


def candidates(prior: Convention | None, *, has_bom: bool) -> list[Convention]:
    """Every convention worth trying, most likely first: the prior (else the standard), then
    the other known ones."""
    boms = (False, True) if has_bom else (False,)
    every = [Convention(u, c, b) for u in (False, True) for c in (False, True) for b in boms]
    first = prior or STANDARD
    return sorted(every, key=lambda c: (prior_cost(c, prior), c != first, c.describe()))


@dataclass(frozen=True)
class Selection:
    """A text selection as exported: its reference for messages, offsets and carried text."""

    ref: str
    start: int
    end: int
    evidence: tuple[str, ...] = ()
    """Texts the export carries that may be the selected text (name, description)."""


@dataclass(frozen=True)
class Placement:
    """Where a selection lands in the study's text (``\\n`` line ends), or why it cannot."""

    start: int = 0
    end: int = 0
    problem: str | None = None
    """Why it cannot be placed (outside the text); None when placed."""
    split_ends: int = 0
    """Ends that fell between CR and LF or inside a surrogate pair (moved to the next boundary)."""


@dataclass
class _Index:
    """Positions of the characters that make counting differ, in one base text."""

    length: int
    wide: list[int]
    """Unit offsets at which each character outside the BMP starts (UTF-16 counting)."""


class SourceText:
    """A source's text as the exporter counted it and as the study stores it.

    ``raw`` keeps CRLF line ends (the BOM removed, ``had_bom`` remembers it); ``text`` is what the
    study holds, every CRLF and lone CR made ``\\n`` (lone CRs keep the length).
    """

    def __init__(self, raw: str, *, had_bom: bool = False) -> None:
        self.raw = raw
        self.had_bom = had_bom
        self.text = raw.replace("\r\n", "\n").replace("\r", "\n")
        self.crlf_cr = [m.start() for m in re.finditer("\r\n", raw)]
        """Raw indices of the CR of every CRLF."""
        self._raw = _index(raw)
        self._lf = _index(self.text)

    @property
    def has_crlf(self) -> bool:
        """Whether the raw text has CRLF line ends."""
        return bool(self.crlf_cr)

    @property
    def has_wide(self) -> bool:
        """Whether the text has characters outside the BMP (two UTF-16 units each)."""
        return bool(self._lf.wide)

    def length(self, conv: Convention) -> int:
        """The length of the text as ``conv`` counts it."""
        base = self._lf if conv.crlf_as_one else self._raw
        return base.length + (len(base.wide) if conv.utf16 else 0) + int(conv.bom_counted)

    def locate(self, offset: int, conv: Convention) -> tuple[int, bool] | None:
        """``offset`` under ``conv`` as an index into :attr:`text`, and whether it split a CRLF
        or a surrogate pair; None when it lies outside the text."""
        pos = offset - (1 if conv.bom_counted else 0)
        base = self._lf if conv.crlf_as_one else self._raw
        split = False
        if conv.utf16:
            before = bisect.bisect_right(base.wide, pos - 2)
            if before < len(base.wide) and base.wide[before] == pos - 1:
                split = True  # inside a surrogate pair: move to the character's end
                pos += 1
                before += 1
            pos -= before
        if pos < 0 or pos > base.length:
            return None
        if not conv.crlf_as_one:
            crs = bisect.bisect_left(self.crlf_cr, pos)
            if crs and self.crlf_cr[crs - 1] == pos - 1:
                split = True  # between CR and LF: the study's text has the LF here
            pos -= crs
        return pos, split


def _index(text: str) -> _Index:
    wide = [m.start() + k for k, m in enumerate(_NON_BMP.finditer(text))]
    return _Index(len(text), wide)


def place(text: SourceText, sel: Selection, conv: Convention) -> Placement:
    """Where ``sel`` lands in ``text.text`` when counted by ``conv``."""
    start = text.locate(sel.start, conv)
    end = text.locate(sel.end, conv)
    if start is None or end is None:
        return Placement(
            problem=f"[{sel.start}, {sel.end}) is outside the text "
            f"({text.length(conv)} long in {conv.describe()})"
        )
    (s, split_s), (e, split_e) = start, end
    if e < s:
        s, e = e, s
    return Placement(s, e, None, int(split_s) + int(split_e))


def _mid_word(text: str, pos: int) -> bool:
    return 0 < pos < len(text) and text[pos - 1].isalnum() and text[pos].isalnum()


def _squash(value: str) -> str:
    return _SPACE.sub(" ", value).strip().casefold()


def matches_evidence(selected: str, carried: str) -> bool:
    """Whether ``carried`` (a name or description) is the selected text, or its truncated start."""
    want = _squash(carried)
    for mark in _ELLIPSIS:
        want = want.removesuffix(mark).rstrip()
    got = _squash(selected)
    return bool(want) and (got == want or got.startswith(want))


def _penalties(text: SourceText, sel: Selection, placed: Placement, evidence: bool) -> int:
    """How badly ``placed`` fits: 0 is a selection on word boundaries matching its carried text."""
    if placed.problem is not None:
        return PENALTY_OUTSIDE
    penalty = PENALTY_SPLIT * placed.split_ends
    penalty += PENALTY_MID_WORD * (
        _mid_word(text.text, placed.start) + _mid_word(text.text, placed.end)
    )
    if evidence:
        chosen = text.text[placed.start : placed.end]
        if not any(matches_evidence(chosen, c) for c in sel.evidence):
            penalty += PENALTY_TEXT_MISMATCH
    return penalty


@dataclass
class OffsetDecision:
    """The convention chosen for one source, the evidence for it, and any doubts."""

    source: str
    convention: Convention
    prior: Convention
    origin: str
    selections: int
    decided_by: str
    """``text`` (the selections decided), ``prior`` (every candidate places them alike)."""
    support: int = 0
    """Selections that fit the chosen convention better than the runner-up."""
    against: int = 0
    """Selections that fit the runner-up better."""
    runner_up: Convention | None = None
    clean: int = 0
    """Selections placed on word boundaries (and matching carried text) by the chosen one."""
    text_matches: int = 0
    """Selections whose carried text matched under the chosen convention."""
    doubts: list[str] = field(default_factory=list)

    @property
    def doubtful(self) -> bool:
        """Whether the offsets of this source may be wrong (imported anyway)."""
        return bool(self.doubts)

    def summary(self) -> str:
        """One line: the convention and why, e.g. for the import report."""
        if self.decided_by == "prior":
            why = "every candidate places the selections alike"
        else:
            why = f"{self.clean} of {self.selections} selections on word boundaries"
            if self.text_matches:
                why += f", {self.text_matches} matching their carried text"
            if self.runner_up is not None and self.support:
                why += f"; {self.support} fit it better than {self.runner_up.describe()}"
                if self.against:
                    why += f", {self.against} worse"
        if self.convention == self.prior:
            agree = ""
        elif prior_for(self.origin) is None:
            agree = " (an origin ipatool does not know; the standard was the first guess)"
        else:
            agree = f" (not the origin's {self.prior.describe()})"
        return f"{self.convention.describe()}{agree}: {why}"

    def to_json(self) -> dict[str, Any]:
        """The decision as plain data for ``--format json``."""
        return {
            "source": self.source,
            "convention": self.convention.describe(),
            "origin_convention": self.prior.describe(),
            "decided_by": self.decided_by,
            "selections": self.selections,
            "on_boundaries": self.clean,
            "text_matches": self.text_matches,
            "support": self.support,
            "against": self.against,
            "runner_up": self.runner_up.describe() if self.runner_up else None,
            "doubtful": self.doubtful,
            "doubts": list(self.doubts),
        }


def decide(source: str, text: SourceText, sels: list[Selection], origin: str) -> OffsetDecision:
    """Choose the counting convention of one source's selections, with evidence and doubts."""
    known = prior_for(origin)
    prior = known or STANDARD
    convs = candidates(known, has_bom=text.had_bom)
    placed = {c: tuple(place(text, s, c) for s in sels) for c in convs}
    groups: dict[tuple[Placement, ...], Convention] = {}
    for conv in convs:  # in prior order: each group is named by its most likely member
        groups.setdefault(placed[conv], conv)
    if len(groups) == 1:
        decision = OffsetDecision(source, prior, prior, origin, len(sels), "prior")
        decision.clean = sum(1 for p in placed[prior] if p.problem is None)
        return decision
    reps = list(groups.values())
    # carried text is evidence only where at least one convention reproduces it
    evidence = [
        any(
            p[i].problem is None
            and any(matches_evidence(text.text[p[i].start : p[i].end], c) for c in s.evidence)
            for p in (placed[r] for r in reps)
        )
        for i, s in enumerate(sels)
    ]
    scores = {
        r: [_penalties(text, s, placed[r][i], evidence[i]) for i, s in enumerate(sels)]
        for r in reps
    }
    order = {r: k for k, r in enumerate(reps)}
    total = {r: prior_cost(r, known) + sum(scores[r]) for r in reps}
    ranked = sorted(reps, key=lambda r: (total[r], order[r]))
    best, runner = ranked[0], ranked[1]
    support = sum(1 for a, b in zip(scores[best], scores[runner], strict=True) if a < b)
    against = sum(1 for a, b in zip(scores[best], scores[runner], strict=True) if a > b)
    decision = OffsetDecision(
        source,
        best,
        prior,
        origin,
        len(sels),
        "text",
        support=support,
        against=against,
        runner_up=runner,
        clean=sum(1 for v in scores[best] if v == 0),
        text_matches=sum(
            1
            for i, s in enumerate(sels)
            if evidence[i]
            and placed[best][i].problem is None
            and any(
                matches_evidence(text.text[placed[best][i].start : placed[best][i].end], c)
                for c in s.evidence
            )
        ),
    )
    decision.doubts = _doubts(decision, total[runner] - total[best])
    return decision


def _doubts(d: OffsetDecision, margin: int) -> list[str]:
    """Why a decision may be wrong: mixed evidence, a close runner-up, a poor fit."""
    doubts: list[str] = []
    runner = d.runner_up.describe() if d.runner_up else "another convention"
    if d.against and d.support < 3 * d.against:
        doubts.append(
            f"mixed evidence: {d.support} selection(s) fit {d.convention.describe()} better, "
            f"{d.against} fit {runner} better"
        )
    elif margin < CLOSE:
        doubts.append(
            f"weak evidence: {d.convention.describe()} explains the selections barely better "
            f"than {runner} ({d.support} selection(s) favour it, {d.against} the other)"
        )
    poor = d.selections - d.clean
    if d.selections and poor * 2 > d.selections:
        doubts.append(
            f"poor fit: {poor} of {d.selections} selections start or end mid-word, split a "
            "line break or fall outside the text even so"
        )
    return doubts
