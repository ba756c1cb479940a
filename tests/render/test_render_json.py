"""tables.json's layout (structure indented, each record on one line), the conversion of table
data to JSON values, and the stream that converts and writes as it goes."""

from __future__ import annotations

import dataclasses
import enum
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ipatool.analysis import Context, build_tables
from ipatool.analysis.agreement.figures import AgreementTable
from ipatool.analysis.agreement.table import AgreementData
from ipatool.analysis.codebook import CodebookTable
from ipatool.analysis.grid import Grid, Quote, fields_to_json, to_jsonable
from ipatool.analysis.quotebank import PetsTable, QuotesTable
from ipatool.analysis.sample import SampleTable, Sentence
from ipatool.analysis.themes import RecurrenceTable, ThemesTable
from ipatool.read.loader import load_study
from ipatool.render import jsonout, render_study
from ipatool.render.jsonout import dumps, dumps_utf8


def _reference(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def test_records_on_one_line_structure_indented() -> None:
    doc = {
        "format": 1,
        "study": {"title": "T", "method": "ipa"},
        "quotes": [
            {"participant": "P1", "turn": 74, "exemplar": True, "codes": ["c-1", "c-2"]},
            {"participant": "P2", "turn": 3, "exemplar": False, "codes": []},
        ],
        "ids": ["a", "b"],
        "pairs": [["A", "B"], ["A", "C"]],
        "empty": {},
        "none": [],
        "nested": {"inner": {"x": 1}, "n": None, "f": 0.5},
    }
    assert dumps(doc) == (
        "{\n"
        '  "format": 1,\n'
        '  "study": {"title": "T", "method": "ipa"},\n'
        '  "quotes": [\n'
        '    {"participant": "P1", "turn": 74, "exemplar": true, "codes": ["c-1", "c-2"]},\n'
        '    {"participant": "P2", "turn": 3, "exemplar": false, "codes": []}\n'
        "  ],\n"
        '  "ids": ["a", "b"],\n'
        '  "pairs": [["A", "B"], ["A", "C"]],\n'
        '  "empty": {},\n'
        '  "none": [],\n'
        '  "nested": {\n'
        '    "inner": {"x": 1},\n'
        '    "n": null,\n'
        '    "f": 0.5\n'
        "  }\n"
        "}\n"
    )


TRICKY = [
    {"a": [{"b": "}, {"}, {"c": "[["}]},  # text that looks like the joins the writer relies on
    [{"t": "}, {"}, {"t": "x"}],
    [{"t": "a, [b"}, {"t": "{"}],
    [{"a": [1, [2]]}, {"a": [[]]}],  # lists of lists inside records: not records
    [{"a": {"b": 1}}, {"a": {}}],
    [{"a": 1}, 5, "s", None, [1, 2], {"b": [3]}],  # mixed lists
    [[{"a": 1}], [[1]], []],
    {"k": ({"a": (1, 2)}, {"b": 3})},  # tuples as lists
    {7: "int key", 2.5: "float", False: "bool", None: "none"},
    [{True: {"x": 1}}, {1: {"y": 2}}, {1.0: {"z": 3}}],  # equal keys of other types
    {"esc": 'quote " backslash \\ newline \n tab \t nul \x00 é ✓ \u2028'},
    {"deep": [{"x": [{"y": [{"z": [1, {"w": "}, {"}]}]}]}]},
    [],
    {},
    "plain",
    3.25,
    [1, 2, 3],
    {"a": [{"x": 1}, {"y": 2}], "b": [{"x": 1}, {"x": {"deeper": [1]}}]},
]


@pytest.mark.parametrize("value", TRICKY)
def test_same_value_as_the_standard_library(value: Any) -> None:
    text = dumps(value)
    assert text.endswith("\n")
    assert json.loads(text) == json.loads(_reference(value))
    assert json.dumps(json.loads(text)) == json.dumps(json.loads(_reference(value)))  # key order


@pytest.mark.parametrize("value", TRICKY)
def test_utf8_is_the_text_encoded(value: Any) -> None:
    assert dumps_utf8(value) == dumps(value).encode("utf-8")


def _shared() -> dict[str, Any]:
    """A value holding the same record dicts more than once: in lists at other depths, among
    dicts met for the first time, alone, and next to a record whose text defeats the one-call
    encoding of its list."""
    q1 = {"text": "one", "turn": 1, "codes": ["a"]}
    q2 = {"text": "two é ✓", "turn": 2, "codes": []}
    q3 = {"text": "three }, { [[ x, [y", "turn": 3, "codes": ["b", "c"]}
    return {
        "bank": [{"quotes": [q1, q2]}, {"quotes": [q3]}],
        "people": [
            {"p": "P1", "themes": [{"quotes": [q1]}, {"quotes": [q2, q1]}]},
            {"p": "P2", "quotes": [q2, {"text": "new", "turn": 4, "codes": []}, q1]},
            {"p": "P3", "quotes": [q3, q1], "one": q1, "mixed": [q1, {"deep": {"x": 1}}]},
        ],
    }


def _unshared(value: Any) -> Any:
    """A copy of ``value`` in which no object is held twice."""
    return json.loads(json.dumps(value))


def test_shared_records_are_written_as_if_they_were_copies() -> None:
    value = _shared()
    text = dumps(value)
    assert text == dumps(_unshared(value))  # no object shared: every record encoded
    assert json.loads(text) == json.loads(_reference(value))
    assert dumps_utf8(value) == text.encode("utf-8")
    lines = text.splitlines()
    q1 = json.dumps(value["bank"][0]["quotes"][0], ensure_ascii=False, separators=(", ", ": "))
    assert sum(line.strip().rstrip(",") == q1 for line in lines) == 6  # its own line each time
    assert any(line.strip() == '"one": ' + q1 + "," for line in lines)  # a record alone


def test_nothing_is_kept_between_calls() -> None:
    record = {"a": 1}
    value = {"l": [record, {"b": 2}]}
    assert '{"a": 1},' in dumps(value)
    record["a"] = 2  # the same dict object, changed: the next call encodes it anew
    assert '{"a": 2},' in dumps(value)
    assert dumps(value) == dumps(_unshared(value))


def test_every_line_of_a_list_of_records_is_one_record() -> None:
    quotes = [{"text": f"quote {i}, with }}, {{ inside", "turn": i} for i in range(5)]
    lines = dumps({"q": quotes}).splitlines()
    records = [json.loads(line.strip().rstrip(",")) for line in lines[2:-2]]
    assert records == quotes


def test_bad_keys_are_refused_like_the_standard_library() -> None:
    with pytest.raises(TypeError):
        dumps({(1, 2): "x", "y": {"z": [1]}})


def test_rendered_tables_json_keeps_one_quote_per_line(small: Path) -> None:
    study, _ = load_study(small)
    text = render_study(study, formats=["json"]).files["tables.json"].decode()
    doc = json.loads(text)
    assert text == dumps(doc)  # the writer's layout, deterministic
    quotes = doc["tables"]["quotes"]["data"]["themes"][0]["subthemes"][0]["quotes"]
    first = json.dumps(quotes[0], ensure_ascii=False, separators=(", ", ": "))
    assert any(line.strip().rstrip(",") == first for line in text.splitlines())
    assert text.startswith('{\n  "format": 1,\n  "study": {"title": ')


# --- to_jsonable ---------------------------------------------------------------------------


def _old_to_jsonable(value: Any) -> Any:
    """The first, slow version: the behaviour the fast one keeps."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _old_to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_old_to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _old_to_jsonable(v) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    return value


class Kind(enum.Enum):
    A = "a"
    B = 2


class Level(enum.StrEnum):
    LOW = "low"


@dataclass(frozen=True, slots=True)
class Leaf:
    name: str
    n: int
    share: float | None
    flag: bool
    kind: Kind
    level: Level
    codes: tuple[str, ...]


@dataclass
class Branch:
    label: str
    leaves: list[Leaf]
    by: dict[Any, Any]
    one: Leaf | None = None
    marks: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Empty:
    pass


def test_to_jsonable_matches_the_field_by_field_conversion() -> None:
    leaf = Leaf("x", 1, 0.5, True, Kind.B, Level.LOW, ("c1", "c2"))
    other = Leaf("y", 2, None, False, Kind.A, Level.LOW, ())
    branch = Branch("b", [leaf, other], {1: leaf, "k": [other], Kind.A: (1, 2)}, leaf, (("a", 1),))
    for value in [branch, [branch, branch], (leaf,), {"e": Empty()}, Empty(), 3, "s", None, Kind.A]:
        assert to_jsonable(value) == _old_to_jsonable(value)
        assert json.dumps(to_jsonable(value)) == json.dumps(_old_to_jsonable(value))
    assert to_jsonable(leaf) == {
        "name": "x",
        "n": 1,
        "share": 0.5,
        "flag": True,
        "kind": 2,
        "level": "low",
        "codes": ["c1", "c2"],
    }
    assert to_jsonable(Branch) is Branch  # a class is not converted


def test_rendered_tables_json_shares_the_quotes_of_the_quote_bank(small: Path) -> None:
    study, _ = load_study(small)
    text = render_study(study, formats=["json"]).files["tables.json"].decode()
    doc = json.loads(text)["tables"]
    bank = [q for t in doc["quotes"]["data"]["themes"] for s in t["subthemes"] for q in s["quotes"]]
    personal = [
        q
        for p in doc["pets"]["data"]["participants"]
        for t in p["themes"]
        for s in t["subthemes"]
        for q in s["quotes"]
    ]
    assert personal and sorted(map(json.dumps, personal)) == sorted(map(json.dumps, bank))


# --- write: the stream -----------------------------------------------------------------------


def _doc(data: list[Any], omitted: list[Any], convert: Any) -> dict[str, Any]:
    """``tables.json``'s document as the render command builds it, each table's data given by
    ``convert``."""
    return {
        "format": 1,
        "study": {"title": "T", "method": "ipa"},
        "tables": {
            d.name: {"number": n or None, "title": d.grid().title, "data": convert(d)}
            for n, d in enumerate(data)
        },
        "omitted": {o.name: o.reason for o in omitted},
    }


def _written(value: Any) -> bytes:
    buffer = io.BytesIO()
    jsonout.write(value, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("codes", [False, True])
def test_write_gives_the_bytes_of_the_converted_tables(
    small: Path, context_of: Callable[..., Context], codes: bool
) -> None:
    data, omitted = build_tables(context_of(small, codes=codes), None)
    bank = {id(q) for d in data if d.name == "quotes" for q in _quotes(d)}
    assert bank and bank == {id(q) for d in data if d.name == "pets" for q in _quotes(d)}
    converted = _doc(data, omitted, lambda d: d.to_json())
    text = dumps_utf8(converted)
    assert _written(_doc(data, omitted, lambda d: d)) == text
    assert json.loads(text) == json.loads(_reference(converted))


def _quotes(table: Any) -> list[Quote]:
    """The quote objects of the quote bank or the personal themes."""
    if isinstance(table, QuotesTable):
        return [q for t in table.themes for s in t.subthemes for q in s.quotes]
    assert isinstance(table, PetsTable)
    return [q for p in table.participants for t in p.themes for s in t.subthemes for q in s.quotes]


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class Bank:
    name: str
    quotes: tuple[Quote, ...]
    people: tuple[Person, ...]

    to_json = fields_to_json


def _bank(texts: list[str], quote: type[Quote] = Quote) -> Bank:
    """A table whose people share the bank's quotes, in another order."""
    quotes = tuple(
        quote(f"P{i % 3}", "s", "S", i, text, i % 2 == 0, ("c",) * (i % 3))
        for i, text in enumerate(texts)
    )
    people = tuple(Person(f"P{p}", quotes[p::3][::-1]) for p in range(3))
    return Bank("bank", quotes, people)


_TEXTS_READ: list[str] = []
"""A mark for each read of a :class:`CountedQuote`'s text: the writer converting it."""


class CountedQuote(Quote):
    """A quote that counts the reads of its text."""

    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        if name == "text":
            _TEXTS_READ.append(name)
        return super().__getattribute__(name)


def test_a_long_list_is_converted_as_it_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    bank = _bank([f"quote {i} é ✓ " * 20 for i in range(400)], CountedQuote)
    expected = dumps_utf8({"data": to_jsonable(bank)})
    at_write: list[int] = []  # quotes converted when each piece of text was written

    class File(io.BytesIO):
        def write(self, data: Any) -> int:
            at_write.append(len(_TEXTS_READ))
            return super().write(data)

    monkeypatch.setattr(jsonout, "_CHUNK", 4096)
    _TEXTS_READ.clear()
    out = File()
    jsonout.write({"data": bank}, out)
    monkeypatch.undo()
    assert out.getvalue() == expected
    assert len(_TEXTS_READ) == 800  # each quote converted once where it is written, bank and people
    assert len(at_write) > 10 and at_write[0] < len(_TEXTS_READ) / 4  # not all converted first


def test_records_whose_text_looks_like_joins_are_each_on_their_line() -> None:
    bank = _bank(["a", "b }, { c", "d [[", "e, [f", "g", "{", "h"])
    text = _written({"data": bank})
    assert text == dumps_utf8({"data": to_jsonable(bank)})
    lines = text.decode().splitlines()
    assert sum(line.strip().startswith('{"participant": ') for line in lines) == 14


def test_the_text_goes_out_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonout, "_CHUNK", 4096)
    texts = [f"quote {i} " * 20 for i in range(500)]
    whole = dumps_utf8({"data": _bank(texts)})
    pieces: list[bytes] = []

    class File(io.BytesIO):
        def write(self, data: Any) -> int:
            pieces.append(bytes(data))
            return super().write(data)

    out = File()
    jsonout.write({"data": _bank(texts)}, out)
    assert out.getvalue() == whole
    assert len(pieces) > 10 and max(map(len, pieces)) < len(whole) / 5


@dataclass(frozen=True)
class Scored:
    """A value with its own ``to_json``, which renames its fields."""

    value: float
    why: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"score": self.value, "undefined": self.why}


@dataclass(frozen=True)
class Holder:
    name: str
    scores: tuple[Scored, ...]
    best: Scored
    by: dict[Any, Any]


def test_an_own_to_json_is_honoured_outside_converted_objects_only() -> None:
    s = Scored(0.5)
    holder = Holder("h", (s, Scored(1.0)), s, {True: [s], None: 1})
    value: dict[Any, Any] = {"holder": holder, "list": [s, Scored(1.0, "x")], "again": [s]}
    value["one"] = s
    value[True] = {"k": [1]}
    expected = {
        "holder": to_jsonable(holder),  # fields, as to_jsonable has them; keys "True", "None"
        "list": [s.to_json(), Scored(1.0, "x").to_json()],
        "again": [s.to_json()],  # not the text of its fields, met in the holder
        "one": s.to_json(),
        True: {"k": [1]},  # a key outside converted objects: "true"
    }
    assert dumps(value) == dumps(expected)
    assert '"True": [' in dumps(value) and '"true": {"k": [1]}' in dumps(value)


def test_which_classes_are_written_from_their_to_json() -> None:
    own = jsonout.writes_own_json
    assert own(AgreementData) and own(Scored) and own(AgreementTable)
    for kind in (Sentence, SampleTable, ThemesTable, RecurrenceTable, QuotesTable, PetsTable):
        assert not own(kind), kind
    assert not own(CodebookTable) and not own(Bank) and not own(Grid)
    assert not own(Holder) and not own(dict)

    @dataclass(frozen=True)
    class LooksPlain:  # the same code as fields_to_json, but its own: called, not inlined
        name: str

        def to_json(self) -> dict[str, Any]:
            return to_jsonable(self)  # type: ignore[no-any-return]

    assert own(LooksPlain)


def test_write_converts_as_to_jsonable_does() -> None:
    leaf = Leaf("x", 1, 0.5, True, Kind.B, Level.LOW, ("c1", "c2"))
    other = Leaf("y", 2, None, False, Kind.A, Level.LOW, ())
    by = {1: leaf, "k": [other], Kind.A: (1, 2), "1": "same key as 1", False: {"x": (1,)}}
    branch = Branch("b", [leaf, other, leaf], by, leaf, (("a", 1), ("b", 2)))
    values = [branch, [branch, branch], (leaf,), {"e": Empty()}, [Empty(), Empty()], Empty()]
    values += [leaf, {"x": [branch], "y": (Empty(),)}, {"t": [[leaf]]}]
    for value in values:
        assert dumps(value) == dumps(to_jsonable(value)), value
        assert json.loads(dumps(value)) == _old_to_jsonable(value)


# --- records of dataclass objects, in batches ------------------------------------------------


def _layout(value: Any, newline: str = "\n") -> str:
    """tables.json's layout of a JSON value (converted by ``to_jsonable``), from the module's
    definition: a dict or list holding no dict, and no list other than a list of scalars, on one
    line as ``json.dumps`` writes it; any other dict or list indented by two spaces."""
    if isinstance(value, dict):
        members = list(value.values())
    elif isinstance(value, list):
        members = value
    else:
        return json.dumps(value, ensure_ascii=False)
    if all(_fits_a_record(m) for m in members):
        return json.dumps(value, ensure_ascii=False)
    inner = newline + "  "
    if isinstance(value, dict):
        texts = [
            f"{json.dumps(k, ensure_ascii=False)}: {_layout(v, inner)}" for k, v in value.items()
        ]
        return "{" + inner + ("," + inner).join(texts) + newline + "}"
    return "[" + inner + ("," + inner).join(_layout(v, inner) for v in value) + newline + "]"


def _fits_a_record(member: Any) -> bool:
    if isinstance(member, dict):
        return False
    return not isinstance(member, list) or not any(isinstance(m, dict | list) for m in member)


def _same_as_converted(value: Any) -> None:
    """The writer's text of ``value`` is the layout of its conversion by ``to_jsonable``, and
    the value of ``json.dumps(to_jsonable(value), indent=2)``."""
    converted = to_jsonable(value)
    text = dumps(value)
    assert text == _layout(converted) + "\n"
    assert text == dumps(converted)
    assert json.loads(text) == json.loads(json.dumps(converted, indent=2))


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    n: Any
    share: float | None
    flag: bool
    codes: Any


def _lines(count: int) -> list[Line]:
    return [
        Line(f'l{i} é ✓ " \\ }}, {{', i, i / 3, i % 2 == 0, (f"c{i}",) * (i % 3))
        for i in range(count)
    ]


@pytest.mark.parametrize("chunk", [1 << 16, 4096, 1024])  # batches of 64, 4 and 1 members
def test_a_list_of_records_of_one_kind(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(jsonout, "_CHUNK", chunk)
    lines = _lines(150)
    lines[3] = Line("list", 3, None, True, ["a", 1, 2.5, None, False])
    lines[4] = Line("empty", 4, 0.0, False, [])
    _same_as_converted({"lines": lines, "tuple": tuple(lines[:70]), "one": lines[:1], "none": []})
    text = dumps({"lines": lines})
    assert len(text.splitlines()) == 150 + 4  # one line a record
    assert dumps(lines) == dumps(to_jsonable(lines))


OTHER_MEMBERS: list[Any] = [
    Line("enum in a tuple", 1, None, True, (Level.LOW, "x")),  # a record once converted
    Line("enum field", Kind.B, None, True, ()),
    Line("dict in a tuple", 1, None, True, ({"k": 1}, "x")),  # not a record: the tuple indented
    Line("tuple in a tuple", 1, None, True, (("a", "b"), "x")),
    Line("object in a tuple", 1, None, True, (Empty(),)),
    Line("object", Empty(), None, True, ()),
    Line("scalar, then object", 1, None, True, ("x", Empty())),
    Line("dict", 1, None, True, {"k": [1, 2]}),
    Leaf("another kind", 1, 0.5, True, Kind.A, Level.LOW, ("c",)),
    Empty(),
    "a string",
    7,
    None,
    [1, 2],
    {"a": 1},
]


@pytest.mark.parametrize("other", OTHER_MEMBERS)
@pytest.mark.parametrize("at", [0, 1, 63, 64, 99])
def test_a_member_that_is_not_a_plain_record_of_the_kind_falls_back(
    monkeypatch: pytest.MonkeyPatch, other: Any, at: int
) -> None:
    lines: list[Any] = list(_lines(100))
    lines[at] = other
    _same_as_converted({"lines": lines})
    monkeypatch.setattr(jsonout, "_CHUNK", 4096)
    _same_as_converted({"lines": tuple(lines)})


@pytest.mark.parametrize("other", OTHER_MEMBERS[:8])
def test_a_dataclass_holding_a_non_scalar_is_converted_as_to_jsonable_does(other: Any) -> None:
    _same_as_converted(other)
    _same_as_converted({"one": other, "alone": [other], "two": (other, other)})
    _same_as_converted(Branch("b", [other], {"x": other}, None, ()))


def test_rendered_tables_json_is_the_layout_of_its_value(small: Path) -> None:
    study, _ = load_study(small)
    text = render_study(study, formats=["json"]).files["tables.json"].decode()
    assert text == _layout(json.loads(text)) + "\n"
