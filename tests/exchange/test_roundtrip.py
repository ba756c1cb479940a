"""Export, import, export again: the same selections, codes and texts."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from exchange.helpers import write_study
from ipatool.check.validate import validate_study
from ipatool.exchange.export import export_qdpx
from ipatool.exchange.importer import import_qdpx
from ipatool.read.loader import load_study

NS = {"q": "urn:QDA-XML:project:1.0"}


def summary(path: Path) -> tuple[list[tuple[str, ...]], set[tuple[str, ...]], list[bytes], int]:
    """Code paths, (source, start, end, code path, user) selections, source texts, notes."""
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        texts = sorted(zf.read(n) for n in zf.namelist() if n.startswith("sources/"))
    users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", NS)}
    codes: dict[str, tuple[str, ...]] = {}

    def walk(el: etree._Element, path: tuple[str, ...]) -> None:
        for c in el.iterfind("q:Code", NS):
            codes[c.get("guid") or ""] = (*path, c.get("name") or "")
            walk(c, codes[c.get("guid") or ""])

    walk(root.find("q:CodeBook/q:Codes", NS), ())  # type: ignore[arg-type]
    selections = set()
    for src in root.iterfind(".//q:TextSource", NS):
        for sel in src.iterfind("q:PlainTextSelection", NS):
            for c in sel.iterfind("q:Coding", NS):
                ref = c.find("q:CodeRef", NS)
                selections.add(
                    (
                        src.get("name") or "",
                        sel.get("startPosition") or "",
                        sel.get("endPosition") or "",
                        *codes[ref.get("targetGUID") or ""],  # type: ignore[union-attr]
                        users[c.get("creatingUser")],
                    )
                )
    notes = len(root.findall("q:Notes/q:Note", NS))
    return sorted(codes.values()), selections, texts, notes


def _round_trip(study: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.qdpx"
    export_qdpx(load_study(study)[0], first)
    imported = tmp_path / "imported"
    import_qdpx(first, imported)
    assert validate_study(imported).errors == []
    second = tmp_path / "second.qdpx"
    export_qdpx(load_study(imported)[0], second)
    a, b = summary(first), summary(second)
    assert a[0] == b[0]  # codes and their nesting
    assert a[1] == b[1]  # selections: source, offsets, code, coder
    assert a[2] == b[2]  # the plain texts
    assert a[3] == b[3]  # notes
    assert a[1]


def test_round_trip_small_study(tmp_path: Path) -> None:
    _round_trip(write_study(tmp_path / "study"), tmp_path)


def test_round_trip_example_study(example_study: Path, tmp_path: Path) -> None:
    _round_trip(example_study, tmp_path)
