"""``ipatool schema``: JSON Schema (draft 2020-12) that accepts valid study files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipatool.cli.app import build_app
from ipatool.read.yamlio import read_document
from ipatool.write.schema import DRAFT, json_schemas

jsonschema = pytest.importorskip("jsonschema")

FILES = {"config": "ipatool.schema.json", "participants": "participants.schema.json",
         "themes": "themes.schema.json", "pets": "pets.schema.json",
         "transcript": "transcript.schema.json"}  # fmt: skip


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.output


def _plain(value: object) -> object:
    """YAML values as JSON sees them (dates as strings)."""
    return json.loads(json.dumps(value, default=str))


def test_writes_five_schemas(tmp_path: Path) -> None:
    code, out = _run("schema", "--out", str(tmp_path / "schemas"))
    assert code == 0, out
    names = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert names == sorted(FILES.values())
    for name in names:
        schema = json.loads((tmp_path / "schemas" / name).read_text(encoding="utf-8"))
        assert schema["$schema"] == DRAFT
        jsonschema.Draft202012Validator.check_schema(schema)


def test_output_is_deterministic(tmp_path: Path) -> None:
    _run("schema", "--out", str(tmp_path / "a"))
    _run("schema", "--out", str(tmp_path / "b"))
    for name in FILES.values():
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_schemas_accept_the_starter_study_and_single_ids(starter: Callable[..., Path]) -> None:
    root = starter("s")
    schemas = json_schemas()
    files = {
        "config": root / "ipatool.yaml",
        "participants": root / "participants.yaml",
        "themes": root / "themes.yaml",
        "transcript": root / "transcripts" / "example.yaml",
    }
    for kind, path in files.items():
        data = _plain(read_document(path, path.name).data)
        jsonschema.validate(data, schemas[kind])
    transcript = _plain(read_document(files["transcript"], "t").data)
    assert isinstance(transcript, dict)
    transcript["turns"][1]["codes"][0]["by"] = "R1"  # one id without brackets is allowed
    jsonschema.validate(transcript, schemas["transcript"])
    transcript["turns"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(transcript, schemas["transcript"])


def test_study_fields_in_participants_schema(tmp_path: Path) -> None:
    root = tmp_path / "s"
    assert _run("init", "--no-git", str(root))[0] == 0
    code, out = _run("schema", "--out", str(tmp_path / "o"), "--study", str(root))
    assert code == 0, out
    schema = json.loads((tmp_path / "o" / "participants.schema.json").read_text("utf-8"))
    props = schema["$defs"]["Participant"]["properties"]
    assert props["gender"]["enum"] == ["female", "male", "non-binary", None]
    good = {"participants": [{"id": "P1", "gender": "male", "age": 30}]}
    jsonschema.validate(good, schema)
    for bad in ({"id": "P1", "gender": "Male"}, {"id": "P1", "age": 5}, {"id": "P1", "x": 1}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"participants": [bad]}, schema)


def test_schemas_accept_the_case_first_example(repo: Path) -> None:
    """pets.yaml, themes.yaml with gets, and transcripts with statements all pass their schema;
    a statement with a stray key does not."""
    root = repo / "examples" / "case-first-ipa"
    schemas = json_schemas()
    files = {
        "config": [root / "ipatool.yaml"],
        "participants": [root / "participants.yaml"],
        "themes": [root / "themes.yaml"],
        "pets": [root / "pets.yaml"],
        "transcript": sorted((root / "transcripts").glob("*.yaml")),
    }
    for kind, paths in files.items():
        for path in paths:
            jsonschema.validate(_plain(read_document(path, path.name).data), schemas[kind])
    pets = _plain(read_document(root / "pets.yaml", "pets.yaml").data)
    assert isinstance(pets, dict)
    pets["pets"][0]["statements"] = "ines-01"  # one id without brackets is allowed
    jsonschema.validate(pets, schemas["pets"])
    transcript = _plain(read_document(root / "transcripts" / "I1.yaml", "t").data)
    assert isinstance(transcript, dict)
    transcript["turns"][1]["statements"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(transcript, schemas["transcript"])


def test_terminology_may_be_a_bare_year() -> None:
    schema = json_schemas()["config"]
    reporting = {"terminology": 2022}
    data = {"title": "t", "method": "ipa", "coders": [{"id": "A"}], "reporting": reporting}
    jsonschema.validate(data, schema)
    reporting["terminology"] = "2009"
    jsonschema.validate(data, schema)
    reporting["terminology"] = 2015
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
