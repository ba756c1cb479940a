"""REFI-QDA export: structure, offsets, determinism, and the official schemas."""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from exchange.helpers import write_study
from ipatool.exchange.common import GUID_NAMESPACE, guid
from ipatool.exchange.export import codebook_xml, export_codebook, export_qdpx, project_files
from ipatool.read.loader import load_study

NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.fixture
def study_dir(tmp_path: Path) -> Path:
    return write_study(tmp_path / "study")


def _export(study_dir: Path) -> tuple[Any, dict[str, bytes]]:
    study, _ = load_study(study_dir)
    files, result = project_files(study)
    assert result.problems == []
    return etree.fromstring(files["project.qde"]), files


def _source_text(root: Any, files: dict[str, bytes], name: str) -> tuple[Any, str]:
    src = root.find(f"q:Sources/q:TextSource[@name='{name}']", NS)
    path = src.get("plainTextPath").replace("internal://", "sources/")
    return src, files[path].decode("utf-8")


def test_guids_are_uuid5_of_stable_paths() -> None:
    assert guid("code/stuck") == str(uuid.uuid5(GUID_NAMESPACE, "code/stuck")).upper()


def test_users_codes_and_nesting(study_dir: Path) -> None:
    root, _ = _export(study_dir)
    users = root.findall("q:Users/q:User", NS)
    assert [(u.get("id"), u.get("name")) for u in users] == [("KG", "Kathryn"), ("AE", "Alison")]
    top = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    assert [(c.get("name"), c.get("isCodable")) for c in top] == [
        ("Being there", "false"),
        ("The self", "false"),
    ]
    sub = top[0].find("q:Code", NS)
    assert (sub.get("name"), sub.get("isCodable"), sub.get("guid")) == (
        "Staying with the client",
        "false",
        guid("subtheme/staying"),
    )
    codes = sub.findall("q:Code", NS)
    assert [(c.get("name"), c.get("isCodable")) for c in codes] == [
        ("Staying with the client", "true"),
        ("stuck", "true"),
    ]
    assert codes[0].findtext("q:Description", namespaces=NS) == (
        "Remaining present when the client wants to stop.\n"
        "Inclusion: Explicit refusals to give up.\nExclusion: Ending therapy by agreement."
    )


def test_cases_and_typed_variables(study_dir: Path) -> None:
    root, _ = _export(study_dir)
    kinds = {
        v.get("name"): v.get("typeOfVariable") for v in root.findall("q:Variables/q:Variable", NS)
    }
    assert kinds == {"gender": "Text", "age": "Integer", "years": "Float", "job": "Text"}
    cases = root.findall("q:Cases/q:Case", NS)
    assert [c.get("name") for c in cases] == ["Sam", "Alex"]
    sam = {
        vv.find("q:VariableRef", NS).get("targetGUID"): (etree.QName(vv[1]).localname, vv[1].text)
        for vv in cases[0].findall("q:VariableValue", NS)
    }
    assert sam[guid("variable/age")] == ("IntegerValue", "40")
    assert sam[guid("variable/years")] == ("FloatValue", "2.5")
    assert sam[guid("variable/job")] == ("TextValue", "Nurse")
    assert len(cases[1].findall("q:VariableValue", NS)) == 3  # Alex has no job
    assert cases[0].find("q:SourceRef", NS).get("targetGUID") == guid("source/FG1")


def test_plain_text_and_selection_offsets(study_dir: Path) -> None:
    root, files = _export(study_dir)
    src, text = _source_text(root, files, "FG1")
    lines = text.split("\n")
    assert lines[0] == "KW: Could you tell me what it is like?"
    assert lines[2] == "Alex: I feel 😀 happy – and “stuck”, honestly."
    assert text.endswith("\n")
    selected = {}
    for sel in src.findall("q:PlainTextSelection", NS):
        a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
        codes = [c.find("q:CodeRef", NS).get("targetGUID") for c in sel.findall("q:Coding", NS)]
        users = [c.get("creatingUser") for c in sel.findall("q:Coding", NS)]
        selected[text[a:b]] = (
            codes,
            users,
            [n.get("targetGUID") for n in sel.findall("q:NoteRef", NS)],
        )
    # an elided quote spans from its first fragment's start to its last fragment's end
    elided = "it isn't working and she wants to stop"
    assert selected[elided] == (
        [guid("code/staying-with-the-client")] * 2,
        [guid("user/KG"), guid("user/AE")],
        [],
    )
    whole = lines[1][len("Sam: ") :]
    assert selected[whole] == ([guid("code/stuck")], [guid("user/KG")], [guid("note/FG1/2/0")])
    # code points, not UTF-16 units or bytes: the emoji before these counts as one
    assert selected["“stuck”"][0] == [guid("code/stuck")] * 2
    assert selected["happy"] == ([guid("code/new-insight")], [guid("user/AE")], [])
    sel = src.find("q:PlainTextSelection[@name='happy']", NS)
    assert int(sel.get("startPosition")) == text.index("happy")


def test_notes(study_dir: Path) -> None:
    root, _ = _export(study_dir)
    notes = root.findall("q:Notes/q:Note", NS)
    assert len(notes) == 1
    assert notes[0].get("guid") == guid("note/FG1/2/0")
    assert notes[0].get("name") == "conceptual: FG1 turn 2"
    assert notes[0].get("creatingUser") == guid("user/KG")
    assert (
        notes[0].findtext("q:PlainTextContent", namespaces=NS) == "commitment as an active stance"
    )


def test_export_is_byte_identical(study_dir: Path, tmp_path: Path) -> None:
    study, _ = load_study(study_dir)
    export_qdpx(study, tmp_path / "a.qdpx")
    export_qdpx(load_study(study_dir)[0], tmp_path / "b.qdpx")
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.qdpx") as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert names[0] == "project.qde"
        assert all(i.date_time == (2000, 1, 1, 0, 0, 0) for i in zf.infolist())


def test_codebook(study_dir: Path, tmp_path: Path) -> None:
    study, _ = load_study(study_dir)
    export_codebook(study, tmp_path / "c.qdc")
    root = etree.fromstring((tmp_path / "c.qdc").read_bytes())
    assert etree.QName(root).localname == "CodeBook"
    names = [c.get("name") for c in root.iter("{urn:QDA-XML:codebook:1.0}Code")]
    assert names == [
        "Being there",
        "Staying with the client",
        "Staying with the client",
        "stuck",
        "The self",
        "Insight",
        "new-insight",
    ]


def _validate(folder: Path, realdata: Path) -> None:
    schemas = realdata / "refi-schemas"
    project_schema = etree.XMLSchema(etree.parse(str(schemas / "Project.xsd")))
    codebook_schema = etree.XMLSchema(etree.parse(str(schemas / "Codebook.xsd")))
    study, _ = load_study(folder)
    files, _ = project_files(study)
    assert project_schema.validate(etree.fromstring(files["project.qde"])), project_schema.error_log
    assert codebook_schema.validate(etree.fromstring(codebook_xml(study))), (
        codebook_schema.error_log
    )


def test_export_validates_against_the_official_schemas(study_dir: Path, realdata: Path) -> None:
    _validate(study_dir, realdata)


def test_example_export_validates(example_study: Path, realdata: Path) -> None:
    _validate(example_study, realdata)
