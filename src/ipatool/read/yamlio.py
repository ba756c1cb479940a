"""Fast, position-aware YAML reading: bytes -> node tree (PyYAML's C composer) -> plain values.

The node tree keeps the line and column of every key and value; :class:`Locator` answers
"where is this path?" for diagnostics. Values follow YAML 1.2 core rules (only ``true`` and
``false`` are booleans). Duplicate keys, anchors/aliases and non-standard tags are reported by
this module, never silently accepted. Writing files back (with comments kept) is ``yamlwrite``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ipatool.diagnostics import TOP, Diagnostic, Span, make
from ipatool.read.yamlsyntax import syntax_diagnostic

try:  # the C parser is ~10x faster; fall back quietly where libyaml is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused (IPA009): no study file needs to be this big."""

PathKey = str | int
YamlPath = tuple[PathKey, ...]

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _TS = (
    _TAG + "str",
    _TAG + "int",
    _TAG + "float",
    _TAG + "bool",
    _TAG + "null",
    _TAG + "timestamp",
)
_MAP, _SEQ = _TAG + "map", _TAG + "seq"
_PLAIN = "ipatool:plain"
"""Tag of untagged plain scalars: ipatool resolves them itself (YAML 1.2 core rules)."""
_DATE_RE = re.compile(r"^(\d{4})-(\d\d?)-(\d\d?)$")
_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_FLOAT_RE = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_NUMBER_START = frozenset("0123456789-+.")
_EXPLICIT_KINDS: dict[str, type | tuple[type, ...]] = {
    _NULL: type(None),
    _BOOL: bool,
    _INT: int,
    _FLOAT: (int, float),
    _TS: _dt.date,
}
_WORDS: dict[str, Any] = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    "null": None,
    "Null": None,
    "NULL": None,
    "~": None,
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".nan": float("nan"),
}


class _Loader(_BaseLoader):
    """The C composer with a trivial resolver: tags of untagged nodes are decided by
    :func:`resolve_plain` (YAML 1.2 core), which is both faster and safer than YAML 1.1's."""

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _MAP if kind is MappingNode else _SEQ


def resolve_plain(value: str) -> Any:
    """The value of an untagged plain scalar under YAML 1.2 core rules (plus ISO dates)."""
    if not value:
        return None
    if value in _WORDS:
        return _WORDS[value]
    if value[0] in _NUMBER_START:
        if _INT_RE.match(value):
            try:
                return int(value)
            except ValueError:  # more digits than Python converts: keep the text
                return value
        if _FLOAT_RE.match(value):
            return float(value)
        m = _DATE_RE.match(value)
        if m:
            try:
                return _dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return value  # an impossible date: the shape check reports it
        if value.startswith(("0x", "0o")):
            try:
                return int(value, 0)
            except ValueError:
                return value
    return value


@dataclass
class YamlDocument:
    """One parsed file: its plain data, its node tree (for positions) and what went wrong."""

    file: str
    data: Any
    root: Node | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.root is not None

    @property
    def locator(self) -> Locator:
        return Locator(self.file, self.root)


def node_span(node: Node) -> Span:
    """The 1-based span of a node."""
    s, e = node.start_mark, node.end_mark
    return Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1)


class Locator:
    """Finds the span of a value (or of its key) by its path in a document."""

    def __init__(self, file: str, root: Node | None) -> None:
        self.file = file
        self.root = root

    def find(self, path: YamlPath) -> tuple[Node | None, Node | None, int]:
        """Return (key node, value node, how many path steps matched)."""
        node = self.root
        key_node: Node | None = None
        depth = 0
        for step in path:
            if isinstance(node, MappingNode) and isinstance(step, str):
                for k, v in reversed(node.value):  # the last of duplicate keys wins, as in the data
                    if isinstance(k, ScalarNode) and k.value == step:
                        key_node, node = k, v
                        break
                else:
                    return key_node, node, depth
            elif isinstance(node, SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    return key_node, node, depth
                key_node, node = None, node.value[step]
            else:
                return key_node, node, depth
            depth += 1
        return key_node, node, depth

    def span(self, path: YamlPath, *, key: bool = False) -> Span:
        """Span of the value at ``path`` (or of its key); the nearest existing parent otherwise."""
        if self.root is None:
            return TOP
        key_node, node, depth = self.find(path)
        if key and key_node is not None and depth == len(path):
            return node_span(key_node)
        if node is None:
            return TOP
        if depth < len(path) and isinstance(node, MappingNode | SequenceNode) and node.value:
            first = node.value[0]
            first_node = first[0] if isinstance(first, tuple) else first
            s = first_node.start_mark
            return Span.point(s.line + 1, s.column + 1)
        return node_span(node)


class DeferredLocator(Locator):
    """A locator for a file whose content came from the cache: the file is parsed only when a
    position in it is asked for (when a check finds something to report there)."""

    def __init__(self, file: str, path: Path) -> None:
        super().__init__(file, None)
        self._path: Path | None = path

    def _parse(self) -> None:
        if self._path is not None:
            doc = read_document(self._path, self.file)
            self.root, self._path = doc.root, None

    def find(self, path: YamlPath) -> tuple[Node | None, Node | None, int]:
        self._parse()
        return super().find(path)

    def span(self, path: YamlPath, *, key: bool = False) -> Span:
        self._parse()
        return super().span(path, key=key)


def decode(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text, refusing what is not UTF-8 with the position of the first bad byte."""
    if len(raw) > MAX_FILE_BYTES:
        mb = MAX_FILE_BYTES // (1024 * 1024)
        return None, [
            make(
                "IPA009",
                file,
                TOP,
                f"the file is {len(raw):,} bytes; ipatool reads files up to {mb} MB",
            )
        ]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            make(
                "IPA004",
                file,
                TOP,
                "the file is UTF-16 text; study files must be UTF-8",
                hint="save it again as UTF-8 (most editors have an 'encoding' choice when saving)",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        return None, [
            make(
                "IPA004", file, _byte_span(raw, nul), "the file contains a NUL byte: it is not text"
            )
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [
            make(
                "IPA004",
                file,
                _byte_span(raw, exc.start),
                f"byte 0x{raw[exc.start]:02x} is not UTF-8 text",
                hint="save the file as UTF-8; it may have been written as Windows-1252 or Latin-1",
            )
        ]


def _byte_span(raw: bytes, offset: int) -> Span:
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return Span.point(line, col)


def parse_text(text: str, file: str) -> YamlDocument:
    """Parse YAML text into a document; syntax problems become diagnostics."""
    if not text.strip():
        return YamlDocument(file, None, None, [make("IPA005", file, TOP, "the file is empty")])
    try:
        root = yaml.compose(text, Loader=_Loader)
    except UnicodeEncodeError:  # lone surrogates: only reachable from text made in code
        return YamlDocument(
            file,
            None,
            None,
            [make("IPA004", file, TOP, "the text contains characters that are not valid Unicode")],
        )
    except yaml.MarkedYAMLError as exc:
        return YamlDocument(file, None, None, [syntax_diagnostic(exc, text, file, _Loader)])
    except yaml.YAMLError as exc:  # unmarked reader errors (control characters)
        return YamlDocument(file, None, None, [make("IPA001", file, TOP, str(exc).splitlines()[0])])
    except RecursionError:
        return YamlDocument(
            file, None, None, [make("IPA001", file, TOP, "the file is nested too deeply to read")]
        )
    if root is None:
        return YamlDocument(
            file, None, None, [make("IPA005", file, TOP, "the file has no content")]
        )
    if "*" in text and "&" in text:
        aliases = _alias_diagnostics(text, file)
        if aliases:  # refuse the whole file: an alias bomb must never be expanded
            return YamlDocument(file, None, None, aliases)
    converter = _Converter(file)
    try:
        data = converter.convert(root)
    except RecursionError:
        return YamlDocument(
            file, None, None, [make("IPA001", file, TOP, "the file is nested too deeply to read")]
        )
    return YamlDocument(file, data, root, converter.diagnostics)


def _alias_diagnostics(text: str, file: str) -> list[Diagnostic]:
    """One finding at each alias (``*name``); anchors alone are harmless and left alone."""
    out: list[Diagnostic] = []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            s, e = event.start_mark, event.end_mark
            if s is None or e is None:  # pragma: no cover - the parser always marks events
                continue
            out.append(
                make(
                    "IPA008",
                    file,
                    Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1),
                    f"the alias *{event.anchor} repeats a value defined elsewhere; "
                    "anchors and aliases (&name / *name) are not allowed in study files",
                    hint="write the value out in full where it is used",
                )
            )
    return out


def read_document(path: Path, file: str) -> YamlDocument:
    """Read and parse one file; every problem becomes a diagnostic."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return YamlDocument(
            file, None, None, [make("IPA011", file, TOP, f"cannot read the file: {reason}")]
        )
    return parse_bytes(raw, file)


def parse_bytes(raw: bytes, file: str) -> YamlDocument:
    """Parse the bytes of a file already read; every problem becomes a diagnostic."""
    text, diags = decode(raw, file)
    if text is None:
        return YamlDocument(file, None, None, diags)
    return parse_text(text, file)


class _Converter:
    """Turns a node tree into plain Python values, reporting what a study file may not contain."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    def convert(self, node: Node) -> Any:
        """Plain values of a node tree. Aliases never get here: ``parse_text`` refuses a file
        that has one before converting, so a shared node (an alias bomb) is never expanded."""
        cls = node.__class__
        if cls is ScalarNode:
            tag = node.tag
            if tag == _PLAIN:
                return resolve_plain(node.value)
            if tag == _STR:
                return node.value
            return self.scalar(node)  # type: ignore[arg-type]
        if cls is MappingNode:
            out: dict[str, Any] = {}
            pairs = node.value
            for k, v in pairs:
                if k.__class__ is ScalarNode:
                    if k.tag != _PLAIN and k.tag != _STR:
                        self.scalar(k)  # reports a tag that is not allowed
                    key = k.value
                else:
                    self.diagnostics.append(
                        make(
                            "IPA103",
                            self.file,
                            node_span(k),
                            "a key must be a plain name, not a list or mapping",
                        )
                    )
                    continue
                out[key] = self.convert(v)
            if len(out) != len(pairs):
                self._report_duplicates(pairs)
            if node.tag != _MAP:
                self._bad_tag(node)
            return out
        if cls is SequenceNode:
            if node.tag != _SEQ:
                self._bad_tag(node)
            return [self.convert(item) for item in node.value]
        return None  # pragma: no cover - compose yields only these three node kinds

    def scalar(self, node: ScalarNode) -> Any:
        """A scalar with an explicit standard tag (``!!int "5"``); other tags are refused."""
        tag, value = node.tag, node.value
        if tag in (_NULL, _BOOL, _INT, _FLOAT, _TS):
            resolved = resolve_plain(value)
            kinds = _EXPLICIT_KINDS[tag]
            if isinstance(resolved, kinds) and not (tag == _INT and isinstance(resolved, bool)):
                return float(cast(float, resolved)) if tag == _FLOAT else resolved
            return value  # the shape checks report a value of the wrong kind
        self._bad_tag(node)
        return value

    def _bad_tag(self, node: Node) -> None:
        tag = node.tag
        shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
        unsafe = "python" in tag
        self.diagnostics.append(
            make(
                "IPA007",
                self.file,
                node_span(node),
                f"the YAML tag {shown} is {'unsafe and ' if unsafe else ''}not allowed in study files",
                hint="remove the tag and write the value as plain text, a number, a list or a mapping",
            )
        )

    def _report_duplicates(self, pairs: list[tuple[Node, Node]]) -> None:
        first: dict[str, Node] = {}
        for k, _ in pairs:
            if not isinstance(k, ScalarNode):
                continue
            if k.value in first:
                where = first[k.value].start_mark.line + 1
                self.diagnostics.append(
                    make(
                        "IPA002",
                        self.file,
                        node_span(k),
                        f"the key '{k.value}' appears twice in this mapping (first on line {where})",
                        hint="keep one of them; YAML would silently use only the last",
                    )
                )
            else:
                first[k.value] = k
