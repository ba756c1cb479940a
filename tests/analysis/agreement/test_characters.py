"""Character-level agreement (``--unit character``) on a study worked by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analysis.agreement.conftest import write_study
from ipatool.analysis.agreement import agreement_table
from ipatool.analysis.agreement.characters import character_agreement
from ipatool.cli.app import build_app
from ipatool.cli.turns import turn_texts
from ipatool.read.loader import load_study

# Turn 2 "Hello world" (11 characters): A marks "Hello", B marks "world" with code x.
# Turn 3 "Yes." (4): nobody codes x; y is both coders' on the whole turn.
# x over 15 characters: A 5 (0-4), B 5 (6-10), agreeing on the space and "Yes." = 5.
#   p_o = 5/15; p_A = p_B = 1/3; p_e = 1/9 + 4/9 = 5/9; kappa = (1/3 - 5/9) / (4/9) = -1/2.
# At the turn level both applied x to turn 2: they agree.
STUDY = """\
id: T1
kind: focus_group
participants: [P1, P2]
coded_by: [A, B]
turns:
  - n: 1
    speaker: I
    text: Tell me.
  - n: 2
    speaker: P1
    text: Hello world
    codes:
      - {code: x, by: A, quote: Hello}
      - {code: x, by: B, quote: world}
  - n: 3
    speaker: P2
    text: Yes.
    codes:
      - {code: y, by: [A, B]}
"""


def _root(tmp_path: Path) -> Path:
    return write_study(tmp_path / "study", {"t1": STUDY})


def test_different_sentences_of_one_turn_differ(tmp_path: Path) -> None:
    study = load_study(_root(tmp_path))[0]
    turn = {r.code: r for r in agreement_table(study).rows}
    assert turn["x"].percent_agreement.value == pytest.approx(1.0)
    table = character_agreement(study, turn_texts(study))
    rows = {r.code: r for r in table.rows}
    assert list(rows) == ["x", "y"]  # codes applied, themes.yaml order
    x = rows["x"].sources[0]
    assert x.characters == 15 and x.coded == {"A": 5, "B": 5}
    ((pair, pct, kappa),) = x.pairs
    assert pair == ("A", "B")
    assert pct == pytest.approx(1 / 3)
    assert kappa == pytest.approx(-0.5)
    y = rows["y"].pooled
    assert y.coded == {"A": 4, "B": 4} and y.pairs[0][1] == pytest.approx(1.0)
    assert y.pairs[0][2] == pytest.approx(1.0)


def test_cli_character_unit(tmp_path: Path) -> None:
    root = _root(tmp_path)
    result = CliRunner().invoke(build_app(), ["agreement", str(root), "--unit", "character"])
    assert result.exit_code == 0, result.output
    assert "  T1: 15 characters, coded A 5 B 5; A-B 33.3% kappa -0.50; alpha" in result.stdout
    result = CliRunner().invoke(
        build_app(), ["agreement", str(root), "--unit", "character", "-f", "json", "-c", "x"]
    )
    data = json.loads(result.stdout)
    assert data["unit"] == "character"
    assert [c["code"] for c in data["codes"]] == ["x"]
    assert data["codes"][0]["pooled"]["pairs"][0]["cohen_kappa"] == pytest.approx(-0.5)
