"""The canonical text of a study file without ruamel: emitted from the fast reader's node tree.

``fmt`` writes files through ruamel's round-trip loader and dumper (:mod:`ipatool.write.fmt`),
which keeps comments but reads 0.4 MB/s. This module writes the text that path would write for
a file, from the node tree of PyYAML's C composer (:func:`ipatool.read.yamlio.parse_text`), for
the files and values whose layout it knows exactly: block mappings in the canonical key order,
block and one-line lists, plain, quoted and folded text, numbers, dates, booleans and null.
For anything else (literal blocks, flow mappings, tags, text it is not sure how ruamel quotes
or wraps) it answers None and ``fmt`` asks ruamel. Its output is compared with ruamel's on
every file of every study the tests have (tests/write/test_canon.py).

Two uses: a file whose text is its own canonical text is already tidy (comments cannot be in
it: this module writes none); a file with no comments, anchors or tags (:func:`has_extras`)
is written as its canonical text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ipatool.read.yamlio import resolve_plain
from ipatool.write.folding import fits, fold_positions, foldable
from ipatool.write.layout import BLOCK_LISTS, CHILDREN, ORDERS

WIDTH = 80
"""Text longer than this becomes a block scalar (as :data:`ipatool.write.yamlout.WIDTH`)."""

LINE_WIDTH = 100
"""Folded text ends by this column (as :data:`ipatool.write.yamlout.LINE_WIDTH`)."""

_PLAIN_TAG = "ipatool:plain"
_STR_TAG = "tag:yaml.org,2002:str"
_TOP_BLOCK = {"config", "participants_file", "themes_file", "pets_file", "transcript"}
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_DATE = re.compile(r"\d{4}-\d\d-\d\d\Z")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.(?:0|[0-9]*[1-9])\Z")
_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null"}
_EXTRAS = re.compile(r"[#&!*%\t]|^---|^\.\.\.", re.MULTILINE)


_UNRESOLVED: Any = object()
"""A plain scalar's value not resolved yet."""


class _Unsure(Exception):
    """The emitter does not know exactly what ruamel would write here."""


_UNWRITABLE = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
"""A character the YAML emitter (with ``allow_unicode``) would escape or refuse to write plain:
outside printable ASCII and the Unicode ranges it writes as they are, or a line separator, a
paragraph separator or a byte-order mark."""


def _writable(value: str) -> bool:
    """Whether the YAML emitter writes every character of ``value`` as it is."""
    if value.isascii():
        return value.isprintable()  # printable ASCII is exactly \x20-\x7e
    return _UNWRITABLE.search(value) is None


def _plain_ok(value: str, *, flow: bool) -> bool:
    """Whether ruamel writes this text plain (a conservative subset of when it does)."""
    if not value or not value[0].isalpha() or value != value.strip(" "):
        return False
    if len(value) <= 5 and value.lower() in _WORDS:
        return False
    if value.endswith(":") or ": " in value or " #" in value:
        return False
    if flow and any(ch in ",[]{}:#?" for ch in value):
        return False
    return _writable(value)


def _quoted(value: str, style: str) -> str:
    if "\n" in value or not _writable(value):
        raise _Unsure
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if '"' in value or "\\" in value:
        raise _Unsure
    return '"' + value + '"'


class _Emitter:
    def __init__(self, text: str, field_order: Sequence[str]) -> None:
        self.text = text
        self.field_order = tuple(field_order)
        self.lines: list[str] = []
        self.line = self.lines.append  # lengths are checked once, at the end
        self.track = _EXTRAS.search(text) is not None
        """Keep the spans of keys and values (needed only to tell where a ``#`` is)."""
        self.spans: list[tuple[int, int]] = []
        self.ranks: dict[str | None, tuple[dict[str, int], int]] = {}
        self.keys: set[str] = set()
        """Keys already seen to be plain names."""

    def span(self, node: Node) -> None:
        if self.track:
            self.spans.append((node.start_mark.index, node.end_mark.index))

    def rank(self, kind: str | None) -> tuple[dict[str, int], int]:
        """Each known key's place in the canonical order of ``kind``, and the place of others."""
        found = self.ranks.get(kind)
        if found is None:
            order: Sequence[str] = ORDERS.get(kind, ()) if kind else ()
            if kind == "participant":
                order = ("id", *self.field_order)
            found = self.ranks[kind] = ({k: i for i, k in enumerate(order)}, len(order))
        return found

    # Scalars

    def inline(self, node: ScalarNode, *, flow: bool, value: Any = _UNRESOLVED) -> str:
        """A scalar written on its key's (or dash's) line (``value``: its plain value, when
        already resolved)."""
        self.span(node)
        style, raw = node.style, str(node.value)
        if style in ("'", '"'):
            if node.tag != _STR_TAG:
                raise _Unsure
            return _quoted(raw, style)
        if style or node.tag != _PLAIN_TAG:
            raise _Unsure
        if value is _UNRESOLVED:
            value = resolve_plain(raw)
        if value is None:
            return "null"
        if isinstance(value, bool):
            if raw not in ("true", "false"):
                raise _Unsure
            return raw
        if isinstance(value, int):
            if raw != str(value):
                raise _Unsure
            return raw
        if isinstance(value, float):
            if not _FLOAT.match(raw):
                raise _Unsure
            return raw
        if isinstance(value, str):
            if not _plain_ok(value, flow=flow):
                raise _Unsure
            return value
        if _DATE.match(raw):  # a date
            return raw
        raise _Unsure

    def map_scalar(self, prefix: str, node: ScalarNode, col: int) -> None:
        """A mapping's scalar value, ``col`` the column of its key."""
        if node.style == ">":
            self.folded_original(prefix, node, col, max(LINE_WIDTH - col - 2, 20))
            return
        value = node.value
        resolved: Any = _UNRESOLVED
        if node.style in ("'", '"'):
            text_like = True
        else:
            resolved = resolve_plain(value) if not node.style and node.tag == _PLAIN_TAG else None
            text_like = isinstance(resolved, str)
        if text_like and (len(value) > WIDTH or "\n" in value):
            self.span(node)
            if "\n" in value or not foldable(value):
                raise _Unsure  # literal blocks and long quoted text: ruamel decides
            self.folded(prefix, value, fold_positions(value, max(LINE_WIDTH - col - 2, 20)), col)
            return
        self.line(prefix + " " + self.inline(node, flow=False, value=resolved))

    def folded_original(self, prefix: str, node: ScalarNode, col: int, room: int) -> None:
        """A value that was already a folded block: its own line breaks stay when they fit."""
        self.span(node)
        value = node.value
        if node.tag != _STR_TAG or "\n" in value or not foldable(value):
            raise _Unsure
        source = self.text[node.start_mark.index : node.end_mark.index].split("\n")
        if source[0] != ">-":
            raise _Unsure
        parts = [ln.strip(" ") for ln in source[1:]]
        while parts and not parts[-1]:
            parts.pop()
        if not parts or any(not p for p in parts) or " ".join(parts) != value:
            raise _Unsure
        folds: list[int] = []
        at = -1
        for part in parts[:-1]:
            at += len(part) + 1
            folds.append(at)
        if not (folds and fits(value, folds, room)):
            folds = fold_positions(value, room)
        self.folded(prefix, value, folds, col)

    def folded(self, prefix: str, value: str, folds: list[int], col: int) -> None:
        self.line(prefix + " >-")
        indent = " " * (col + 2)
        start = 0
        for cut in [*sorted(folds), len(value)]:
            self.line(indent + value[start:cut])
            start = cut + 1

    # Collections

    def mapping(
        self, node: MappingNode, kind: str | None, col: int, *, block: bool = False
    ) -> None:
        """A block mapping whose keys are at column ``col``."""
        if (node.flow_style and not block) or not node.value:
            raise _Unsure
        rank, other = self.rank(kind)
        pairs = []
        keys = self.keys
        for i, (key, value) in enumerate(node.value):
            if key.__class__ is not ScalarNode or key.style:
                raise _Unsure
            name = key.value
            if name not in keys:
                if not _KEY.match(name):
                    raise _Unsure
                keys.add(name)
            self.span(key)
            pairs.append((rank.get(name, other), i, name, value))
        pairs.sort()
        children = CHILDREN.get(kind, {}) if kind else {}
        for _rank, _i, key, value in pairs:
            prefix = " " * col + key + ":"
            child = children.get(key)
            if isinstance(value, ScalarNode):
                self.map_scalar(prefix, value, col)
            elif isinstance(value, SequenceNode):
                forced = (kind, key) in BLOCK_LISTS
                self.sequence(prefix, value, child, col + 2, forced=forced)
            elif isinstance(value, MappingNode):
                self.line(prefix)
                self.mapping(value, child, col + 2)
            else:  # pragma: no cover - compose yields only these three node kinds
                raise _Unsure

    def sequence(
        self, prefix: str, node: SequenceNode, kind: str | None, dash: int, *, forced: bool
    ) -> None:
        """A mapping's list value; ``dash`` the column of its dashes in block style."""
        if not node.value:
            if forced:
                raise _Unsure
            self.line(prefix + " []")
            return
        if node.flow_style and not forced:
            items = []
            for item in node.value:
                if not isinstance(item, ScalarNode) or item.style == ">":
                    raise _Unsure
                items.append(self.inline(item, flow=True))
            self.line(prefix + " [" + ", ".join(items) + "]")
            return
        self.line(prefix)
        for item in node.value:
            if isinstance(item, MappingNode):
                first = len(self.lines)
                self.mapping(item, kind, dash + 2, block=forced)
                self.lines[first] = " " * dash + "- " + self.lines[first][dash + 2 :]
            elif isinstance(item, ScalarNode) and item.style != ">":
                self.line(" " * dash + "- " + self.inline(item, flow=False))
            else:
                raise _Unsure


def canonical_text(
    root: Node | None, text: str, kind: str | None, field_order: Sequence[str] = ()
) -> tuple[str, bool] | None:
    """The text ``fmt`` writes for a file of this ``kind`` whose node tree is ``root`` (parsed
    from ``text``), and whether ``text`` has comments, anchors, tags or markers outside its
    values (then only an equal text can be trusted). None when this module cannot tell."""
    if kind is None or not isinstance(root, MappingNode):
        return None
    emitter = _Emitter(text, field_order)
    try:
        emitter.mapping(root, kind, 0, block=kind in _TOP_BLOCK)
    except _Unsure:
        return None
    if max(map(len, emitter.lines)) > LINE_WIDTH:
        return None  # ruamel would wrap a line this long
    out = "\n".join(emitter.lines) + "\n"
    return out, emitter.track and has_extras(text, emitter.spans)


def has_extras(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether ``text`` has a comment, anchor, tag, directive, document marker or tab: a
    ``#&!*%`` or tab, or a line starting ``---``/``...``, outside every key and value
    (``spans``, by index), or an anchor or tag at the start of one."""
    found = [m.start() for m in _EXTRAS.finditer(text)]
    if not found:
        return False
    if any(text[at] in "&!" for at in found) and any(
        text[start : start + 1] in ("&", "!") for start, _end in spans
    ):
        return True  # an anchor or a tag before a value is part of its node's span
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    for at in found:
        i = bisect.bisect_right(starts, at) - 1
        if i < 0 or not (spans[i][0] <= at < spans[i][1]):
            return True
    return False
