"""JSON text for ``tables.json``: the structure indented, each record on one line, streamed.

Layout
------
A *record* is a dict or list holding no dict, and no list other than a list of scalars: one
quote, one codebook row, a list of ids. Each record is written on one line by the standard
``json`` encoder (``", "`` and ``": "`` between items); the dicts and lists around records are
indented by two spaces, as ``json.dumps(..., indent=2)`` would. So a diff shows one changed line
per changed quote, and the file is half the size of a fully indented one. ``json.loads`` gives
the same value as for ``json.dumps(value, indent=2, ensure_ascii=False)``.

Conversion
----------
:func:`write` takes the table data objects themselves (dataclasses), not their dicts, and
converts them as :func:`ipatool.analysis.grid.to_jsonable` would (fields in order, tuples as
lists, enums as their values, dict keys as strings), one level at a time as the writer reaches
them: a record is converted whole and encoded at once; any other value becomes a dict or list
of its *unconverted* members, which are converted in turn. So only the objects on the path from
the top to the current record have dicts at any time, and the text goes to the file as UTF-8,
64 KB of text at a time. A member of a list that is a dataclass object of scalars and lists of
scalars (most quotes and rows) is checked and encoded in one step (:func:`flat_record_text`).
Outside dataclass objects, a value is written as it is, but for an object with a ``to_json()``
(other than :func:`~ipatool.analysis.grid.fields_to_json`), which is written from what that
returns.

:func:`dumps` and :func:`dumps_utf8` give the same text in memory, for small values and tests.
"""

from __future__ import annotations

import dataclasses
import enum
import io
import json
from collections.abc import Callable
from typing import Any, BinaryIO

from ipatool.analysis.grid import fields_to_json, json_field_names

ENCODER = json.JSONEncoder(ensure_ascii=False)
"""Encodes records and scalars: ``", "`` between items and ``": "`` after keys, on one line."""

SCALARS = (str, int, float, bool, type(None))
_SCALAR_TYPES = frozenset(SCALARS)

_CHUNK = 1 << 16
"""Characters of text gathered before :func:`write` encodes them and hands them to the file."""


class _Text:
    """Where the text goes: a string buffer, handed to the binary file ``fh`` (when there is
    one) as UTF-8 a chunk at a time."""

    __slots__ = ("buffer", "fh", "put")

    def __init__(self, fh: BinaryIO | None) -> None:
        self.buffer = io.StringIO()
        self.fh = fh
        self.put: Callable[[str], object] = self.buffer.write

    def drain(self) -> None:
        """Hand the text so far to the file once there is a chunk of it."""
        if self.fh is not None and self.buffer.tell() >= _CHUNK:
            self.fh.write(self.buffer.getvalue().encode("utf-8"))
            self.buffer.seek(0)
            self.buffer.truncate()


def write(value: Any, fh: BinaryIO) -> None:
    """Write ``value`` to the binary file ``fh`` as JSON text ending with a newline, records on
    one line each, converting dataclass objects as it goes (see the module)."""
    out = _Text(fh)
    _write(out, value, False, "\n")
    out.put("\n")
    fh.write(out.buffer.getvalue().encode("utf-8"))


def dumps_utf8(value: Any) -> bytes:
    """What :func:`write` writes, as bytes."""
    return dumps(value).encode("utf-8")


def dumps(value: Any) -> str:
    """What :func:`write` writes, as text."""
    out = _Text(None)
    _write(out, value, False, "\n")
    out.put("\n")
    return out.buffer.getvalue()


def _write(out: _Text, value: Any, inside: bool, newline: str) -> None:
    """One value's text; ``newline`` is a newline and the indent of the value's container,
    ``inside`` whether the value is inside a converted dataclass object (see :func:`convert`)."""
    put = out.put
    value, inside = convert(value, inside)
    if type(value) is not dict and type(value) is not list:
        put(ENCODER.encode(value))
        return
    record = as_record(value, inside)
    if record is not None:
        put(ENCODER.encode(record))
        return
    inner = newline + "  "
    separator = inner
    if type(value) is dict:
        put("{")
        for key, item in value.items():
            put(separator + key_text(key))
            _write(out, item, inside, inner)
            separator = "," + inner
            out.drain()
        put(newline + "}")
    else:
        put("[")
        for item in value:
            put(separator)
            text = flat_record_text(item, inside)
            if text is None:
                _write(out, item, inside, inner)
            else:
                put(text)
            separator = "," + inner
            out.drain()
        put(newline + "]")


def flat_record_text(item: Any, inside: bool) -> str | None:
    """The text of a list member that is a dataclass object of scalars and lists (or tuples) of
    scalars, as :func:`_write` would write it, in one call of the encoder; else ``None`` (the
    general path, for every other value). Most records of the tables are such objects."""
    kind = type(item)
    if not is_dataclass_object(item) or not (inside or not writes_own_json(kind)):
        return None
    names = field_names(kind)
    values = [getattr(item, name) for name in names]
    for v in values:
        t = type(v)
        if t in _SCALAR_TYPES:
            continue
        if (t is tuple or t is list) and all(map(_SCALAR_TYPES.__contains__, map(type, v))):
            continue
        return None
    return ENCODER.encode(dict(zip(names, values, strict=True)))


def convert(value: Any, inside: bool) -> tuple[Any, bool]:
    """``value`` converted one level: a scalar, a ``dict`` or ``list`` of unconverted members,
    or (an object the encoder will refuse) the value itself; and whether its members are inside
    a converted dataclass object, where :func:`~ipatool.analysis.grid.to_jsonable`'s rules hold.
    Outside, only dataclass objects and objects with a ``to_json()`` are converted."""
    kind = type(value)
    if kind in SCALARS:
        return value, inside
    if kind is list or kind is tuple:
        return list(value), inside
    if kind is dict:
        return ({str(k): v for k, v in value.items()} if inside else value), inside
    if is_dataclass_object(value):
        if inside or not writes_own_json(kind):
            return {name: getattr(value, name) for name in field_names(kind)}, True
        return convert(value.to_json(), False)
    if not inside:
        if callable(getattr(value, "to_json", None)):
            return convert(value.to_json(), False)
        return value, False
    if isinstance(value, list | tuple):
        return list(value), True
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}, True
    if isinstance(value, enum.Enum):
        return convert(value.value, False)
    return value, True


def as_record(value: dict[Any, Any] | list[Any], inside: bool) -> dict[Any, Any] | list[Any] | None:
    """``value`` (converted one level) converted all through if it is a record, else ``None``.
    A long list is given up on at its first dict, before its other items are converted."""
    if type(value) is dict:
        if all(map(_SCALAR_TYPES.__contains__, map(type, value.values()))):
            return value  # most records: scalars only, nothing to convert
        record: dict[Any, Any] = {}
        for key, item in value.items():
            member = _record_member(item, inside)
            if member is _NOT_IN_A_RECORD:
                return None
            record[key] = member
        return record
    items: list[Any] = []
    for item in value:
        member = _record_member(item, inside)
        if member is _NOT_IN_A_RECORD:
            return None
        items.append(member)
    return items


_NOT_IN_A_RECORD = object()


def _record_member(item: Any, inside: bool) -> Any:
    """A member of a record, converted: a scalar or a list of scalars; else
    :data:`_NOT_IN_A_RECORD`."""
    if type(item) in SCALARS:  # most members: nothing to convert
        return item
    item, inside = convert(item, inside)
    if type(item) is dict:
        return _NOT_IN_A_RECORD
    if type(item) is list:
        scalars: list[Any] = []
        for member in item:
            member, _inside = convert(member, inside)
            if type(member) is dict or type(member) is list:
                return _NOT_IN_A_RECORD
            scalars.append(member)
        return scalars
    return item


def key_text(key: Any) -> str:
    """A dict key as JSON with its ``": "``; a key that is not a string is converted as ``json``
    converts it (``True`` becomes ``"true"``)."""
    if isinstance(key, str):
        return ENCODER.encode(key) + ": "
    if key is None or isinstance(key, bool | int | float):
        return ENCODER.encode(ENCODER.encode(key)) + ": "
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


_DATACLASS: dict[type, bool] = {}


def is_dataclass_object(value: Any) -> bool:
    """Whether ``value`` is an object of a dataclass (not a dataclass itself), looked up once
    per type."""
    kind = type(value)
    known = _DATACLASS.get(kind)
    if known is None:
        known = _DATACLASS[kind] = dataclasses.is_dataclass(kind) and not issubclass(kind, type)
    return known


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_OWN_JSON: dict[type, bool] = {}


def field_names(kind: type) -> tuple[str, ...]:
    """The names of a dataclass's fields, in order (looked up once per class)."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = json_field_names(kind)
    return names


def writes_own_json(kind: type) -> bool:
    """Whether objects of ``kind`` are written from their ``to_json()``: they have one, and it is
    not :func:`~ipatool.analysis.grid.fields_to_json` (which the writer does one level at a
    time instead)."""
    own = _OWN_JSON.get(kind)
    if own is None:
        method = getattr(kind, "to_json", None)
        own = _OWN_JSON[kind] = callable(method) and method is not fields_to_json
    return own
