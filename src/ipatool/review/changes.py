"""The records a comparison gives: a :class:`Change` (what changed in the study) and an
:class:`Effect` (what that does to a table), with the JSON shape documented in docs/diff.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("added", "removed", "changed", "renamed", "moved", "merged", "split")
ENTITIES = (
    "theme",
    "subtheme",
    "code",
    "coding",
    "note",
    "statement",
    "pet",
    "get",
    "get_subtheme",
    "participant",
    "transcript",
    "turn",
    "setting",
)


@dataclass(frozen=True, slots=True)
class Change:
    """One change of meaning: ``kind`` (one of :data:`KINDS`) of an ``entity`` (one of
    :data:`ENTITIES`) with this ``id``; ``field``, ``before`` and ``after`` say what changed."""

    kind: str
    entity: str
    id: str
    new_id: str | None = None
    transcript: str | None = None
    turn: int | None = None
    field: str | None = None
    before: Any = None
    after: Any = None
    file: str | None = None
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "entity": self.entity,
            "id": self.id,
            "new_id": self.new_id,
            "transcript": self.transcript,
            "turn": self.turn,
            "field": self.field,
            "before": self.before,
            "after": self.after,
            "file": self.file,
            "line": self.line,
        }


@dataclass(frozen=True, slots=True)
class Effect:
    """A figure of a table that differs: ``table``, the row's ``id``, the ``measure``."""

    table: str
    id: str
    measure: str
    before: Any
    after: Any

    def to_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "id": self.id,
            "measure": self.measure,
            "before": self.before,
            "after": self.after,
        }


@dataclass
class Comparison:
    """Everything ``ipatool diff`` reports about two sides of a study."""

    before: str
    after: str
    changes: list[Change] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """What could not be read at either side (each names the side and the file)."""
    prefix: str = ""
    """The study's folder from the top of the repository (files are named inside the study)."""
    notes: list[str] = field(default_factory=list)
    """What was not compared, and why (e.g. no effects when a side's settings did not load)."""

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.before,
            "to": self.after,
            "changes": [c.to_json() for c in self.changes],
            "effects": [e.to_json() for e in self.effects],
            "problems": list(self.problems),
            "notes": list(self.notes),
        }
