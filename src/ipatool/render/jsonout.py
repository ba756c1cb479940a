"""JSON text for ``tables.json``: the structure indented, each record compact on one line.

A *record* is a dict or list holding no dict or list other than lists of scalars (one quote,
one codebook row, a list of ids). Each record is written on one line by the standard library's
C encoder; the dicts and lists around records are indented by two spaces, as ``json.dumps(...,
indent=2)`` would. So a diff shows one changed line per changed quote, the file is half the size
of a fully indented one, and writing it runs at C speed. ``json.loads`` gives the same value as
for ``json.dumps(value, indent=2, ensure_ascii=False)``: same keys in the same order, same numbers.

A record dict that the value holds twice (the same object: the quote bank and the personal
themes share their quotes' dicts, see :func:`ipatool.analysis.model.converting_once`) is encoded
once; its text is kept for the rest of the call, and nothing is kept between calls.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
_string = json.encoder.encode_basestring
"""The encoder's own string escaping (``ensure_ascii=False``), called directly for speed."""


def _c_encode() -> Callable[[Any], str]:
    """:data:`_ENCODER`'s ``encode``, without making its C encoder anew for every call (that
    costs more than encoding a quote). ``encode`` itself where there is no C encoder."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover (PyPy)
        return _ENCODER.encode
    iterencode = make(
        None,  # no check for cycles: the tables have none
        _ENCODER.default,
        _string,
        None,
        _ENCODER.key_separator,
        _ENCODER.item_separator,
        False,
        False,
        True,
    )

    def encode(value: Any) -> str:
        return "".join(iterencode(value, 0))

    return encode


_encode = _c_encode()

_CONTAINERS = frozenset({dict, list, tuple})
_BETWEEN = "}, {"
"""What separates two dicts in a compactly encoded list of dicts."""


def dumps(value: Any) -> str:
    """``value`` as JSON text ending with a newline, records on one line each (see the module)."""
    return "".join(_pieces(value))


def dumps_utf8(value: Any) -> bytes:
    """:func:`dumps` as UTF-8, encoded a piece at a time: quicker than encoding the whole text,
    which one character beyond Latin-1 anywhere makes twice as wide in memory."""
    return b"".join(map(str.encode, _pieces(value)))


def _pieces(value: Any) -> list[str]:
    """The text of :func:`dumps`, in pieces."""
    if _is_record(value):
        return [_encode(value), "\n"]
    writer = _Writer()
    writer.container(value, "", "\n")
    writer.out.append("\n")
    return writer.out


def _is_record(value: Any) -> bool:
    """Whether a value is written on one line: a scalar, or a dict or list holding scalars and
    lists of scalars only."""
    kind = type(value)
    if kind is dict:
        items: Iterable[Any] = value.values()
    elif kind is list or kind is tuple:
        items = value
    else:
        return True
    for item in items:
        kind = type(item)
        if kind is dict:
            return False
        if (kind is list or kind is tuple) and not _CONTAINERS.isdisjoint(map(type, item)):
            return False
    return True


def _key(key: Any) -> str:
    """A dict key as JSON with its ``": "`` (non-string keys converted as ``json`` does)."""
    if isinstance(key, str):
        return _string(key) + ": "
    if key is None or isinstance(key, bool | int | float):
        return _string(_encode(key)) + ": "
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _scalar(value: Any) -> str:
    """A value that is not a string, dict or list (ints and the constants without the encoder)."""
    kind = type(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    return _encode(value)


class _Writer:
    """One :func:`dumps` call: the text so far, in pieces, and what it keeps for reuse."""

    __slots__ = ("bodies", "keys", "out")

    def __init__(self) -> None:
        self.out: list[str] = []
        self.keys: dict[str, str] = {}
        """Each string key met so far, as :func:`_key` writes it."""
        self.bodies: dict[int, str] = {}
        """Each record dict encoded in a list so far, by ``id``: its text between its braces.
        A dict met again (the quotes that two tables share are the same dicts) is not encoded
        again. The dicts are part of the value, alive until the call ends: no id is reused."""

    def container(self, value: Any, head: str, nl: str) -> None:
        """A dict or list that is not a record, after ``head`` (its separator and key),
        indented; ``nl`` is a newline and its indent."""
        inner = nl + "  "
        out = self.out
        if type(value) is dict:
            keys = self.keys
            sep = head + "{" + inner
            for k, v in value.items():
                line = sep + (keys.get(k) or self.key_text(k))
                if type(v) is str:  # most values: no call
                    out.append(line + _string(v))
                else:
                    self.value(v, line, inner)
                sep = "," + inner
            out.append(nl + "}")
            return
        lines = self.record_lines(value, inner)
        if lines is not None:
            out.append(head + "[" + inner + lines + nl + "]")
            return
        sep = head + "[" + inner
        for v in value:
            self.value(v, sep, inner)
            sep = "," + inner
        out.append(nl + "]")

    def value(self, value: Any, head: str, nl: str) -> None:
        """One value inside a container, after ``head`` (its separator and key)."""
        kind = type(value)
        if kind is str:
            self.out.append(head + _string(value))
        elif kind is not dict and kind is not list and kind is not tuple:
            self.out.append(head + _scalar(value))
        elif kind is not dict and value and type(value[0]) is dict:  # never a record
            self.container(value, head, nl)
        elif _is_record(value):
            self.out.append(head + _encode(value))
        else:
            self.container(value, head, nl)

    def key_text(self, key: Any) -> str:
        """:func:`_key`, kept in :attr:`keys` for a string key."""
        text = _key(key)
        if type(key) is str:
            self.keys[key] = text
        return text

    def record_lines(self, items: list[Any] | tuple[Any, ...], inner: str) -> str | None:
        """A list of dicts that are all records, one record a line (without the brackets);
        ``None`` for any other list. One C call encodes the whole list; the check is on its
        text: each dict gives one ``{``, and a list in a list gives ``[[`` or ``, [``. So when
        every item is a dict, the text has one ``{`` per item and neither of those, no item
        holds a dict or a list of lists (nor a ``{`` in a string), and every ``}, {`` is a
        boundary between two items. A list of dicts all met before is joined from
        :attr:`bodies`."""
        if not items or type(items[0]) is not dict:
            return None
        bodies = self.bodies
        if id(items[0]) in bodies:
            known = list(map(bodies.get, map(id, items)))
            if None not in known:
                return "{" + ("}," + inner + "{").join(known) + "}"  # type: ignore[arg-type]
        if not _is_record(items[0]) or not all(type(d) is dict for d in items):
            return None  # (the first item checked first: no deep list encoded in vain)
        text = _encode(items)
        if text.count("{") != len(items) or "[[" in text or ", [" in text:
            return None
        found = text[2:-2].split(_BETWEEN)
        bodies.update(zip(map(id, items), found, strict=True))
        return "{" + ("}," + inner + "{").join(found) + "}"
