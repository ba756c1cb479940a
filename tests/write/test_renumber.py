"""``fmt --renumber``: turns numbered 1..n in file order, nothing else changed, the same bytes
from the fast path and from ruamel's (which keeps comments)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipatool.cli.app import build_app
from ipatool.read.yamlio import parse_text
from ipatool.write.fmt import Outcome, format_text

MESSY = """\
id: T
kind: interview
participants: [P1]
turns:
  - n: 3
    speaker: INT
    text: Hello.
  - n: 3
    speaker: P1
    text: Hi.
    codes:
      - code: c1
        quote: Hi
  - speaker: P1
    text: No number.
  - n: 10
    speaker: P1
    text: Bye.
"""


@pytest.mark.parametrize("text", [MESSY, MESSY.replace("Hello.", "Hello. # greeting")])
def test_renumber_changes_only_turn_numbers(text: str) -> None:
    fast = format_text(text, "transcript", "t.yaml", renumber=True)
    slow = format_text(text, "transcript", "t.yaml", renumber=True, fast=False)
    assert (fast.outcome, fast.after) == (slow.outcome, slow.after)
    assert fast.outcome is Outcome.CHANGED
    old, new = parse_text(text, "t").data, parse_text(fast.after, "t").data
    assert [t.get("n") for t in new["turns"]] == [1, 2, None, 4]
    for before, after in zip(old["turns"], new["turns"], strict=True):
        assert {k: v for k, v in before.items() if k != "n"} == {
            k: v for k, v in after.items() if k != "n"
        }
    if "#" in text:
        assert "# greeting" in fast.after
    again = format_text(fast.after, "transcript", "t.yaml", renumber=True)
    assert again.outcome is Outcome.UNCHANGED


def test_without_renumber_numbers_stay() -> None:
    result = format_text(MESSY, "transcript", "t.yaml")
    assert [t.get("n") for t in parse_text(result.after, "t").data["turns"]] == [3, 3, None, 10]


def test_cli_renumber(starter: Callable[..., Path]) -> None:
    runner = CliRunner()
    root = starter("s")
    path = root / "transcripts" / "example.yaml"
    original = path.read_text(encoding="utf-8")
    messy = original.replace("  - n: 2\n", "  - n: 7\n")
    assert messy != original
    path.write_text(messy, encoding="utf-8")
    assert runner.invoke(build_app(), ["fmt", "--check", str(root)]).exit_code == 0
    result = runner.invoke(build_app(), ["fmt", "--check", "--renumber", str(root)])
    assert result.exit_code == 1 and "would reformat transcripts/example.yaml" in result.output
    assert runner.invoke(build_app(), ["fmt", "--renumber", str(root)]).exit_code == 0
    assert path.read_text(encoding="utf-8") == original
