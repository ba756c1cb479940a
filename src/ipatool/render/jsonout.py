"""JSON text for ``tables.json``: the structure indented, each record compact on one line.

A *record* is a dict or list holding no dict or list other than lists of scalars (one quote,
one codebook row, a list of ids). Each record is written on one line by the standard library's
C encoder; the dicts and lists around records are indented by two spaces, as ``json.dumps(...,
indent=2)`` would. So a diff shows one changed line per changed quote, the file is half the size
of a fully indented one, and writing it runs at C speed. ``json.loads`` gives the same value as
for ``json.dumps(value, indent=2, ensure_ascii=False)``: same keys in the same order, same numbers.
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
    if _is_record(value):
        return _encode(value) + "\n"
    out: list[str] = []
    _container(value, "\n", out, {})
    out.append("\n")
    return "".join(out)


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


def _record_lines(items: list[Any] | tuple[Any, ...], inner: str) -> str | None:
    """A list of dicts that are all records, one record a line (without the brackets); ``None``
    for any other list. One C call encodes the whole list; the check is on its text: each dict
    gives one ``{``, and a list in a list gives ``[[`` or ``, [``. So when every item is a dict,
    the text has one ``{`` per item and neither of those, no item holds a dict or a list of
    lists (nor a ``{`` in a string), and every ``}, {`` is a boundary between two items."""
    if not items or not all(type(d) is dict for d in items) or not _is_record(items[0]):
        return None  # (the first item checked first: no deep list encoded in vain)
    text = _encode(items)
    if text.count("{") != len(items) or "[[" in text or ", [" in text:
        return None
    return text[1:-1].replace(_BETWEEN, "}," + inner + "{")


def _key(key: Any, keys: dict[str, str]) -> str:
    """A dict key as JSON with its ``": "`` (non-string keys converted as ``json`` does);
    string keys are kept in ``keys``."""
    if type(key) is str:
        text = keys[key] = _string(key) + ": "
        return text
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


def _container(value: Any, nl: str, out: list[str], keys: dict[str, str]) -> None:
    """A dict or list that is not a record, indented; ``nl`` is a newline and its indent."""
    inner = nl + "  "
    if type(value) is dict:
        sep = "{" + inner
        for k, v in value.items():
            head = sep + (keys.get(k) or _key(k, keys))
            if type(v) is str:  # most values: no call
                out.append(head + _string(v))
            else:
                _value(v, head, inner, out, keys)
            sep = "," + inner
        out.append(nl + "}")
        return
    lines = _record_lines(value, inner)
    if lines is not None:
        out.append("[" + inner + lines + nl + "]")
        return
    sep = "[" + inner
    for v in value:
        _value(v, sep, inner, out, keys)
        sep = "," + inner
    out.append(nl + "]")


def _value(value: Any, head: str, nl: str, out: list[str], keys: dict[str, str]) -> None:
    """One value inside a container, after ``head`` (its separator and key)."""
    kind = type(value)
    if kind is str:
        out.append(head + _string(value))
    elif kind is not dict and kind is not list and kind is not tuple:
        out.append(head + _scalar(value))
    elif _is_record(value):
        out.append(head + _encode(value))
    else:
        out.append(head)
        _container(value, nl, out, keys)
