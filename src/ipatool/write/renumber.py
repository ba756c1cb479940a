"""``fmt --renumber``: number each transcript's turns 1, 2, 3 ... in file order.

Only the ``n`` of each turn changes: codings and notes live on their turns, not on numbers, so
nothing else refers to them. A turn without an ``n`` is left as it is (``validate`` reports it).
The same change is made to the fast reader's node tree (for :mod:`ipatool.write.canon`), to
ruamel's round-trip data, and to plain data (for the meaning check: the new text must read as
the old one with only the turn numbers changed).
"""

from __future__ import annotations

import copy
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ipatool.read.yamlio import YamlDocument, parse_text

_PLAIN_TAG = "ipatool:plain"


def _turns(mapping: Any) -> list[Any]:
    turns = mapping.get("turns") if isinstance(mapping, dict) else None
    return turns if isinstance(turns, list) else []


def renumber_nodes(root: Node | None) -> None:
    """Renumber the turns in a node tree from :func:`ipatool.read.yamlio.parse_text`."""
    if not isinstance(root, MappingNode):
        return
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == "turns" and isinstance(value, SequenceNode):
            for i, turn in enumerate(value.value):
                if not isinstance(turn, MappingNode):
                    continue
                for k, v in turn.value:
                    if isinstance(k, ScalarNode) and k.value == "n" and isinstance(v, ScalarNode):
                        v.value, v.tag, v.style = str(i + 1), _PLAIN_TAG, ""


def renumber_data(data: Any) -> None:
    """Renumber the turns of round-trip (or plain) data, in place."""
    for i, turn in enumerate(_turns(data)):
        if isinstance(turn, dict) and "n" in turn:
            turn["n"] = i + 1


def same_meaning_renumbered(before: str, after: str, old: YamlDocument | None = None) -> bool:
    """Whether ``after`` reads as ``before`` with its turns renumbered, and nothing else
    (``old``: ``before`` already parsed)."""
    old = old if old is not None else parse_text(before, "before")
    new = parse_text(after, "after")
    if not new.ok or len(new.diagnostics) > len(old.diagnostics):
        return False
    expected = copy.deepcopy(old.data)
    renumber_data(expected)
    return bool(expected == new.data)
