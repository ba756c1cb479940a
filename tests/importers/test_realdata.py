"""Files written outside the project (../shared/realdata) import into studies that validate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ipatool.read.yamlio import read_document

Run = Callable[..., Any]
Errors = Callable[[Path], list[str]]

CASES = [
    ("qualcoder-examples/transcript.txt", ["-s", "id1", "-s", "id2", "-s", "id3"], 7),
    ("qualcoder-examples/ID1.docx", ["--unlabelled", "ID1"], 3),
    (
        "transcripts-vtt-srt/spec-example.vtt",
        ["-s", "Roger Bingham=R1", "-s", "Neil deGrasse Tyson=Neil"],
        5,
    ),
    ("transcripts-vtt-srt/captions_with_bom.vtt", ["--unlabelled", "P1"], 1),
]


@pytest.mark.parametrize(("name", "options", "turns"), CASES)
def test_realdata_transcript_imports_and_validates(
    errors_of: Errors,
    realdata: Path,
    study: Path,
    run: Run,
    name: str,
    options: list[str],
    turns: int,
) -> None:
    source = realdata / name
    if not source.is_file():
        pytest.skip(f"{name} is not present")
    result = run(
        "import", "transcript", str(source), "--into", str(study), "--add-participants", *options
    )
    assert result.exit_code == 0, result.output
    written = study / "transcripts" / f"{source.stem}.yaml"
    doc = read_document(written, written.name)
    assert len(doc.data["turns"]) == turns
    assert [t["n"] for t in doc.data["turns"]] == list(range(1, turns + 1))
    assert errors_of(study) == []


def test_spec_example_vtt_details(realdata: Path, study: Path, run: Run) -> None:
    source = realdata / "transcripts-vtt-srt" / "spec-example.vtt"
    if not source.is_file():
        pytest.skip("spec-example.vtt is not present")
    result = run(
        "import", "transcript", str(source), "--into", str(study), "--add-participants",
        "-s", "Roger Bingham=R1", "-s", "Neil deGrasse Tyson=Neil",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "repaired mojibake" in result.output
    doc = read_document(study / "transcripts" / "spec-example.yaml", "t")
    turns = doc.data["turns"]
    assert [t["speaker"] for t in turns] == ["R1", "Neil", "R1", "Neil", "R1"]
    assert turns[0]["text"].endswith("When we e-mailed—")
    assert turns[3]["text"] == "Laughs"  # the <i> tag inside the voice is dropped
    assert "Bingham" not in (study / "transcripts" / "spec-example.yaml").read_text()


QUALCODER_FIELDS = """\
title: QualCoder examples
method: thematic
coders:
  - id: R1
fields:
  - name: age
    kind: number
  - name: gender
    kind: category
    levels: [f, m]
  - name: interest
    kind: text
"""


def test_qualcoder_csvs_import_and_validate(
    errors_of: Errors, realdata: Path, tmp_path: Path, run: Run
) -> None:
    folder = realdata / "qualcoder-examples"
    if not (folder / "cases123.csv").is_file() or not (folder / "survey456.csv").is_file():
        pytest.skip("the QualCoder csv files are not present")
    root = tmp_path / "qc"
    assert run("init", "--no-git", str(root)).exit_code == 0
    (root / "ipatool.yaml").write_text(QUALCODER_FIELDS, encoding="utf-8")
    (root / "participants.yaml").write_text("participants: []\n", encoding="utf-8")
    (root / "themes.yaml").write_text("themes: []\n", encoding="utf-8")
    for name in ("cases123.csv", "survey456.csv"):
        result = run("import", "participants", str(folder / name), "--into", str(root))
        assert result.exit_code == 0, result.output
    assert "freetext" in result.output  # reported as not imported
    people = read_document(root / "participants.yaml", "p").data["participants"]
    assert [p["id"] for p in people] == ["ID1", "ID2", "ID3", "ID4", "ID5", "ID6"]
    assert people[4] == {"id": "ID5", "age": None, "gender": "m", "interest": "golf"}
    assert people[0] == {"id": "ID1", "age": 20, "gender": "f", "interest": "science"}
    assert errors_of(root) == []
