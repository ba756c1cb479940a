"""REFI-QDA offsets: the counting convention of each source is decided from the text, and checked.

Hand-made projects that run everywhere: NVivo-for-Windows style (CRLF, UTF-16 units, an emoji),
ATLAS.ti style (CRLF as one), a doubtful one where the selections disagree, out-of-range
selections, and carried text (a selection's name) as evidence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from exchange.helpers import make_qdpx, project
from ipatool.check.validate import validate_study
from ipatool.cli.app import build_app
from ipatool.exchange.importer import import_qdpx
from ipatool.exchange.offsets import (
    ATLAS_TI,
    NVIVO,
    STANDARD,
    Convention,
    Selection,
    SourceText,
    decide,
    place,
)
from ipatool.exchange.report import ImportReport

CODES = (
    "<CodeBook><Codes>"
    '<Code guid="C0000000-0000-0000-0000-000000000001" name="feeling" isCodable="true"/>'
    '<Code guid="C0000000-0000-0000-0000-000000000002" name="work" isCodable="true"/>'
    "</Codes></CodeBook>"
)
RAW = (
    "Sam: I feel \U0001f600 happy today.\r\n"
    "Interviewer: Why are you happy?\r\n"
    "Sam: Because the work is \U0001f389 done, finally.\r\n"
)
LF = RAW.replace("\r\n", "\n")


def utf16(text: str, index: int) -> int:
    """The UTF-16 unit offset of code point ``index`` in ``text``."""
    return len(text[:index].encode("utf-16-le")) // 2


def nvivo_windows(phrase: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of ``phrase`` as NVivo for Windows writes them: UTF-16 units over the raw text."""
    start = _find(RAW, phrase, nth)
    return utf16(RAW, start), utf16(RAW, start + len(phrase))


def atlas(phrase: str, nth: int = 0) -> tuple[int, int]:
    """Offsets as ATLAS.ti writes them: code points, a CRLF counted as one."""
    start = _find(LF, phrase, nth)
    return start, start + len(phrase)


def _find(text: str, phrase: str, nth: int) -> int:
    at = -1
    for _ in range(nth + 1):
        at = text.index(phrase, at + 1)
    return at


def selection(k: int, span: tuple[int, int], code: int = 1, name: str = "") -> str:
    named = f' name="{name}"' if name else ""
    return (
        f'<PlainTextSelection guid="50000000-0000-0000-0000-00000000000{k}"{named}'
        f' startPosition="{span[0]}" endPosition="{span[1]}">'
        f'<Coding guid="60000000-0000-0000-0000-00000000000{k}">'
        f'<CodeRef targetGUID="C0000000-0000-0000-0000-00000000000{code}"/></Coding>'
        "</PlainTextSelection>"
    )


def build(tmp_path: Path, selections: list[str], *, origin: str, raw: str = RAW) -> Path:
    body = (
        CODES + '<Sources><TextSource guid="40000000-0000-0000-0000-000000000001" name="int1.txt"'
        ' plainTextPath="internal://40000000-0000-0000-0000-000000000001.txt">'
        + "".join(selections)
        + "</TextSource></Sources>"
    )
    return make_qdpx(
        tmp_path / "in.qdpx",
        {
            "project.qde": project(body, origin=origin),
            "sources/40000000-0000-0000-0000-000000000001.txt": b"\xef\xbb\xbf"
            + raw.encode("utf-8"),
        },
    )


def run_import(qdpx: Path, out: Path) -> tuple[ImportReport, list[tuple[str, str]]]:
    """Import, check the study validates, and list (code, quote or whole turn text)."""
    report = import_qdpx(qdpx, out)
    assert validate_study(out).errors == []
    doc: dict[str, Any] = yaml.safe_load((out / "transcripts" / "int1.yaml").read_text("utf-8"))
    quotes = [
        (app["code"], app.get("quote", turn["text"]))
        for turn in doc["turns"]
        for app in turn.get("codes", [])
    ]
    return report, quotes


def test_nvivo_windows_crlf_and_emoji(tmp_path: Path) -> None:
    sels = [
        selection(1, nvivo_windows("happy today")),
        selection(2, nvivo_windows("happy", 1)),
        selection(3, nvivo_windows("work is \U0001f389 done"), code=2),
    ]
    qdpx = build(tmp_path, sels, origin="NVivo for Windows 12.6")
    report, quotes = run_import(qdpx, tmp_path / "s")
    assert quotes == [
        ("feeling", "happy today"),
        ("feeling", "happy"),
        ("work", "work is \U0001f389 done"),
    ]
    (decision,) = report.offsets
    assert decision.convention == NVIVO
    assert not decision.doubtful
    assert decision.clean == 3
    assert report.unplaced == []


def test_the_text_decides_when_the_origin_says_nothing(tmp_path: Path) -> None:
    sels = [
        selection(1, nvivo_windows("happy today")),
        selection(2, nvivo_windows("Because the work")),
        selection(3, nvivo_windows("finally"), code=2),
    ]
    report, quotes = run_import(build(tmp_path, sels, origin="Some QDA 1.0"), tmp_path / "s")
    assert [q for _, q in quotes] == ["happy today", "Because the work", "finally"]
    (decision,) = report.offsets
    assert decision.prior == STANDARD
    assert decision.convention == NVIVO
    assert "an origin ipatool does not know" in decision.summary()
    assert not decision.doubtful


def test_atlas_counts_crlf_as_one(tmp_path: Path) -> None:
    sels = [
        selection(1, atlas("Why are you")),
        selection(2, atlas("Because the work")),
        selection(3, atlas("done, finally"), code=2),
    ]
    report, quotes = run_import(build(tmp_path, sels, origin="ATLAS.ti 9.1"), tmp_path / "s")
    assert [q for _, q in quotes] == ["Why are you", "Because the work", "done, finally"]
    assert report.offsets[0].convention == ATLAS_TI
    assert not report.offsets[0].doubtful


def test_evidence_overrides_the_origin(tmp_path: Path) -> None:
    """ATLAS.ti-style offsets in a project that says it is NVivo: the text wins."""
    sels = [
        selection(1, atlas("Why are you")),
        selection(2, atlas("Because the work")),
        selection(3, atlas("done, finally"), code=2),
    ]
    report, quotes = run_import(build(tmp_path, sels, origin="NVivo 14"), tmp_path / "s")
    assert [q for _, q in quotes] == ["Why are you", "Because the work", "done, finally"]
    decision = report.offsets[0]
    assert decision.prior == NVIVO
    assert decision.convention.crlf_as_one
    assert decision.support == 3


def test_mixed_evidence_is_doubtful_and_reported(tmp_path: Path) -> None:
    """One selection fits CRLF as one, another CRLF as two: imported, reported as doubtful."""
    sels = [
        selection(1, atlas("Why are you")),
        selection(2, (RAW.index("Because the work"), RAW.index("Because the work") + 16)),
    ]
    qdpx = build(tmp_path, sels, origin="ATLAS.ti 9.1")
    report, quotes = run_import(qdpx, tmp_path / "s")
    assert len(quotes) == 2
    (decision,) = report.offsets
    assert decision.doubtful
    assert decision.support == 1 and decision.against == 1
    assert decision.doubts[0].startswith("mixed evidence: 1 selection(s) fit")
    result = CliRunner().invoke(
        build_app(), ["import", "qdpx", str(qdpx), "--into", str(tmp_path / "s2")]
    )
    assert result.exit_code == 0, result.output
    assert "doubtful offsets in 1 of 1 source(s)" in result.stdout
    assert "int1.txt: mixed evidence" in result.stdout


def test_out_of_range_is_reported_not_clamped(tmp_path: Path) -> None:
    sels = [
        selection(1, atlas("Why are you")),
        selection(2, atlas("Because the work")),
        selection(3, atlas("done, finally")),
        selection(4, (len(RAW) - 3, len(RAW) + 40), code=2),
    ]
    report, quotes = run_import(build(tmp_path, sels, origin="ATLAS.ti 9.1"), tmp_path / "s")
    assert [code for code, _ in quotes] == ["feeling", "feeling", "feeling"]  # no 'work'
    (line,) = report.unplaced
    assert line.startswith("int1.txt: selection 50000000-0000-0000-0000-000000000004 [")
    assert "outside the text" in line
    assert report.not_carried == {"text selections outside their source text": 1}


def test_selection_name_is_evidence(tmp_path: Path) -> None:
    """Both conventions land on word boundaries; the carried name tells them apart."""
    raw = "x\r\ny\r\nz\r\nw\r\naaa bbb ccc\r\n"
    lf = raw.replace("\r\n", "\n")
    start = lf.index("bbb")
    sels = [selection(1, (start, start + 3), name="bbb")]
    report, quotes = run_import(
        build(tmp_path, sels, origin="NVivo for Windows 12", raw=raw), tmp_path / "s"
    )
    assert quotes == [("feeling", "bbb")]
    assert report.offsets[0].convention.crlf_as_one
    assert report.offsets[0].text_matches == 1


def test_locate_surrogates_crlf_and_bom() -> None:
    text = SourceText("a\U0001f600b\r\nc", had_bom=True)
    assert text.text == "a\U0001f600b\nc"
    assert text.locate(3, NVIVO) == (2, False)  # after the emoji's two units
    assert text.locate(2, NVIVO) == (2, True)  # inside the surrogate pair
    assert text.locate(5, NVIVO) == (3, True)  # between CR and LF: the LF
    assert text.locate(6, NVIVO) == (4, False)
    assert text.locate(5, ATLAS_TI) == (5, False)
    assert text.locate(6, ATLAS_TI) is None
    assert text.locate(1, Convention(False, False, bom_counted=True)) == (0, False)
    assert place(text, Selection("s", 0, 99), STANDARD).problem is not None


def test_no_discriminating_selection_keeps_the_prior() -> None:
    text = SourceText("plain words only\nno emoji")
    decision = decide("s", text, [Selection("a", 0, 5)], "NVivo for Mac 12")
    assert decision.convention == NVIVO
    assert decision.decided_by == "prior"
    assert not decision.doubtful
