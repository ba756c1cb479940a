"""Reflexive thematic analysis: agreement says it is not its measure; render leaves it out unless named."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from analysis.agreement.conftest import CONFIG, SINGLE, TWO_CODERS, write_study
from ipatool.cli.app import build_app
from ipatool.read.loader import load_study
from ipatool.render import render_study

runner = CliRunner()


def _study(tmp_path: Path, reflexive: bool) -> Path:
    root = write_study(tmp_path / "s", {"t1": TWO_CODERS, "t2": SINGLE})
    config = CONFIG.replace("method: ipa", "method: thematic")
    if reflexive:
        config = config.replace("method: thematic\n", "method: thematic\nreflexive: true\n")
    (root / "ipatool.yaml").write_text(config, encoding="utf-8")
    return root


def test_agreement_says_reflexive_ta_does_not_use_it(tmp_path: Path) -> None:
    root = _study(tmp_path, reflexive=True)
    result = runner.invoke(build_app(), ["agreement", str(root)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Reflexive thematic analysis does not use intercoder reliability"
    )
    assert "(Braun & Clarke, 2019, 2021)" in result.stdout
    data = json.loads(runner.invoke(build_app(), ["agreement", str(root), "-f", "json"]).stdout)
    assert data["method_note"].startswith("Reflexive thematic analysis")


def test_render_leaves_the_table_out_unless_named(tmp_path: Path) -> None:
    study, _ = load_study(_study(tmp_path, reflexive=True))
    everything = json.loads(render_study(study, formats=["json"]).files["tables.json"])
    assert "agreement" not in everything["tables"]
    assert everything["omitted"]["agreement"].startswith("Reflexive thematic analysis")
    named = json.loads(
        render_study(study, formats=["json"], tables=["agreement"]).files["tables.json"]
    )
    notes = named["tables"]["agreement"]["data"]["notes"]
    assert notes[0].startswith("Reflexive thematic analysis does not use intercoder reliability")


def test_other_thematic_studies_are_unchanged(tmp_path: Path) -> None:
    study, _ = load_study(_study(tmp_path, reflexive=False))
    everything = json.loads(render_study(study, formats=["json"]).files["tables.json"])
    assert "agreement" in everything["tables"]
    result = runner.invoke(build_app(), ["agreement", str(tmp_path / "s")])
    assert not result.stdout.startswith("Reflexive")
