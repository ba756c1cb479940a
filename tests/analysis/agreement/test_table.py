"""The study's agreement table and the ``ipatool agreement`` command, on small built studies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analysis.agreement.conftest import SINGLE, TWO_CODERS, write_study
from ipatool.analysis.agreement import agreement_table
from ipatool.cli.app import build_app
from ipatool.read.loader import load_study

THREE_CODERS = """\
id: T3
kind: focus_group
participants: [P1, P2]
coded_by: [A, B, C]
turns:
  - n: 1
    speaker: P1
    text: Alpha.
    codes:
      - {code: x}
  - n: 2
    speaker: P2
    text: Beta.
    codes:
      - {code: x, by: [A, B]}
  - n: 3
    speaker: P1
    text: Gamma.
    codes:
      - {code: y, by: [C]}
"""


def _row(table, code):  # type: ignore[no-untyped-def]
    return next(r for r in table.rows if r.code == code)


def test_units_are_participant_turns_of_double_coded_transcripts(two_coder_study: Path) -> None:
    study, _ = load_study(two_coder_study)
    table = agreement_table(study)
    assert table.transcripts == ["T1"]
    assert table.skipped == ["T2"]
    assert table.units == 4  # the interviewer's turn is not a unit
    assert table.coders == ["A", "B"]
    assert [r.code for r in table.rows] == ["x", "y", "never"]


def test_per_code_values(two_coder_study: Path) -> None:
    table = agreement_table(load_study(two_coder_study)[0])
    x = _row(table, "x")
    assert x.items == 4
    assert x.applied == {"A": 2, "B": 2}
    assert x.percent_agreement.value == pytest.approx(0.5)
    assert x.cohen[0].kappa.value == pytest.approx(0.0)
    assert x.krippendorff_alpha.value == pytest.approx(0.125)
    assert x.fleiss_kappa is None  # two coders only
    y = _row(table, "y")
    assert y.cohen[0].kappa.value == pytest.approx(1.0)


def test_unused_code_is_undefined_not_one(two_coder_study: Path) -> None:
    never = _row(agreement_table(load_study(two_coder_study)[0]), "never")
    assert never.percent_agreement.value == pytest.approx(1.0)
    assert never.cohen[0].kappa.value is None
    assert never.cohen[0].kappa.undefined is not None
    assert "neither coder" in never.cohen[0].kappa.undefined
    assert never.krippendorff_alpha.value is None
    assert never.krippendorff_alpha.undefined is not None


def test_pooled_row(two_coder_study: Path) -> None:
    table = agreement_table(load_study(two_coder_study)[0])
    assert table.pooled is not None
    assert table.pooled.items == 12
    assert table.pooled.percent_agreement.value == pytest.approx(10 / 12)
    # A: x 1100, y 0001, never 0000; B: x 1010, y 0001, never 0000
    a = [1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    b = [1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    po = 10 / 12
    pe = (3 / 12) * (3 / 12) + (9 / 12) * (9 / 12)
    assert a != b
    assert table.pooled.cohen[0].kappa.value == pytest.approx((po - pe) / (1 - pe))


def test_code_filter(two_coder_study: Path) -> None:
    table = agreement_table(load_study(two_coder_study)[0], ["y"])
    assert [r.code for r in table.rows] == ["y"]
    assert table.pooled is not None and table.pooled.items == 4


def test_three_coders_gives_fleiss_and_pairs(tmp_path: Path) -> None:
    root = write_study(tmp_path / "s", {"t1": TWO_CODERS, "t3": THREE_CODERS})
    table = agreement_table(load_study(root)[0])
    x = _row(table, "x")
    assert [p.coders for p in x.cohen] == [("A", "B"), ("A", "C"), ("B", "C")]
    assert [p.items for p in x.cohen] == [7, 3, 3]
    # Fleiss over the three units of T3 only: counts (not applied, applied) = (0,3), (1,2), (3,0)
    assert x.fleiss_kappa is not None and x.fleiss_kappa.value is not None
    p_bar = (1 + 1 / 3 + 1) / 3
    p_e = (4 / 9) ** 2 + (5 / 9) ** 2
    assert x.fleiss_kappa.value == pytest.approx((p_bar - p_e) / (1 - p_e))
    # alpha over all 7 units with C missing on T1's units
    assert x.items == 7


def test_json_shape(two_coder_study: Path) -> None:
    data = agreement_table(load_study(two_coder_study)[0]).to_json()
    assert list(data) == [
        "coders",
        "transcripts",
        "units",
        "codes",
        "pooled",
        "summary",
        "never_applied",
        "skipped_transcripts",
        "items_without_by",
        "disagreements",
        "method_note",
    ]
    code = data["codes"][2]
    assert list(code) == [
        "code",
        "label",
        "theme",
        "subtheme",
        "pooled",
        "items",
        "items_without_by",
        "applied",
        "percent_agreement",
        "cohen_kappa",
        "fleiss_kappa",
        "krippendorff_alpha",
    ]
    assert code["krippendorff_alpha"]["value"] is None
    assert code["cohen_kappa"][0]["cohen_kappa"]["value"] is None
    assert data["pooled"]["code"] is None and data["pooled"]["pooled"] is True


runner = CliRunner()


def test_cli_text(two_coder_study: Path) -> None:
    result = runner.invoke(build_app(), ["agreement", str(two_coder_study)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("4 participant turns in 1 transcript(s)")
    assert not any(line.startswith("never ") for line in lines)  # no row of "undefined"
    never = next(line for line in lines if line.startswith("Never applied"))
    assert never.endswith("(1, kappa and alpha undefined): never")
    assert (
        "All items pooled" in result.stdout and "Median (range) over the 2 codes" in result.stdout
    )


def test_cli_json(two_coder_study: Path) -> None:
    result = runner.invoke(
        build_app(), ["agreement", str(two_coder_study), "-f", "json", "-c", "x"]
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [c["code"] for c in data["codes"]] == ["x"]
    assert data["codes"][0]["krippendorff_alpha"]["value"] == pytest.approx(0.125)


def test_cli_no_study(tmp_path: Path) -> None:
    result = runner.invoke(build_app(), ["agreement", str(tmp_path / "none")])
    assert result.exit_code == 2


def test_cli_refuses_errors_unless_forced(tmp_path: Path) -> None:
    broken = TWO_CODERS.replace("{code: y, by: [A, B]}", "{code: zzz, by: [A, B]}")
    root = write_study(tmp_path / "s", {"t1": broken, "t2": SINGLE})
    result = runner.invoke(build_app(), ["agreement", str(root)])
    assert result.exit_code == 1
    forced = runner.invoke(build_app(), ["agreement", str(root), "--force", "-f", "json"])
    assert forced.exit_code == 0
    codes = [c["code"] for c in json.loads(forced.stdout)["codes"]]
    assert codes == ["x", "y", "never", "zzz"]


def test_cli_nothing_double_coded(tmp_path: Path) -> None:
    root = write_study(tmp_path / "s", {"t2": SINGLE})
    result = runner.invoke(build_app(), ["agreement", str(root)])
    assert result.exit_code == 0
    assert "nothing to compare" in result.stdout
