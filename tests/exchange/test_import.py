"""REFI-QDA import from hand-made archives: what real exports do (CRLF, BOM, GUID styles, ...)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from exchange.helpers import make_qdpx, project
from ipatool.check.validate import validate_study
from ipatool.exchange import archive
from ipatool.exchange.common import ExchangeError
from ipatool.exchange.importer import import_qdpx, read_qdpx, split_turns

CODEBOOK = """
<CodeBook><Codes>
  <Code guid="{BBBBBBBB-0000-0000-0000-000000000001}" name="Tiredness" isCodable="true">
    <Description>Being worn out.
Inclusion: fatigue
Exclusion: boredom</Description>
  </Code>
  <Code guid="BBBBBBBB-0000-0000-0000-000000000002" name="work" isCodable="true"/>
</Codes></CodeBook>
"""


def _import(tmp_path: Path, members: dict[str, bytes | str]) -> tuple[Path, Any]:
    qdpx = make_qdpx(tmp_path / "in.qdpx", members)
    out = tmp_path / "study"
    report = import_qdpx(qdpx, out)
    result = validate_study(out)
    assert result.errors == [], [d.message for d in result.errors]
    return out, report


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_crlf_bom_braces_and_capitalised_sources(tmp_path: Path) -> None:
    raw = "Sam: I was tired.\r\nInterviewer: Why?\r\nSam: Because of work, really.\r\n"
    lf = raw.replace("\r\n", "\n")
    start = lf.index("Because of work")
    tired = lf.index("tired")
    body = (
        CODEBOOK
        + '<Sources><TextSource guid="CCCCCCCC-0000-0000-0000-000000000001" name="Interview 1.docx"'
        ' plainTextPath="internal://{DDDDDDDD-0000-0000-0000-000000000001}.txt">'
        f'<PlainTextSelection guid="{{EEEEEEEE-0000-0000-0000-000000000001}}" startPosition="{start}"'
        f' endPosition="{start + len("Because of work")}"'
        ' creatingUser="aaaaaaaa-0000-0000-0000-000000000001">'
        '<Coding guid="EEEEEEEE-0000-0000-0000-000000000002" creatingUser="{AAAAAAAA-0000-0000-0000-000000000002}">'
        '<CodeRef targetGUID="bbbbbbbb-0000-0000-0000-000000000002"/></Coding>'
        '<Coding guid="EEEEEEEE-0000-0000-0000-000000000003">'
        '<CodeRef targetGUID="{bbbbbbbb-0000-0000-0000-000000000002}"/></Coding>'
        "</PlainTextSelection>"
        f'<PlainTextSelection guid="EEEEEEEE-0000-0000-0000-000000000004" startPosition="{tired}"'
        f' endPosition="{tired + 5}" creatingUser="AAAAAAAA-0000-0000-0000-000000000001">'
        "<Description>said quietly</Description>"
        '<Coding guid="EEEEEEEE-0000-0000-0000-000000000005">'
        '<CodeRef targetGUID="BBBBBBBB-0000-0000-0000-000000000001"/></Coding>'
        "</PlainTextSelection></TextSource></Sources>"
    )
    out, report = _import(
        tmp_path,
        {
            "Project.qde": project(body),
            "Sources/DDDDDDDD-0000-0000-0000-000000000001.txt": b"\xef\xbb\xbf"
            + raw.encode("utf-8"),
        },
    )
    config = _load(out / "ipatool.yaml")
    assert config["coders"] == [
        {"id": "ann-coder", "name": "Ann Coder"},
        {"id": "bob-coder", "name": "Bob Coder"},
    ]
    assert config["interviewers"] == [{"id": "Interviewer", "name": "Interviewer"}]
    doc = _load(out / "transcripts" / "interview-1.yaml")
    assert doc["title"] == "Interview 1.docx"
    assert doc["participants"] == ["Sam"]
    assert doc["coded_by"] == ["ann-coder", "bob-coder"]
    assert [(t["n"], t["speaker"], t["text"]) for t in doc["turns"]] == [
        (1, "Sam", "I was tired."),
        (2, "Interviewer", "Why?"),
        (3, "Sam", "Because of work, really."),
    ]
    assert doc["turns"][2]["codes"] == [
        {"code": "work", "by": ["bob-coder", "ann-coder"], "quote": "Because of work"}
    ]
    assert doc["turns"][0]["codes"] == [
        {"code": "Tiredness", "by": ["ann-coder"], "quote": "tired"}
    ]
    assert doc["turns"][0]["notes"] == [
        {"kind": "descriptive", "by": "ann-coder", "text": "said quietly"}
    ]
    themes = _load(out / "themes.yaml")["themes"]
    assert themes[0]["label"] == "Imported codes"
    assert themes[0]["subthemes"][0]["codes"][0] == {
        "id": "Tiredness",
        "definition": "Being worn out.",
        "inclusion": "fatigue",
        "exclusion": "boredom",
    }
    assert report.not_carried == {}


def test_nested_codes_become_themes_and_subthemes(tmp_path: Path) -> None:
    codes = """
<CodeBook><Codes>
  <Code guid="10000000-0000-0000-0000-000000000001" name="Big theme" isCodable="false">
    <Code guid="10000000-0000-0000-0000-000000000002" name="Sub A" isCodable="false">
      <Code guid="10000000-0000-0000-0000-000000000003" name="leaf one" isCodable="true">
        <Code guid="10000000-0000-0000-0000-000000000004" name="deep" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="10000000-0000-0000-0000-000000000005" name="loose" isCodable="true"/>
  </Code>
  <Code guid="10000000-0000-0000-0000-000000000006" name="flat" isCodable="true"/>
</Codes></CodeBook>
"""
    out, report = _import(tmp_path, {"project.qde": project(codes)})
    themes = _load(out / "themes.yaml")["themes"]
    assert [(t["id"], t["label"]) for t in themes] == [
        ("big-theme", "Big theme"),
        ("imported", "Imported codes"),
    ]
    subs = themes[0]["subthemes"]
    assert [(s["id"], [c["id"] for c in s["codes"]]) for s in subs] == [
        ("big-theme-codes", ["loose"]),
        ("sub-a", ["leaf-one", "deep"]),
    ]
    assert [c["id"] for c in themes[1]["subthemes"][0]["codes"]] == ["flat"]
    assert report.not_carried == {"code levels below subthemes (codes kept, flattened)": 1}


def test_paragraphs_cases_and_variables(tmp_path: Path) -> None:
    body = (
        CODEBOOK
        + '<Variables><Variable guid="20000000-0000-0000-0000-000000000001" name="Age" typeOfVariable="Integer"/>'
        '<Variable guid="20000000-0000-0000-0000-000000000002" name="job title" typeOfVariable="Text"/></Variables>'
        '<Cases><Case guid="30000000-0000-0000-0000-000000000001" name="ID1">'
        '<VariableValue><VariableRef targetGUID="20000000-0000-0000-0000-000000000001"/><IntegerValue>20</IntegerValue></VariableValue>'
        '<VariableValue><VariableRef targetGUID="20000000-0000-0000-0000-000000000002"/><TextValue>nurse</TextValue></VariableValue>'
        '<SourceRef targetGUID="40000000-0000-0000-0000-000000000001"/></Case></Cases>'
        '<Sources><TextSource guid="40000000-0000-0000-0000-000000000001" name="answer">'
        "<PlainTextContent>First paragraph here.\n\nSecond one\ncontinues here.</PlainTextContent>"
        '<PlainTextSelection guid="50000000-0000-0000-0000-000000000001" startPosition="0" endPosition="43">'
        '<Coding guid="50000000-0000-0000-0000-000000000002" creatingUser="AAAAAAAA-0000-0000-0000-000000000001">'
        '<CodeRef targetGUID="BBBBBBBB-0000-0000-0000-000000000002"/></Coding></PlainTextSelection>'
        "</TextSource></Sources>"
    )
    out, _ = _import(tmp_path, {"project.qde": project(body)})
    config = _load(out / "ipatool.yaml")
    assert config["fields"] == [
        {"name": "Age", "kind": "number", "required": False},
        {"name": "job_title", "kind": "text", "label": "job title", "required": False},
    ]
    assert _load(out / "participants.yaml")["participants"] == [
        {"id": "ID1", "Age": 20, "job_title": "nurse"}
    ]
    doc = _load(out / "transcripts" / "answer.yaml")
    assert doc["kind"] == "interview"
    assert [(t["speaker"], t["text"]) for t in doc["turns"]] == [
        ("ID1", "First paragraph here."),
        ("ID1", "Second one\ncontinues here."),
    ]
    # a selection over two turns becomes an application on each
    assert doc["turns"][0]["codes"] == [{"code": "work", "by": ["ann-coder"]}]
    assert doc["turns"][1]["codes"] == [
        {"code": "work", "by": ["ann-coder"], "quote": "Second one\ncontinues"}
    ]


def test_nvivo_counts_utf16_units(tmp_path: Path) -> None:
    text = "P1: I feel 😀 happy today."
    start16 = len(text[: text.index("happy")].encode("utf-16-le")) // 2
    body = (
        CODEBOOK + '<Sources><TextSource guid="40000000-0000-0000-0000-000000000001" name="n">'
        f"<PlainTextContent>{text}</PlainTextContent>"
        f'<PlainTextSelection guid="50000000-0000-0000-0000-000000000001" startPosition="{start16}" endPosition="{start16 + 5}">'
        '<Coding guid="50000000-0000-0000-0000-000000000002"><CodeRef targetGUID="BBBBBBBB-0000-0000-0000-000000000002"/></Coding>'
        "</PlainTextSelection></TextSource></Sources>"
    )
    out, _ = _import(tmp_path, {"project.qde": project(body, origin="NVivo 14")})
    doc = _load(out / "transcripts" / "n.yaml")
    assert doc["turns"][0]["codes"] == [{"code": "work", "quote": "happy"}]


def test_missing_sources_and_media_are_reported(tmp_path: Path) -> None:
    body = (
        CODEBOOK
        + '<Sources><TextSource guid="40000000-0000-0000-0000-000000000001" name="gone.docx" plainTextPath="internal://gone.txt">'
        '<PlainTextSelection guid="50000000-0000-0000-0000-000000000001" startPosition="0" endPosition="3"/></TextSource>'
        '<PictureSource guid="40000000-0000-0000-0000-000000000002" name="p.jpg">'
        '<PictureSelection guid="50000000-0000-0000-0000-000000000002" firstX="1" firstY="1" secondX="2" secondY="2">'
        '<Coding guid="50000000-0000-0000-0000-000000000003"><CodeRef targetGUID="BBBBBBBB-0000-0000-0000-000000000002"/></Coding>'
        "</PictureSelection></PictureSource></Sources>"
        '<Notes><Note guid="60000000-0000-0000-0000-000000000001" name="memo"><PlainTextContent>x</PlainTextContent></Note></Notes>'
        '<Sets><Set guid="70000000-0000-0000-0000-000000000001" name="s"/></Sets>'
    )
    _, report = _import(tmp_path, {"project.qde": project(body)})
    assert report.missing_sources == ["gone.docx"]
    assert report.not_carried == {
        "text sources whose text is not in the archive": 1,
        "text selections in missing sources": 1,
        "picture sources": 1,
        "picture selections": 1,
        "codings on picture sources and their selections": 1,
        "notes not attached to a text selection": 1,
        "sets": 1,
    }


def test_any_single_qde_name(tmp_path: Path) -> None:
    out, report = _import(tmp_path, {"My Project.qde": project(CODEBOOK)})
    assert report.made["codes"] == 2
    assert (out / "themes.yaml").is_file()


def test_two_qde_files_without_project_qde_refused(tmp_path: Path) -> None:
    qdpx = make_qdpx(tmp_path / "x.qdpx", {"a.qde": project(""), "b.qde": project("")})
    with pytest.raises(ExchangeError, match=r"2 \.qde files"):
        read_qdpx(qdpx)


@pytest.mark.parametrize("name", ["../evil.txt", "/abs/evil.txt", "sources/../../evil.txt"])
def test_unsafe_member_paths_refused(tmp_path: Path, name: str) -> None:
    qdpx = make_qdpx(tmp_path / "x.qdpx", {"project.qde": project(""), name: "x"})
    with pytest.raises(ExchangeError, match="unsafe path"):
        read_qdpx(qdpx)


def test_member_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 100)
    qdpx = make_qdpx(tmp_path / "x.qdpx", {"project.qde": project(" " * 500)})
    with pytest.raises(ExchangeError, match=r"64 MB|bytes"):
        read_qdpx(qdpx)


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes>'
        '<Code guid="BBBBBBBB-0000-0000-0000-000000000001" name="c" isCodable="true">'
        "<Description>&xxe;</Description></Code></Codes></CodeBook></Project>"
    )
    files, _ = read_qdpx(make_qdpx(tmp_path / "x.qdpx", {"project.qde": xml}))
    assert "TOPSECRET" not in files["themes.yaml"]


def test_not_a_zip(tmp_path: Path) -> None:
    bad = tmp_path / "x.qdpx"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(ExchangeError, match=r"not a \.qdpx"):
        read_qdpx(bad)


def test_refuses_non_empty_target(tmp_path: Path) -> None:
    qdpx = make_qdpx(tmp_path / "x.qdpx", {"project.qde": project(CODEBOOK)})
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "f").write_text("x", encoding="utf-8")
    with pytest.raises(ExchangeError, match="not an empty folder"):
        import_qdpx(qdpx, tmp_path / "s")


def test_split_turns() -> None:
    labelled = split_turns("[id1] hello there\n\n[id2] hi\nmore of it\n")
    assert [(t.label, t.start, t.end) for t in labelled] == [("id1", 6, 17), ("id2", 25, 38)]
    paragraphs = split_turns("one line\nanother line\n")
    assert [(t.label, t.start, t.end) for t in paragraphs] == [(None, 0, 8), (None, 9, 21)]
    assert split_turns("  \n\n") == []


def test_damaged_deflate_stream_is_a_clear_error(tmp_path: Path) -> None:
    qdpx = make_qdpx(tmp_path / "x.qdpx", {"project.qde": project(CODEBOOK * 20)})
    data = bytearray(qdpx.read_bytes())
    start = 30 + len("project.qde")  # local header, then the deflated bytes
    for i in range(start + 5, start + 60):
        data[i] ^= 0x5A
    qdpx.write_bytes(bytes(data))
    with pytest.raises(ExchangeError, match="cannot be unpacked"):
        read_qdpx(qdpx)
