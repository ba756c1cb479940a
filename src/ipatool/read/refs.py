"""Where a transcript uses an id: positions found on demand by reading that one file again.

Cross-file checks work on :class:`~ipatool.read.study.TranscriptFacts`, which keep the ids a
transcript uses but not every place it uses them. When a check finds an id wrong (a code
nobody defined, a speaker nobody declared), it asks here for the places, and only that file
is read again. A valid study is never re-read.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ipatool.diagnostics import Span
from ipatool.read.yamlio import node_span, read_document


class Role(Enum):
    """The places in a transcript where an id can stand."""

    SPEAKER = "speaker"
    CODE = "code"
    BY = "by"
    NOTE_BY = "note_by"


def _get(node: Node, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in reversed(node.value):  # the last of duplicate keys wins, as in the data
            if isinstance(k, ScalarNode) and k.value == key:
                found: Node = v
                return found
    return None


def _items(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def _matches(node: Node | None, ident: str) -> list[Span]:
    """Spans of scalars equal to ``ident`` in a scalar or a list of scalars."""
    if isinstance(node, ScalarNode):
        return [node_span(node)] if node.value == ident else []
    return [node_span(n) for n in _items(node) if isinstance(n, ScalarNode) and n.value == ident]


def find_refs(root: Path, rel: str, role: Role, ident: str) -> list[Span]:
    """Every span in transcript ``rel`` (under study ``root``) where ``ident`` is used as ``role``."""
    doc = read_document(root / rel, rel)
    if doc.root is None:
        return []
    out: list[Span] = []
    for turn in _items(_get(doc.root, "turns")):
        if role is Role.SPEAKER:
            out += _matches(_get(turn, "speaker"), ident)
        elif role is Role.NOTE_BY:
            for note in _items(_get(turn, "notes")):
                out += _matches(_get(note, "by"), ident)
        else:
            for app in _items(_get(turn, "codes")):
                out += _matches(_get(app, role.value), ident)
    return sorted(out)
