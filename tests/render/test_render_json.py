"""tables.json's layout (structure indented, each record on one line) and the fast conversion
of table data to JSON values."""

from __future__ import annotations

import dataclasses
import enum
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ipatool.analysis.model import to_jsonable
from ipatool.loader import load_study
from ipatool.render import render_study
from ipatool.render.jsonout import dumps


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
