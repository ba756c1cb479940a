"""Cross-check expected positions of a few broken studies against ruamel.yaml's own marks.

ruamel's round-trip loader records 0-based (line, column) of every key, value and list item;
the diagnostics' 1-based positions must be the same places.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from check._studies import BROKEN, load_spec

# case, file, path to the node, what to read (key / value / item), expected entry in expected.yaml
CASES: list[tuple[str, str, tuple[Any, ...], str, str]] = [
    ("unknown-key", "transcripts/I1.yaml", ("duraton_min",), "key", "IPA101"),
    ("invalid-enum", "transcripts/FG1.yaml", ("kind",), "value", "IPA104"),
    ("demographic-range", "participants.yaml", ("participants", 1, "age"), "value", "IPA503"),
    ("undeclared-field", "participants.yaml", ("participants", 2, "ocupation"), "key", "IPA505"),
    ("silent-participant", "transcripts/FG1.yaml", ("participants", 3), "item", "IPA705"),
    ("unknown-coder", "transcripts/FG1.yaml", ("turns", 2, "codes", 0, "by"), "value", "IPA306"),
    ("bad-severity-override", "ipatool.yaml", ("rules", "severity", "unused-cod"), "key", "IPA901"),
    ("duplicate-turn", "transcripts/FG1.yaml", ("turns", 2, "n"), "value", "IPA203"),
]


def ruamel_position(path: Path, steps: tuple[Any, ...], what: str) -> tuple[int, int]:
    data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    parent, last = data, steps[-1]
    for step in steps[:-1]:
        parent = parent[step]
    if what == "key":
        line, col = parent.lc.key(last)
    elif what == "value":
        line, col = parent.lc.value(last)
    else:
        line, col = parent.lc.item(last)
    return line + 1, col + 1


@pytest.mark.parametrize(("case", "file", "steps", "what", "code"), CASES)
def test_position_matches_ruamel(
    case: str, file: str, steps: tuple[Any, ...], what: str, code: str
) -> None:
    line, col = ruamel_position(BROKEN / case / file, steps, what)
    entries = [e for e in load_spec(case)["diagnostics"] if e.startswith(f"{file}:{line}:{col} ")]
    assert any(e.endswith(f" {code}") for e in entries), (case, line, col)
