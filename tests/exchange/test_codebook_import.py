"""``ipatool import codebook``: a .qdc into themes.yaml, new or merged; bad files refused cleanly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from exchange.helpers import make_qdpx, project, write_study
from ipatool.cli.app import build_app
from ipatool.exchange.codebook_import import read_codebook_themes

runner = CliRunner()

ATLAS_QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti Win 23.4.0"><Codes>
  <Code guid="A0000000-0000-0000-0000-000000000001" name="Feelings::joy" isCodable="true">
    <Description>Being glad.
Inclusion: laughter</Description></Code>
  <Code guid="A0000000-0000-0000-0000-000000000002" name="Feelings::anger" isCodable="true"/>
  <Code guid="A0000000-0000-0000-0000-000000000003" name="Feelings" isCodable="true">
    <Description>How people feel.</Description></Code>
  <Code guid="A0000000-0000-0000-0000-000000000004" name="Work::Stress::deadlines" isCodable="true"/>
  <Code guid="A0000000-0000-0000-0000-000000000005" name="Work::Stress::overtime" isCodable="true"/>
  <Code guid="A0000000-0000-0000-0000-000000000006" name="stuck" isCodable="true">
    <Description>A different definition.</Description></Code>
</Codes></CodeBook>
"""


def invoke(*args: str) -> Any:
    return runner.invoke(build_app(), list(args))


def themes_of(study: Path) -> list[dict[str, Any]]:
    data: dict[str, Any] = yaml.safe_load((study / "themes.yaml").read_text(encoding="utf-8"))
    return list(data["themes"])


def new_study(tmp_path: Path) -> Path:
    """A study that validates with no themes.yaml and no transcripts."""
    study = tmp_path / "study"
    assert invoke("init", "--no-git", str(study)).exit_code == 0
    (study / "themes.yaml").unlink()
    return study


def test_atlas_groups_become_nesting(tmp_path: Path) -> None:
    qdc = tmp_path / "atlas.qdc"
    qdc.write_text(ATLAS_QDC, encoding="utf-8")
    book = read_codebook_themes(qdc)
    assert book.nested == 4
    feelings, work, imported = book.themes
    assert (feelings["label"], feelings["description"]) == ("Feelings", "How people feel.")
    assert [c["id"] for c in feelings["subthemes"][0]["codes"]] == ["joy", "anger"]
    assert feelings["subthemes"][0]["codes"][0] == {
        "id": "joy",
        "definition": "Being glad.",
        "inclusion": "laughter",
    }
    assert work["label"] == "Work"
    assert work["subthemes"][0]["label"] == "Stress"
    assert [c["id"] for c in work["subthemes"][0]["codes"]] == ["deadlines", "overtime"]
    assert imported["subthemes"][0]["codes"] == [
        {"id": "stuck", "definition": "A different definition."}
    ]


def test_requal_codebook_into_a_new_themes_file(realdata: Path, tmp_path: Path) -> None:
    qdc = realdata / "refi-samples" / "requal-atlasti23.4-codebook.qdc"
    study = new_study(tmp_path)
    result = invoke("import", "codebook", str(qdc), "--into", str(study))
    assert result.exit_code == 0, result.output
    assert "1 codes" in result.stdout
    assert "not carried: 1 sets" in result.stdout
    assert themes_of(study) == [
        {
            "id": "imported",
            "label": "Imported codes",
            "subthemes": [
                {
                    "id": "imported-codes",
                    "label": "Imported codes",
                    "codes": [{"id": "code1", "definition": "description"}],
                }
            ],
        }
    ]
    assert invoke("validate", str(study)).exit_code == 0


def test_taguette_codebook_merged_twice(realdata: Path, tmp_path: Path) -> None:
    """Its empty <Sets/> fails Codebook.xsd; it is read anyway. A second import adds nothing."""
    qdc = realdata / "refi-samples" / "taguette-expected-codebook.qdc"
    study = write_study(tmp_path / "study")
    result = invoke("import", "codebook", str(qdc), "--into", str(study))
    assert result.exit_code == 0, result.output
    themes = themes_of(study)
    assert [t["id"] for t in themes] == ["being-there", "self", "imported"]
    assert themes[2]["subthemes"][0]["codes"] == [
        {"id": "interesting"},
        {"id": "people"},
        {"id": "interesting-places", "label": "interesting\\places"},
    ]
    assert invoke("validate", str(study)).exit_code == 0
    before = (study / "themes.yaml").read_bytes()
    again = invoke("import", "codebook", str(qdc), "--into", str(study))
    assert again.exit_code == 0
    assert "3 codes already there" in again.stdout
    assert (study / "themes.yaml").read_bytes() == before


def test_merge_reports_clashes_and_changes_nothing_there(tmp_path: Path) -> None:
    study = write_study(tmp_path / "study")
    themes_file = study / "themes.yaml"
    themes_file.write_text("# kept comment\n" + themes_file.read_text(encoding="utf-8"))
    original = themes_of(study)
    qdc = tmp_path / "atlas.qdc"
    qdc.write_text(ATLAS_QDC, encoding="utf-8")
    result = invoke("import", "codebook", str(qdc), "--into", str(study), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["made"] == {"themes": 2, "subthemes": 2, "codes": 4, "codes already there": 0}
    (clash,) = data["clashes"]
    assert clash.startswith("code 'stuck': the codebook puts it in subtheme 'imported-codes'")
    assert "kept there" in clash
    text = themes_file.read_text(encoding="utf-8")
    assert text.startswith("# kept comment\n")
    merged = themes_of(study)
    assert merged[:2] == original  # existing themes unchanged, 'stuck' keeps its place
    assert [t["id"] for t in merged[2:]] == ["Feelings", "Work"]
    assert invoke("validate", str(study)).exit_code == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<CodeBook><Codes>\n<Code name='x'></CodeBook>", ":2:"),
        (b"not xml at all", ":1:"),
        (project("").encode(), "not a REFI-QDA codebook (root element <Project>"),
        (b"PK\x03\x04zip", "a zip archive"),
    ],
)
def test_bad_codebook_exits_2_and_writes_nothing(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    study = write_study(tmp_path / "study")
    before = {p: p.read_bytes() for p in study.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.qdc"
    bad.write_bytes(content)
    result = invoke("import", "codebook", str(bad), "--into", str(study))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert str(bad) in result.output.replace("\n", "")
    assert expected in result.output.replace("\n", "")
    assert {p: p.read_bytes() for p in study.rglob("*") if p.is_file()} == before


def test_missing_codebook_and_missing_study(tmp_path: Path) -> None:
    result = invoke("import", "codebook", str(tmp_path / "nope.qdc"), "--into", str(tmp_path))
    assert result.exit_code == 2
    assert "nope.qdc: no such file" in result.output.replace("\n", "")
    qdc = tmp_path / "atlas.qdc"
    qdc.write_text(ATLAS_QDC, encoding="utf-8")
    result = invoke("import", "codebook", str(qdc), "--into", str(tmp_path / "none"))
    assert result.exit_code == 2
    assert "not a study folder" in result.output
    assert not (tmp_path / "none").exists()


def test_import_qdpx_of_a_codebook_points_to_import_codebook(tmp_path: Path) -> None:
    qdc = tmp_path / "codebook.qdc"
    qdc.write_text(ATLAS_QDC, encoding="utf-8")
    result = invoke("import", "qdpx", str(qdc), "--into", str(tmp_path / "s"))
    assert result.exit_code == 2
    assert "ipatool import codebook" in result.output.replace("\n", " ")
    assert not (tmp_path / "s").exists()


def test_bare_qde_reads_the_sources_folder_beside_it(tmp_path: Path) -> None:
    text = "Sam: I was tired.\nInterviewer: Why?\nSam: Work.\n"
    start = text.index("tired")
    body = (
        '<CodeBook><Codes><Code guid="B0000000-0000-0000-0000-000000000001" name="tired"'
        ' isCodable="true"/></Codes></CodeBook>'
        '<Sources><TextSource guid="40000000-0000-0000-0000-000000000001" name="i1.txt"'
        ' plainTextPath="internal://{40000000-0000-0000-0000-000000000001}.txt">'
        f'<PlainTextSelection guid="50000000-0000-0000-0000-000000000001" startPosition="{start}"'
        f' endPosition="{start + 5}"><Coding guid="50000000-0000-0000-0000-000000000002">'
        '<CodeRef targetGUID="B0000000-0000-0000-0000-000000000001"/></Coding>'
        "</PlainTextSelection></TextSource></Sources>"
    )
    unzipped = tmp_path / "unzipped"
    (unzipped / "Sources").mkdir(parents=True)
    (unzipped / "project.qde").write_text(project(body), encoding="utf-8")
    (unzipped / "Sources" / "40000000-0000-0000-0000-000000000001.txt").write_text(text)
    out = tmp_path / "s"
    result = invoke("import", "qdpx", str(unzipped / "project.qde"), "--into", str(out))
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load((out / "transcripts" / "i1.yaml").read_text(encoding="utf-8"))
    assert doc["turns"][0]["codes"] == [{"code": "tired", "quote": "tired"}]
    # the zip it came from works the same
    zipped = make_qdpx(
        tmp_path / "z.qdpx",
        {"project.qde": project(body), "Sources/40000000-0000-0000-0000-000000000001.txt": text},
    )
    assert invoke("import", "qdpx", str(zipped), "--into", str(tmp_path / "z")).exit_code == 0
