"""JSON text for ``tables.json``: the structure indented, each record compact on one line,
written to a file as a stream.

Layout
------
A *record* is a dict or list holding no dict or list other than lists of scalars (one quote,
one codebook row, a list of ids). Each record is written on one line by the standard library's
C encoder; the dicts and lists around records are indented by two spaces, as ``json.dumps(...,
indent=2)`` would. So a diff shows one changed line per changed quote, the file is half the size
of a fully indented one, and writing it runs at C speed. ``json.loads`` gives the same value as
for ``json.dumps(value, indent=2, ensure_ascii=False)``: same keys in the same order, same numbers.

Streaming
---------
:func:`write` takes the table data objects themselves (frozen dataclasses), not their dicts, and
writes to a binary file as it goes; no table is converted as a whole and the text is never held
whole. The writer walks the value depth first. It converts a dataclass object only when it
reaches it, as :func:`ipatool.analysis.model.to_jsonable` would (fields in order, tuples as
lists, enums as their values, dict keys as strings): an object that is a record is converted
whole and encoded at once; any other becomes a dict of its fields' *unconverted* values, which
are converted in turn as the walk reaches them. So at any time only the objects on the path
from the top to the current value have dicts. A table data object whose ``to_json`` is not
:func:`~ipatool.analysis.model.fields_to_json` (the agreement table renames keys and adds some)
is written from its ``to_json()``, as before; inside a converted object ``to_json`` methods are not called, as
``to_jsonable`` does not call them.

A long list of records (the quote bank's 111,686 quotes on the 1,000-transcript benchmark) is
converted and encoded :data:`CHUNK` items at a time, by one C call per chunk: at no time do more
than a chunk's dicts exist. The text goes to the file in pieces of about :data:`BUFFER`
characters, as UTF-8.

A record met again (the same object: the quote bank and the personal themes share their
:class:`~ipatool.analysis.model.Quote` objects) is not converted or encoded again: its text is
kept by the object's ``id`` for the rest of the call. Every object so kept is part of the value
written, or of a ``to_json()`` result, which the call keeps too, so no id is reused while the
call runs; nothing is kept between calls. On the benchmark the kept text is the one thing of
any size the writer holds (about 36 MB for 118,000 quotes, against 270 MB for the whole dict
tree and text before), and it saves converting and encoding 115,000 quotes again: a third of
the time.

:func:`dumps` and :func:`dumps_utf8` give the same text in memory, for small values and tests.
"""

from __future__ import annotations

import dataclasses
import enum
import io
import json
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any, BinaryIO

from ipatool.analysis.model import dataclass_converter, fields_to_json, to_jsonable

CHUNK = 2048
"""Records of a long list converted and encoded at a time."""
BUFFER = 1 << 20
"""Characters of text gathered before they are written to the file."""

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

_BETWEEN = "}, {"
"""What separates two dicts in a compactly encoded list of dicts."""
_SCALARS: frozenset[type] = frozenset({str, int, float, bool, type(None)})

_SCALAR, _LIST, _DICT = 0, 1, 2
"""What a value is written as (:func:`_category`)."""


def write(value: Any, fh: BinaryIO) -> None:
    """Write ``value`` to the binary file ``fh`` as JSON text ending with a newline, records on
    one line each, converting dataclass objects as it goes (see the module)."""
    stream = _Stream(fh)
    stream.value(value, False, "", "\n")
    stream.put("\n")
    stream.flush()


def dumps_utf8(value: Any) -> bytes:
    """What :func:`write` writes, as bytes."""
    buffer = io.BytesIO()
    write(value, buffer)
    return buffer.getvalue()


def dumps(value: Any) -> str:
    """What :func:`write` writes, as text."""
    return dumps_utf8(value).decode("utf-8")


# --- what a value becomes ------------------------------------------------------------------

_FIELDS: dict[type, Callable[[Any], dict[str, Any]]] = {}
"""Per dataclass: its object as a dict of its fields' unconverted values."""
_CUSTOM: dict[type, bool] = {}
"""Per class: whether its ``to_json`` is its own (not ``fields_to_json``)."""


def _fields_getter(kind: type) -> Callable[[Any], dict[str, Any]]:
    """The function giving a dataclass object's fields as a dict (values not converted)."""
    getter = _FIELDS.get(kind)
    if getter is None:
        getter = _FIELDS[kind] = _make_fields_getter(
            tuple(f.name for f in dataclasses.fields(kind))
        )
    return getter


def _make_fields_getter(names: tuple[str, ...]) -> Callable[[Any], dict[str, Any]]:
    if len(names) != 1:
        get = attrgetter(*names) if names else lambda o: ()

        def fields(o: Any) -> dict[str, Any]:
            return dict(zip(names, get(o), strict=True))

        return fields
    name = names[0]

    def field(o: Any) -> dict[str, Any]:  # (attrgetter of one name gives no tuple)
        return {name: getattr(o, name)}

    return field


def _has_custom_to_json(kind: type) -> bool:
    """Whether objects of ``kind`` are written from their ``to_json()``: they have one, and it is
    not :func:`~ipatool.analysis.model.fields_to_json` (which the writer does lazily instead)."""
    custom = _CUSTOM.get(kind)
    if custom is None:
        method = getattr(kind, "to_json", None)
        custom = _CUSTOM[kind] = callable(method) and method is not fields_to_json
    return custom


def _is_dataclass_object(value: Any) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def _category(value: Any, conv: bool) -> int:
    """Whether ``value`` is written as a scalar, a list or a dict. ``conv``: the value is inside
    a converted dataclass object, where :func:`~ipatool.analysis.model.to_jsonable`'s rules hold;
    outside, the value is written as it is, but for dataclass objects and ``to_json()``."""
    kind = type(value)
    if kind in _SCALARS:
        return _SCALAR
    if kind is list or kind is tuple:
        return _LIST
    if kind is dict or kind in _FIELDS or _is_dataclass_object(value):
        return _DICT  # (a to_json() gives a dict)
    if conv:
        if isinstance(value, list | tuple):
            return _LIST
        if isinstance(value, dict):
            return _DICT
        if isinstance(value, enum.Enum):
            return _category(value.value, False)
    return _DICT if callable(getattr(value, "to_json", None)) else _SCALAR


def _is_record(items: Iterable[Any], conv: bool) -> bool:
    """Whether a dict's values or a list's items make it a record: no dict among them, and no
    list holding anything but scalars."""
    for item in items:
        if type(item) is str:
            continue
        kind = _category(item, conv)
        if kind == _DICT:
            return False
        if kind == _LIST:
            members, inside = (item.value, False) if isinstance(item, enum.Enum) else (item, conv)
            if any(type(m) is not str and _category(m, inside) != _SCALAR for m in members):
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


def _str_keys(value: dict[Any, Any]) -> dict[Any, Any]:
    """A dict inside a converted object with its keys as strings, as ``to_jsonable`` has it."""
    if all(type(k) is str for k in value):
        return value
    return {str(k): v for k, v in value.items()}


# --- the writer ----------------------------------------------------------------------------


class _Stream:
    """One :func:`write` call: the text not yet written, and what it keeps for reuse."""

    __slots__ = ("bodies", "fh", "keep", "keys", "out", "size")

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.out: list[str] = []
        self.size = 0
        """Characters in :attr:`out`."""
        self.keys: dict[str, str] = {}
        """Each string key met so far, as :func:`_key` writes it."""
        self.bodies: tuple[dict[int, str], dict[int, str]] = ({}, {})
        """Each record encoded in a list so far (a dict or dataclass object of the value), by
        ``id``: its text between its braces; a record met again is not encoded again. Two
        tables: outside converted objects and inside (``conv``), where the same object may be
        written otherwise (a dict's ``True`` key is ``"true"`` outside, ``"True"`` inside; an
        object's own ``to_json`` counts outside only)."""
        self.keep: list[Any] = []
        """Each ``to_json()`` result, alive until the call ends: no id in :attr:`bodies` is
        reused."""

    def put(self, text: str) -> None:
        self.out.append(text)
        self.size += len(text)
        if self.size >= BUFFER:
            self.flush()

    def flush(self) -> None:
        """Write the text gathered so far, as UTF-8."""
        if self.out:
            self.fh.write("".join(self.out).encode("utf-8"))
            self.out.clear()
            self.size = 0

    def value(self, value: Any, conv: bool, head: str, nl: str) -> None:
        """One value after ``head`` (its separator and key); ``nl`` is a newline and the indent
        of the value's container. ``conv``: see :func:`_category`."""
        kind = type(value)
        if kind is str:
            self.put(head + _string(value))
        elif kind in _SCALARS:
            self.put(head + _scalar(value))
        elif kind is dict:
            self.compound(_str_keys(value) if conv else value, conv, head, nl)
        elif kind is list or kind is tuple:
            if value and (type(value[0]) is dict or type(value[0]) in _FIELDS):
                self.list_lines(value, conv, head, nl)  # never a record
            else:
                self.compound(value, conv, head, nl)
        else:
            self.converted(value, conv, head, nl)

    def converted(self, value: Any, conv: bool, head: str, nl: str) -> None:
        """A value that is not a string, number, constant, dict, list or tuple: converted one
        level (see :func:`_category`), then written."""
        kind = type(value)
        if kind in _FIELDS or _is_dataclass_object(value):
            if conv or not _has_custom_to_json(kind):
                self.compound(_fields_getter(kind)(value), True, head, nl)
            else:
                self.made(value, head, nl)
        elif not conv:
            if callable(getattr(value, "to_json", None)):
                self.made(value, head, nl)
            else:
                self.put(head + _scalar(value))  # as the encoder has it, or its TypeError
        elif isinstance(value, list | tuple):
            self.compound(list(value), True, head, nl)
        elif isinstance(value, dict):
            self.compound({str(k): v for k, v in value.items()}, True, head, nl)
        elif isinstance(value, enum.Enum):
            self.value(value.value, False, head, nl)
        else:
            self.converted(value, False, head, nl)  # to_jsonable leaves it as it is

    def made(self, value: Any, head: str, nl: str) -> None:
        """An object written from its ``to_json()``, which is kept (see :attr:`keep`)."""
        made = value.to_json()
        self.keep.append(made)
        self.value(made, False, head, nl)

    def compound(self, value: Any, conv: bool, head: str, nl: str) -> None:
        """A dict (keys as written) or a list: on one line if a record, else indented."""
        is_dict = type(value) is dict
        if _is_record(value.values() if is_dict else value, conv):
            self.put(head + _encode(to_jsonable(value) if conv else value))
        elif is_dict:
            self.dict_lines(value, conv, head, nl)
        else:
            self.list_lines(value, conv, head, nl)

    def dict_lines(self, value: dict[Any, Any], conv: bool, head: str, nl: str) -> None:
        inner = nl + "  "
        keys = self.keys
        out = self.out
        sep = head + "{" + inner
        for k, v in value.items():
            line = sep + (keys.get(k) or self.key_text(k))
            if type(v) is str:  # most values: no call
                text = line + _string(v)
                out.append(text)
                self.size += len(text)
            else:
                self.value(v, conv, line, inner)
            sep = "," + inner
        self.put(nl + "}")

    def list_lines(self, items: Sequence[Any], conv: bool, head: str, nl: str) -> None:
        inner = nl + "  "
        sep = head + "[" + inner
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            lines = self.record_lines(chunk, conv, inner)
            if lines is not None:
                self.put(sep + lines)
                sep = "," + inner
                continue
            for v in chunk:
                self.value(v, conv, sep, inner)
                sep = "," + inner
        self.put(nl + "]")

    def key_text(self, key: Any) -> str:
        """:func:`_key`, kept in :attr:`keys` for a string key."""
        text = _key(key)
        if type(key) is str:
            self.keys[key] = text
        return text

    def record_lines(self, items: Sequence[Any], conv: bool, inner: str) -> str | None:
        """Items that are all dicts, or all objects of one dataclass, each a record: one record
        a line (without the brackets); ``None`` for any others. One C call converts and encodes
        them; the check is on its text: each dict gives one ``{``, and a list in a list gives
        ``[[`` or ``, [``. So when there is one ``{`` per item and neither of those, no item holds
        a dict or a list of lists (nor a ``{`` in a string), and every ``}, {`` is a boundary
        between two items. Items all met before are joined from :attr:`bodies`."""
        first = items[0]
        kind = type(first)
        bodies = self.bodies[conv]
        if id(first) in bodies:
            known = list(map(bodies.get, map(id, items)))
            if None not in known:
                return "{" + ("}," + inner + "{").join(known) + "}"  # type: ignore[arg-type]
        make: Callable[[Any], Any] | None
        if kind is dict:
            fields: Any = first
            make = to_jsonable if conv else None
        elif _is_dataclass_object(first) and (conv or not _has_custom_to_json(kind)):
            fields = _fields_getter(kind)(first)
            make = dataclass_converter(kind)
        else:
            return None
        if not _is_record(fields.values(), conv) or not all(type(o) is kind for o in items):
            return None  # (the first item checked first: no deep object converted in vain)
        try:
            text = _encode(items if make is None else list(map(make, items)))
        except TypeError:  # a dict, outside converted objects, holding one: see each item
            return None
        if text.count("{") != len(items) or "[[" in text or ", [" in text:
            return None
        found = text[2:-2].split(_BETWEEN)
        bodies.update(zip(map(id, items), found, strict=True))
        return "{" + ("}," + inner + "{").join(found) + "}"
