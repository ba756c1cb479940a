"""Writing study files: ruamel.yaml round-trip loading and dumping that keeps every comment.

Reading for validation is :mod:`ipatool.read.yamlio` (fast, position-aware). This module is the other
direction: it loads a file into ruamel's comment-carrying containers, lets callers change them,
and dumps them in the canonical layout (2-space indentation, list dashes indented under their key,
long or multi-line text as folded block scalars). Callers check the result with
:func:`same_meaning` before writing: a study file's meaning must never change on the way through.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ipatool.read.yamlio import parse_text
from ipatool.write.folding import fits, fold_positions, foldable, literal_safe

try:  # the C parser is much faster; fall back quietly where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

WIDTH = 80
"""Text longer than this becomes a block scalar."""

LINE_WIDTH = 100
"""Folded text is folded so that its lines end by this column."""

__all__ = [
    "LINE_WIDTH",
    "WIDTH",
    "CommentedMap",
    "CommentedSeq",
    "FoldedScalarString",
    "LiteralScalarString",
    "YAMLError",
    "apply_block_styles",
    "block_text",
    "dump",
    "flow_list",
    "load",
    "make_yaml",
    "same_meaning",
]


def _represent_none(representer: RoundTripRepresenter, _data: None) -> Any:
    """Write a missing value as ``null`` (ruamel's default leaves it blank)."""
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def make_yaml() -> YAML:
    """A round-trip YAML instance configured for the canonical layout."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = LINE_WIDTH
    yaml.allow_unicode = True
    yaml.explicit_start = False
    yaml.representer.add_representer(type(None), _represent_none)
    return yaml


def load(text: str) -> Any:
    """Load YAML text into ruamel's round-trip containers (raises ``YAMLError`` on bad YAML)."""
    return make_yaml().load(text)


def dump(data: Any) -> str:
    """Dump round-trip data in the canonical layout; always ends with one newline."""
    out = io.StringIO()
    make_yaml().dump(data, out)
    text = out.getvalue()
    text = text if text.endswith("\n") else text + "\n"
    return indent_comments(text)


def _content_lines(text: str) -> set[int]:
    """0-based numbers of lines that lie inside multi-line scalars (not YAML structure)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return set()
    inside: set[int] = set()
    stack: list[Node] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            first, last = node.start_mark.line, node.end_mark.line
            if node.end_mark.column == 0:
                last -= 1
            inside.update(range(first + 1, last + 1))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
    return inside


def indent_comments(text: str) -> str:
    """Indent each full-line comment like the line it introduces (the next line of YAML).

    Comments keep the column they had in the original file; once keys move or indentation
    changes, that column no longer matches. Comment lines at the end of the file stay as they are.
    """
    lines = text.split("\n")
    inside = _content_lines(text)

    def is_comment(i: int) -> bool:
        return i not in inside and lines[i].lstrip(" ").startswith("#")

    target: int | None = None
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        stripped = line.lstrip(" ")
        if i in inside or not stripped:
            continue
        if is_comment(i):
            if target is not None and len(line) - len(stripped) != target:
                lines[i] = " " * target + stripped
            continue
        target = len(line) - len(stripped)
    return "\n".join(lines)


def fit_folds(value: FoldedScalarString, indent: int) -> None:
    """Keep a folded scalar's own line breaks when its lines fit the width; refold otherwise."""
    room = max(LINE_WIDTH - indent, 20)
    folds = list(getattr(value, "fold_pos", []))
    if folds and fits(str(value), folds, room):
        return
    setattr(value, "fold_pos", fold_positions(str(value), room))  # noqa: B010 - untyped attribute


def block_text(value: str, *, width: int = WIDTH) -> str:
    """``value`` as a block scalar when it is long or spans lines and a block keeps it exact.

    Short one-line text is returned as is (ruamel then picks plain or quoted style); long text
    that a block scalar could not carry exactly keeps its quotes, or is double-quoted (a plain
    value wrapped by ruamel would leave trailing spaces).
    """
    if isinstance(value, FoldedScalarString | LiteralScalarString):
        return value
    long_or_multiline = len(value) > width or "\n" in value
    if not long_or_multiline:
        return value
    block: str = value
    if foldable(value):
        block = FoldedScalarString(str(value))
    elif literal_safe(value):
        block = LiteralScalarString(str(value))
    elif not isinstance(value, ScalarString):
        # ruamel wraps long plain text with a space left at the end of each broken line
        block = DoubleQuotedScalarString(str(value))
    return block


def _is_flow(node: CommentedMap | CommentedSeq) -> bool:
    return bool(node.fa.flow_style())


def apply_block_styles(node: Any, *, width: int = WIDTH, indent: int = 0) -> None:
    """Turn long text values into block scalars, everywhere block style allows it.

    ``indent`` is the column of ``node``'s keys (of its dashes, for a list), so folded text is
    folded to fit :data:`LINE_WIDTH`.
    """
    if isinstance(node, CommentedMap):
        if _is_flow(node):
            return
        for key in list(node.keys()):
            value = node[key]
            if isinstance(value, str):
                new = block_text(value, width=width)
                if new is not value and _make_room_for_block(node, key):
                    node[key] = value = new
                if isinstance(value, FoldedScalarString):
                    fit_folds(value, indent + 2)
            else:
                apply_block_styles(value, width=width, indent=indent + 2)
    elif isinstance(node, CommentedSeq):
        if _is_flow(node):
            return
        for item in node:
            if isinstance(item, FoldedScalarString):
                fit_folds(item, indent + 2)
            else:
                apply_block_styles(item, width=width, indent=indent + 2)


def _make_room_for_block(node: CommentedMap, key: Any) -> bool:
    """Prepare the comment after ``node[key]`` for a block scalar value; False if it can't be.

    A block scalar ends its own line, so the comment lines after it lose their leading line
    break; an end-of-line comment would have to move into the block header: keep the value as is.
    """
    entry = node.ca.items.get(key)
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None:
        return True
    value = token.value
    if value.startswith("#"):
        return False
    if value.startswith("\n"):
        token.value = value[1:]
    return True


def flow_list(items: Iterable[Any]) -> CommentedSeq:
    """A list written on one line: ``[a, b, c]``."""
    seq = CommentedSeq(list(items))
    seq.fa.set_flow_style()
    return seq


def plain(value: Any) -> Any:
    """Round-trip data as plain Python values (for comparisons)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, ScalarString):
        return str(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value
    return value


def same_meaning(before: str, after: str) -> bool:
    """Whether two texts load to the same data with the study reader (:mod:`ipatool.read.yamlio`)."""
    old = parse_text(before, "before")
    new = parse_text(after, "after")
    if not new.ok or len(new.diagnostics) > len(old.diagnostics):
        return False
    return bool(old.data == new.data)
