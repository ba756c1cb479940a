"""``ipatool export qdpx|codebook`` and ``ipatool import qdpx``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from exchange.helpers import FG1, make_qdpx, project, write_study
from ipatool.cli.app import build_app

runner = CliRunner()


def test_export_then_import(tmp_path: Path) -> None:
    study = write_study(tmp_path / "study")
    out = tmp_path / "s.qdpx"
    result = runner.invoke(build_app(), ["export", "qdpx", str(study), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    result = runner.invoke(
        build_app(), ["export", "codebook", str(study), "-o", str(tmp_path / "c.qdc")]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        build_app(), ["import", "qdpx", str(out), "--into", str(tmp_path / "back"), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["validation_errors"] == 0
    assert data["made"]["transcripts"] == 1
    assert data["not_carried"] == {}


def test_export_refuses_errors_unless_forced(tmp_path: Path) -> None:
    study = write_study(
        tmp_path / "study",
        {"fg1": FG1.replace("code: stuck\n        by: KG", "code: nope\n        by: KG")},
    )
    out = tmp_path / "s.qdpx"
    assert runner.invoke(build_app(), ["export", "qdpx", str(study), "-o", str(out)]).exit_code == 1
    assert not out.exists()
    result = runner.invoke(build_app(), ["export", "qdpx", str(study), "-o", str(out), "--force"])
    assert result.exit_code == 0
    assert "code 'nope' is not in themes.yaml" in result.output


def test_export_no_study(tmp_path: Path) -> None:
    result = runner.invoke(build_app(), ["export", "qdpx", str(tmp_path / "x"), "-o", "a.qdpx"])
    assert result.exit_code == 2


def test_import_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"PK\x03\x04 broken")
    result = runner.invoke(build_app(), ["import", "qdpx", str(bad), "--into", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_import_reports_what_is_not_carried(tmp_path: Path) -> None:
    body = (
        '<Sources><AudioSource guid="40000000-0000-0000-0000-000000000002" name="a.m4a">'
        '<AudioSelection guid="50000000-0000-0000-0000-000000000002" begin="1" end="2"/>'
        "</AudioSource></Sources>"
    )
    qdpx = make_qdpx(tmp_path / "x.qdpx", {"project.qde": project(body)})
    result = runner.invoke(
        build_app(), ["import", "qdpx", str(qdpx), "--into", str(tmp_path / "s")]
    )
    assert result.exit_code == 0, result.output
    assert "1 audio selections" in result.stdout
    assert "1 audio sources" in result.stdout
