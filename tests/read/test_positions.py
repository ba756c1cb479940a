"""Positions from the fast reader equal those of ruamel.yaml's round-trip loader, everywhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ipatool.read.yamlio import YamlPath, read_document


def _ruamel_positions(node: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str, int, int]]:
    """(path, 'key'|'value'|'item', line, col) for every key, value and item, 1-based."""
    if isinstance(node, CommentedMap):
        for key in node:
            kline, kcol = node.lc.key(key)
            yield (*path, key), "key", kline + 1, kcol + 1
            vline, vcol = node.lc.value(key)
            yield (*path, key), "value", vline + 1, vcol + 1
            yield from _ruamel_positions(node[key], (*path, key))
    elif isinstance(node, CommentedSeq):
        for i, item in enumerate(node):
            line, col = node.lc.item(i)
            yield (*path, i), "item", line + 1, col + 1
            yield from _ruamel_positions(item, (*path, i))


def _study_files(root: Path) -> list[Path]:
    return sorted(root.glob("*.yaml")) + sorted((root / "transcripts").glob("*.yaml"))


def test_every_position_in_the_example_matches_ruamel(example_study: Path) -> None:
    yaml = YAML(typ="rt")
    checked = 0
    for path in _study_files(example_study):
        rel = path.relative_to(example_study).as_posix()
        doc = read_document(path, rel)
        assert doc.ok, doc.diagnostics
        loc = doc.locator
        data = yaml.load(path.read_text(encoding="utf-8"))
        for ypath, what, line, col in _ruamel_positions(data):
            span = loc.span(ypath, key=(what == "key"))
            assert (span.line, span.column) == (line, col), (rel, ypath, what)
            checked += 1
    assert checked > 2000


def test_every_position_in_the_case_first_example_matches_ruamel(repo: Path) -> None:
    """Statements, PETs and GETs are located as ruamel locates them too."""
    root = repo / "examples" / "case-first-ipa"
    yaml = YAML(typ="rt")
    checked = 0
    for path in _study_files(root):
        rel = path.relative_to(root).as_posix()
        doc = read_document(path, rel)
        assert doc.ok, doc.diagnostics
        data = yaml.load(path.read_text(encoding="utf-8"))
        for ypath, what, line, col in _ruamel_positions(data):
            span = doc.locator.span(ypath, key=(what == "key"))
            assert (span.line, span.column) == (line, col), (rel, ypath, what)
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize(
    ("text", "path", "key", "expected"),
    [
        ("a: 1\nb:\n  c: [x, y]\n", ("b", "c", 1), False, (3, 10)),
        ("a: 1\nb:\n  c: [x, y]\n", ("b", "c"), True, (3, 3)),
        (
            "items:\n  - n: 1\n    t: >-\n      folded\n      text\n",
            ("items", 0, "t"),
            False,
            (3, 8),
        ),
        ('q: "with \\"escape\\""\n', ("q",), False, (1, 4)),
        ("x: é ü ö\ny: 2\n", ("y",), False, (2, 4)),
    ],
)
def test_positions_match_ruamel_on_small_cases(
    tmp_path: Path, text: str, path: YamlPath, key: bool, expected: tuple[int, int]
) -> None:
    f = tmp_path / "f.yaml"
    f.write_text(text, encoding="utf-8")
    loc = read_document(f, "f.yaml").locator
    span = loc.span(path, key=key)
    assert (span.line, span.column) == expected
    data = YAML(typ="rt").load(text)
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if isinstance(parent, CommentedSeq):
        got = parent.lc.item(last)
    else:
        got = parent.lc.key(last) if key else parent.lc.value(last)
    assert (got[0] + 1, got[1] + 1) == expected
