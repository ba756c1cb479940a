"""The ``disagreements`` table (drawn only when named) on tests/data/small, worked by hand.

From the hand computation in test_render_agreement.py: c1 is A's alone on I1-2; c3 is A's and
B's on I1-4 and C's alone on FG1-7; c4 is B's alone on FG1-4 and A's and C's on FG1-6. Five items,
in source order (Interview 1, then Focus group 1) and turn order.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from ipatool.read.loader import load_study
from ipatool.render import render_study

EXPECTED = [
    ["Interview 1", "2", "c1", "A", "B, C"],
    ["Interview 1", "4", "c3", "A, B", "C"],
    ["Focus group 1", "4", "c4", "B", "A, C"],
    ["Focus group 1", "6", "c4", "A, C", "B"],
    ["Focus group 1", "7", "c3", "C", "A, B"],
]
HEADER = ["Source", "Turn", "Speaker", "Code", "Applied", "Not applied", "Extracts"]


def _render(root: Path, fmt: str, tables: list[str] | None) -> dict[str, bytes]:
    study, _ = load_study(root)
    return render_study(study, formats=[fmt], tables=tables).files


def _labels(root: Path) -> dict[str, str]:
    study, _ = load_study(root)
    return {code: place.code.title for code, place in study.code_places().items()}


def _expected(root: Path) -> list[list[str]]:
    labels = _labels(root)
    return [[s, t, labels[c], a, n] for s, t, c, a, n in EXPECTED]


def test_csv_lists_every_disagreement_in_source_and_turn_order(small: Path) -> None:
    data = _render(small, "csv", ["disagreements"])["csv/disagreements.csv"].decode()
    records = list(csv.reader(io.StringIO(data)))
    assert records[0] == HEADER
    body = [r for r in records[1:] if len(r) == len(HEADER)]
    assert [[r[0], r[1], r[3], r[4], r[5]] for r in body] == _expected(small)
    assert all(r[6] for r in body)  # every row shows what the coders marked


def test_md_html_docx_show_the_table(small: Path) -> None:
    first = _expected(small)[0]
    md = _render(small, "md", ["disagreements"])["tables.md"].decode()
    assert "| Source | Turn | Speaker | Code | Applied | Not applied | Extracts |" in md
    assert f"| {first[0]} | {first[1]} |" in md
    html = _render(small, "html", ["disagreements"])["tables.html"].decode()
    assert "Intercoder Disagreements to Discuss" in html and first[2] in html
    docx = _render(small, "docx", ["disagreements"])["tables.docx"]
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        xml = z.read("word/document.xml").decode()
    assert "Not applied" in xml and first[2] in xml


def test_json_and_not_drawn_unless_named(small: Path) -> None:
    doc = json.loads(_render(small, "json", ["disagreements"])["tables.json"])
    items = doc["tables"]["disagreements"]["data"]["disagreements"]
    assert [(d["transcript"], d["turn"], d["code"]) for d in items] == [
        ("I1", 2, "c1"),
        ("I1", 4, "c3"),
        ("FG1", 4, "c4"),
        ("FG1", 6, "c4"),
        ("FG1", 7, "c3"),
    ]
    everything = json.loads(_render(small, "json", None)["tables.json"])
    assert "disagreements" not in everything["tables"]
    assert "disagreements" not in everything["omitted"]
