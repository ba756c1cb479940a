"""NVivo exports in ../shared/realdata: every imported quote lies inside the text NVivo coded.

The expected text is computed here from the export itself (the zip, the source text, offsets as
UTF-16 units over the raw text after the BOM), not with the importer's code.
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from ipatool.check.validate import validate_study
from ipatool.exchange.importer import import_qdpx

NS = "{urn:QDA-XML:project:1.0}"


def coded_texts(qdpx: Path) -> dict[str, list[str]]:
    """Code name -> the texts NVivo coded with it (line ends made LF, as the study stores them)."""
    with zipfile.ZipFile(qdpx) as zf:
        names = {n.lower(): n for n in zf.namelist()}
        root = etree.fromstring(zf.read(names["project.qde"]))
        code_name = {c.get("guid"): c.get("name") for c in root.iter(f"{NS}Code")}
        out: dict[str, list[str]] = defaultdict(list)
        for src in root.iter(f"{NS}TextSource"):
            member = src.get("plainTextPath", "").split("://", 1)[1].lower()
            raw = zf.read(names[f"sources/{member}"]).decode("utf-8")
            units = raw.removeprefix("\ufeff").encode("utf-16-le")
            for sel in src.iter(f"{NS}PlainTextSelection"):
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                text = units[2 * start : 2 * end].decode("utf-16-le").replace("\r\n", "\n")
                for ref in sel.iter(f"{NS}CodeRef"):
                    out[code_name[ref.get("targetGUID")]].append(text)
    return out


def imported_quotes(study: Path) -> list[tuple[str, str]]:
    """(code label, quote or whole turn text) of every code application in the study."""
    themes = yaml.safe_load((study / "themes.yaml").read_text(encoding="utf-8"))["themes"]
    label = {
        c["id"]: c.get("label", c["id"]) for t in themes for s in t["subthemes"] for c in s["codes"]
    }
    quotes: list[tuple[str, str]] = []
    for path in sorted((study / "transcripts").glob("*.yaml")):
        doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        for turn in doc["turns"]:
            for app in turn.get("codes", []):
                quotes.append((label[app["code"]], app.get("quote", turn["text"])))
    return quotes


@pytest.mark.parametrize(
    ("name", "applications"),
    [("nvivo12win-oltas.qdpx", 97), ("nvivo12mac-szkepticizmus.qdpx", 297)],
)
def test_every_nvivo_quote_is_inside_the_coded_text(
    realdata: Path, tmp_path: Path, name: str, applications: int
) -> None:
    qdpx = realdata / "refi-samples" / name
    if not qdpx.is_file():
        pytest.skip(f"{name} is not present")
    expected = coded_texts(qdpx)
    report = import_qdpx(qdpx, tmp_path / "study")
    assert validate_study(tmp_path / "study").errors == []
    quotes = imported_quotes(tmp_path / "study")
    assert len(quotes) == applications
    inside = [q for code, q in quotes if any(q in text for text in expected[code])]
    assert len(inside) == len(quotes)
    # and the other way: every coded text has its quote (nothing dropped or moved elsewhere)
    for code, texts in expected.items():
        for text in texts:
            assert any(c == code and q in text for c, q in quotes), (code, text[:60])
    assert report.unplaced == []
    assert [d.doubtful for d in report.offsets] == [False] * len(report.offsets)
    assert all(d.convention.utf16 and not d.convention.crlf_as_one for d in report.offsets)
