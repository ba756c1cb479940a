"""The disagreement list for the coders' consensus meeting: every turn x code the coders differ on.

A disagreement is a participant turn of a compared transcript (two or more coders) and a code
that at least one of the transcript's coders applied to it and at least one did not. Each entry
says who applied the code and who did not, the extract each coding marks (its quote, or the
whole turn), and the turn's words where a coding on the turn quotes it whole (the study as
loaded keeps extracts, not every turn's text).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Extract:
    """What one coding of the code on the turn marks, and who applied it."""

    by: tuple[str, ...]
    text: str
    whole_turn: bool

    def to_json(self) -> dict[str, Any]:
        return {"by": list(self.by), "text": self.text, "whole_turn": self.whole_turn}


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One turn x code on which the coders of the transcript differ."""

    transcript: str
    turn: int
    speaker: str
    code: str
    applied_by: tuple[str, ...]
    not_applied_by: tuple[str, ...]
    quotes: tuple[Extract, ...]
    turn_text: str | None
    without_by: bool
    """True when a coding without ``by`` took part (it counts as every coder's)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "transcript": self.transcript,
            "turn": self.turn,
            "speaker": self.speaker,
            "code": self.code,
            "applied_by": list(self.applied_by),
            "not_applied_by": list(self.not_applied_by),
            "quotes": [q.to_json() for q in self.quotes],
            "turn_text": self.turn_text,
            "without_by": self.without_by,
        }
