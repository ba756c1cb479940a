"""The warm path answers an unchanged, clean study before the command line is built, and
gives way to the full command whenever anything changed or is asked that it does not do."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipatool.cli import warm
from ipatool.cli.app import build_app
from ipatool.read.cache import DigestCache


def _cli(*args: str) -> int:
    return CliRunner().invoke(build_app(), list(args)).exit_code


@pytest.fixture
def study(starter: Callable[..., Path]) -> Path:
    return starter("s")


def test_validate_answered_only_when_nothing_changed(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert warm.answer(["validate", str(study)]) is None  # never run: nothing remembered
    assert _cli("validate", str(study)) == 0
    capsys.readouterr()
    assert warm.answer(["validate", str(study), "--strict"]) == 0
    assert "no problems found in 4 files" in capsys.readouterr().err
    assert warm.answer(["validate", str(study), "--format", "json"]) is None
    assert warm.answer(["validate", str(study), "--help"]) is None
    path = study / "transcripts" / "example.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert warm.answer(["validate", str(study)]) is None


def test_validate_with_findings_is_left_to_the_full_command(study: Path) -> None:
    path = study / "transcripts" / "example.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: interview", "kind: x"))
    assert _cli("validate", str(study)) == 1
    assert warm.answer(["validate", str(study)]) is None


def test_fmt_answered_only_when_every_file_is_remembered_tidy(study: Path) -> None:
    assert warm.answer(["fmt", "--check", str(study)]) is None
    assert _cli("fmt", "--check", str(study)) == 0
    assert warm.answer(["fmt", "--check", str(study)]) == 0
    assert warm.answer(["fmt", str(study)]) == 0
    assert warm.answer(["fmt", "--diff", str(study)]) is None
    themes = study / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert warm.answer(["fmt", "--check", str(study)]) is None


def test_not_a_study_goes_to_the_full_command(tmp_path: Path) -> None:
    assert warm.answer(["validate", str(tmp_path)]) is None
    assert warm.answer(["fmt", str(tmp_path), str(tmp_path)]) is None


def test_touched_but_unchanged_file_is_hashed_once(study: Path) -> None:
    assert _cli("validate", str(study)) == 0
    path = study / "transcripts" / "example.yaml"
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert warm.answer(["validate", str(study)]) == 0
    entry = DigestCache(study).index["transcripts/example.yaml"]
    assert entry[1] == 1_000_000_000  # the new stat was saved


def test_the_console_script_answers_warm(study: Path) -> None:
    assert _cli("validate", str(study)) == 0
    run = subprocess.run(
        [sys.executable, "-m", "ipatool", "validate", str(study)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0 and "no problems found in 4 files" in run.stderr


def test_study_in_a_parent_folder_is_answered_warm(
    study: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """From inside transcripts/, the warm path finds the study as the full command does."""
    monkeypatch.chdir(study / "transcripts")
    assert warm.answer(["validate"]) is None  # nothing remembered yet: the full command runs
    assert _cli("validate") == 0  # the full command finds the study in the parent folder
    capsys.readouterr()
    assert warm.answer(["validate"]) == 0
    assert warm.answer(["validate", "--strict"]) == 0
    assert "no problems found in 4 files" in capsys.readouterr().err
    assert _cli("fmt", "--check") == 0
    assert warm.answer(["fmt", "--check"]) == 0
    path = study / "transcripts" / "example.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert warm.answer(["validate"]) is None  # a change is seen from the subfolder too


def test_no_study_here_or_above_goes_to_the_full_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "deep" / "er")
    assert warm.answer(["validate"]) is None
    assert warm.answer(["fmt", "--check"]) is None
