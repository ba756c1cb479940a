"""The disagreement list and the items resting on codings without ``by``, on a study worked by hand."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from analysis.agreement.conftest import write_study
from ipatool.analysis.agreement import agreement_table
from ipatool.cli.app import build_app
from ipatool.read.loader import load_study

runner = CliRunner()

# Coders A, B, C on T3. Participant turns 2, 3, 4 (turn 1 is the interviewer's).
# x: turn 2 A+B+C (no by: every coder), turn 3 A only (quote), turn 4 B and C in two codings.
# y: turn 3 A, B, C (one coding), turn 4 A only.
THREE = """\
id: T3
kind: focus_group
participants: [P1, P2]
coded_by: [A, B, C]
turns:
  - n: 1
    speaker: I
    text: Tell me.
  - n: 2
    speaker: P1
    text: One two three.
    codes:
      - {code: x}
  - n: 3
    speaker: P2
    text: Four five six.
    codes:
      - {code: x, by: A, quote: five six}
      - {code: y, by: [A, B, C]}
  - n: 4
    speaker: P1
    text: Seven eight.
    codes:
      - {code: x, by: C, quote: Seven}
      - {code: x, by: B}
      - {code: y, by: A}
"""


def _study(tmp_path: Path) -> Path:
    return write_study(tmp_path / "study", {"t3": THREE})


def test_disagreements_by_hand(tmp_path: Path) -> None:
    table = agreement_table(load_study(_study(tmp_path))[0])
    got = [
        (d.transcript, d.turn, d.code, d.applied_by, d.not_applied_by) for d in table.disagreements
    ]
    assert got == [
        ("T3", 3, "x", ("A",), ("B", "C")),
        ("T3", 4, "x", ("B", "C"), ("A",)),
        ("T3", 4, "y", ("A",), ("B", "C")),
    ]
    x3, x4, y4 = table.disagreements
    assert [q.to_json() for q in x3.quotes] == [
        {"by": ["A"], "text": "five six", "whole_turn": False}
    ]
    assert x3.turn_text == "Four five six."  # y's coding quotes the whole turn
    assert [(q.by, q.text, q.whole_turn) for q in x4.quotes] == [
        (("C",), "Seven", False),
        (("B",), "Seven eight.", True),
    ]
    assert y4.speaker == "P1" and not y4.without_by


def test_items_without_by_are_counted(tmp_path: Path) -> None:
    table = agreement_table(load_study(_study(tmp_path))[0])
    assert table.items_without_by == 1
    rows = {r.code: r.items_without_by for r in table.rows}
    assert rows == {"x": 1, "y": 0, "never": 0}
    assert table.pooled is not None and table.pooled.items_without_by == 1
    only_y = agreement_table(load_study(_study(tmp_path))[0], ["y"])
    assert only_y.items_without_by == 0
    assert [d.code for d in only_y.disagreements] == ["y"]


def test_a_transcript_without_by_is_no_longer_silent_agreement(tmp_path: Path) -> None:
    # the case: every coding without by gives 1.00 everywhere; now the items are counted
    text = THREE.replace(", by: A, quote: five six", "").replace(", by: [A, B, C]", "")
    text = text.replace(", by: C, quote: Seven", "").replace(", by: B", "").replace(", by: A", "")
    table = agreement_table(load_study(write_study(tmp_path / "s", {"t3": text}))[0])
    assert table.disagreements == []
    # x on turns 2, 3, 4 and y on turns 3, 4: five items (x's two codings on turn 4 are one item)
    assert table.items_without_by == 5
    assert sorted((r.code, r.items_without_by) for r in table.rows) == [
        ("never", 0),
        ("x", 3),
        ("y", 2),
    ]


def test_cli_text_and_json(tmp_path: Path) -> None:
    root = _study(tmp_path)
    result = runner.invoke(build_app(), ["agreement", str(root)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1 item rests on codings without 'by'" in out
    assert "Disagreements (3 turn x code items), for the consensus meeting:" in out
    assert "  T3 turn 3 (P2) x: applied by A; not by B, C" in out
    assert '      A: "five six"' in out
    assert '      turn: "Four five six."' in out
    result = runner.invoke(build_app(), ["agreement", str(root), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["items_without_by"] == 1
    first = data["disagreements"][0]
    assert first == {
        "transcript": "T3",
        "turn": 3,
        "speaker": "P2",
        "code": "x",
        "applied_by": ["A"],
        "not_applied_by": ["B", "C"],
        "quotes": [{"by": ["A"], "text": "five six", "whole_turn": False}],
        "turn_text": "Four five six.",
        "without_by": False,
    }


PARTIAL = (
    THREE
    + """\
  - n: 5
    speaker: P2
    text: Nine ten eleven.
    codes:
      - {code: x, by: A, quote: Nine}
"""
)


def test_a_turn_no_coding_quotes_whole_gets_its_words_from_the_caller(tmp_path: Path) -> None:
    root = write_study(tmp_path / "study", {"t3": PARTIAL})
    study = load_study(root)[0]
    (plain,) = [d for d in agreement_table(study).disagreements if d.turn == 5]
    assert plain.turn_text is None  # the loaded study keeps extracts, not turn texts
    texts = {("T3", 5): "Nine ten eleven."}
    (given,) = [d for d in agreement_table(study, turn_texts=texts).disagreements if d.turn == 5]
    assert given.turn_text == "Nine ten eleven."
    # the command reads the double-coded transcripts' turns itself
    result = runner.invoke(build_app(), ["agreement", str(root), "--format", "json"])
    fifth = [d for d in json.loads(result.stdout)["disagreements"] if d["turn"] == 5]
    assert [d["turn_text"] for d in fifth] == ["Nine ten eleven."]


def test_render_gives_the_disagreements_table_the_turns_words(tmp_path: Path) -> None:
    root = write_study(tmp_path / "study", {"t3": PARTIAL})
    out = tmp_path / "out"
    args = ["render", str(root), "--table", "disagreements", "--format", "json", "--out", str(out)]
    result = runner.invoke(build_app(), [*args, "--force"])
    assert result.exit_code == 0, result.output
    text = (out / "tables.json").read_text(encoding="utf-8")
    assert "Nine ten eleven." in text
