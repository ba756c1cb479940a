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
64 KB of text at a time. What the writer needs of a dataclass (its fields' names, their keys as
JSON text, a getter of an object's field values) is found once per class (:func:`kind_facts`).
A dataclass object whose fields hold only scalars and lists (or tuples) of scalars is a record
with nothing to convert (:func:`flat`); one holding a dataclass object, or a list whose first
member is one, is not a record (:func:`holds_object`); only other objects are tried member by
member (:func:`as_record`). A list is written in batches of 64 members: a batch of objects of
one dataclass that are all such records (most quotes and rows) is checked with a few calls for
the whole batch and encoded a record at a time (:func:`records_text`); any other batch a member
at a time. Records checked that way are encoded without the encoder's check for a list that
holds itself (:data:`FLAT_ENCODER`). Outside dataclass objects, a value is written as it is, but
for an object with a ``to_json()`` (other than :func:`~ipatool.analysis.grid.fields_to_json`),
which is written from what that returns.

:func:`dumps` and :func:`dumps_utf8` give the same text in memory, for small values and tests.
"""

from __future__ import annotations

import dataclasses
import enum
import io
import json
import operator
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, compress, repeat
from typing import Any, BinaryIO

from ipatool.analysis.grid import fields_to_json, json_field_names

ENCODER = json.JSONEncoder(ensure_ascii=False)
"""Encodes records and scalars: ``", "`` between items and ``": "`` after keys, on one line."""

FLAT_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)
"""The same text, for records checked to hold only scalars and lists (or tuples) of scalars
(:func:`flat`, :func:`records_text`): no list in them can hold itself, so the encoder's check
for that is left out (it costs a dict per call and an entry per list)."""

SCALARS = (str, int, float, bool, type(None))
_SCALAR_TYPES = frozenset(SCALARS)
_LIST_TYPES = frozenset((list, tuple))
_MEMBER_TYPES = _SCALAR_TYPES | _LIST_TYPES

_CHUNK = 1 << 16
"""Characters of text gathered before :func:`write` encodes them and hands them to the file; a
list's members are written in batches of ``_CHUNK // 1024`` (64)."""


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
    kind = type(value)
    if kind in _SCALAR_TYPES:
        out.put(ENCODER.encode(value))
        return
    if kind is list or kind is tuple:  # convert() would make a list of the same members
        _write_list(out, value, inside, newline)
        return
    facts = converted_kind(kind, inside)
    if facts is not None:
        _write_object(out, facts.values(value), facts, newline)
        return
    value, inside = convert(value, inside)
    if type(value) is list:
        _write_list(out, value, inside, newline)
    elif type(value) is not dict:
        out.put(ENCODER.encode(value))
    elif (record := as_record(value, inside)) is not None:
        out.put(ENCODER.encode(record))
    else:
        _write_members(out, ((key_text(k), v) for k, v in value.items()), inside, newline)


def _write_object(out: _Text, values: tuple[Any, ...], facts: Kind, newline: str) -> None:
    """A dataclass object's text from its field ``values``, converted as :func:`convert` would
    (the dict of its fields, inside a converted object)."""
    if not holds_object(values):  # most objects written here, outside batches of records, do
        if flat(values):
            out.put(FLAT_ENCODER.encode(dict(zip(facts.names, values, strict=True))))
            return
        record = as_record(dict(zip(facts.names, values, strict=True)), True)
        if record is not None:
            out.put(ENCODER.encode(record))
            return
    _write_members(out, zip(facts.keys, values, strict=True), True, newline)


def _write_members(
    out: _Text, members: Iterable[tuple[str, Any]], inside: bool, newline: str
) -> None:
    """A dict that is not a record (so not empty): its members (each key's text, with its
    ``": "``, and the value) indented one level more than ``newline``."""
    put = out.put
    inner = newline + "  "
    separator = "{" + inner
    for key, item in members:
        kind = type(item)
        if kind in _SCALAR_TYPES:
            put(separator + key + ENCODER.encode(item))
        else:
            put(separator + key)
            if kind is tuple or kind is list:
                _write_list(out, item, inside, inner)
            else:
                _write(out, item, inside, inner)
            out.drain()
        separator = "," + inner
    put(newline + "}")


def _write_list(out: _Text, items: Sequence[Any], inside: bool, newline: str) -> None:
    """A list (or tuple)'s text. One that is not a record is written with its members indented
    one level more than ``newline``, in batches of up to ``_CHUNK // 1024`` members: a batch of
    records of one dataclass is encoded by :func:`records_text`, any other a member at a time."""
    put = out.put
    facts = converted_kind(type(items[0]), inside) if items else None
    if facts is None:  # (a list whose first member is a dataclass object is not a record)
        record = as_record(items, inside)
        if record is not None:
            put(ENCODER.encode(record))
            return
    inner = newline + "  "
    separator = "[" + inner
    size = max(1, _CHUNK >> 10)
    for start in range(0, len(items), size):
        batch = items[start : start + size]
        text = records_text(batch, inside, "," + inner)
        if text is not None:
            put(separator + text)
            separator = "," + inner
            out.drain()
            continue
        for item in batch:
            put(separator)
            _write(out, item, inside, inner)
            separator = "," + inner
            out.drain()
    put(newline + "]")


def records_text(items: Sequence[Any], inside: bool, between: str) -> str | None:
    """The text of ``items`` joined by ``between``, if they are all objects of one dataclass
    whose fields hold scalars and lists (or tuples) of scalars (most quotes and rows), encoded
    as :func:`_write` would encode each; else ``None``. Checked and encoded with a few calls
    for the whole batch (``map``, ``all``), not a few calls per field of each object."""
    kind = type(items[0])
    facts = converted_kind(kind, inside)
    if facts is None or len(set(map(type, items))) > 1:
        return None
    rows = list(map(facts.values, items))  # each object's field values
    values = list(chain.from_iterable(rows))
    if not all(map(_MEMBER_TYPES.__contains__, map(type, values))):  # scalars, lists, tuples
        return None
    lists = compress(values, map(_LIST_TYPES.__contains__, map(type, values)))
    if not all(map(_SCALAR_TYPES.__contains__, map(type, chain.from_iterable(lists)))):
        return None  # a list or tuple holding something else
    records = map(dict, map(zip, repeat(facts.names), rows))  # made one at a time as encoded
    return between.join(map(FLAT_ENCODER.encode, records))


def flat(values: tuple[Any, ...]) -> bool:
    """Whether ``values`` are all scalars or lists (or tuples) of scalars: the field values of
    a dataclass object that is a record, with nothing to convert."""
    for v in values:
        t = type(v)
        if t in _SCALAR_TYPES:
            continue
        if (t is tuple or t is list) and all(map(_SCALAR_TYPES.__contains__, map(type, v))):
            continue
        return False
    return True


def holds_object(values: tuple[Any, ...]) -> bool:
    """Whether one of ``values`` is a dataclass object, or a list or tuple whose first member is
    one: inside a converted object, that makes a dict, which no record holds."""
    for v in values:
        t = type(v)
        if (t is tuple or t is list) and v:
            t = type(v[0])
        if kind_facts(t) is not None:
            return True
    return False


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
    facts = kind_facts(kind)
    if facts is not None:
        if inside or not facts.own_json:
            return dict(zip(facts.names, facts.values(value), strict=True)), True
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


def as_record(
    value: dict[Any, Any] | Sequence[Any], inside: bool
) -> dict[Any, Any] | Sequence[Any] | None:
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
    if all(map(_SCALAR_TYPES.__contains__, map(type, value))):
        return value  # a list of scalars (ids): nothing to convert
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
    kind = type(item)
    if kind in _SCALAR_TYPES:  # most members: nothing to convert
        return item
    if (kind is tuple or kind is list) and all(map(_SCALAR_TYPES.__contains__, map(type, item))):
        return list(item)
    if converted_kind(kind, inside) is not None:
        return _NOT_IN_A_RECORD  # a dataclass object: a dict once converted
    item, inside = convert(item, inside)
    if type(item) is dict:
        return _NOT_IN_A_RECORD
    if type(item) is list:
        scalars: list[Any] = []
        for member in item:
            if converted_kind(type(member), inside) is not None:
                return _NOT_IN_A_RECORD
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


@dataclasses.dataclass(frozen=True, slots=True)
class Kind:
    """What the writer needs of a dataclass, found once per class: its fields' names, their
    keys as JSON text (with the ``": "``), a function giving an object's field values in that
    order, and whether its objects are written from their own ``to_json()`` (outside converted
    objects, see :func:`writes_own_json`)."""

    names: tuple[str, ...]
    keys: tuple[str, ...]
    values: Callable[[Any], tuple[Any, ...]]
    own_json: bool


_KINDS: dict[type, Kind | None] = {}


def kind_facts(kind: type) -> Kind | None:
    """The :class:`Kind` of a dataclass (looked up once per class); ``None`` for any other type
    (a dataclass itself, too, is not converted)."""
    try:
        return _KINDS[kind]
    except KeyError:
        pass
    facts = None
    if dataclasses.is_dataclass(kind) and not issubclass(kind, type):
        names = json_field_names(kind)
        keys = tuple(key_text(name) for name in names)
        facts = Kind(names, keys, _getter(names), writes_own_json(kind))
    _KINDS[kind] = facts
    return facts


def converted_kind(kind: type, inside: bool) -> Kind | None:
    """The :class:`Kind` of a dataclass whose objects :func:`convert` converts to the dict of
    their fields (all, inside converted objects; outside, those without their own ``to_json()``);
    else ``None``."""
    facts = kind_facts(kind)
    return facts if facts is not None and (inside or not facts.own_json) else None


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the attributes ``names`` of an object, as a tuple."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        name = names[0]
        return lambda value: (getattr(value, name),)
    return lambda value: ()


def writes_own_json(kind: type) -> bool:
    """Whether objects of ``kind`` are written from their ``to_json()``: they have one, and it is
    not :func:`~ipatool.analysis.grid.fields_to_json` (which the writer does one level at a
    time instead)."""
    method = getattr(kind, "to_json", None)
    return callable(method) and method is not fields_to_json
