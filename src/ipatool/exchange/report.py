"""The report of a REFI-QDA import: what it made, what it could not carry, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ipatool.exchange.offsets import OffsetDecision


@dataclass
class ImportReport:
    """What an import made, and what it could not carry (counted by kind)."""

    project: str = ""
    origin: str = ""
    made: dict[str, int] = field(default_factory=dict)
    not_carried: dict[str, int] = field(default_factory=dict)
    missing_sources: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    offsets: list[OffsetDecision] = field(default_factory=list)
    """The counting convention chosen for each text source with selections."""
    unplaced: list[str] = field(default_factory=list)
    """Selections left out because they cannot be placed: source, selection, offsets, why."""
    clashes: list[str] = field(default_factory=list)
    """Codebook merges: items already in the study that the codebook would change (kept)."""

    def lost(self, what: str, n: int = 1) -> None:
        """Count ``n`` things of kind ``what`` that the study format cannot hold."""
        if n:
            self.not_carried[what] = self.not_carried.get(what, 0) + n

    @property
    def doubtful(self) -> list[OffsetDecision]:
        """The sources whose offsets may be wrong (imported anyway)."""
        return [d for d in self.offsets if d.doubtful]

    def to_json(self) -> dict[str, Any]:
        """The report as plain data for ``--format json``."""
        return {
            "project": self.project,
            "origin": self.origin,
            "made": dict(self.made),
            "not_carried": dict(sorted(self.not_carried.items())),
            "missing_sources": list(self.missing_sources),
            "messages": list(self.messages),
            "offsets": [d.to_json() for d in self.offsets],
            "doubtful_sources": len(self.doubtful),
            "unplaced": list(self.unplaced),
            "clashes": list(self.clashes),
        }
