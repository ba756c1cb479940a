"""``ipatool init``: an empty-but-ready study that validates, git offered, next steps printed,
and the bundled example."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipatool.check.validate import validate_study
from ipatool.cli.app import build_app
from ipatool.read.loader import read_settings
from ipatool.read.yamlio import read_document
from ipatool.write.fmt import Outcome, format_study
from ipatool.write.scaffold import example_source


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.output


def test_skeleton_is_valid_and_empty_but_ready(tmp_path: Path) -> None:
    root = tmp_path / "new-study"
    code, out = _run("init", "--no-git", str(root))
    assert code == 0, out
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [
        ".gitignore",
        "README.md",
        "ipatool.yaml",
        "participants.yaml",
        "themes.yaml",
    ]
    assert (root / "transcripts").is_dir()
    # nothing to delete by hand: no participant, theme or transcript is made up
    assert read_document(root / "participants.yaml", "p").data == {"participants": []}
    assert read_document(root / "themes.yaml", "t").data == {"themes": []}
    result = validate_study(root)
    assert result.errors == []
    assert [d.code for d in result.diagnostics] == ["IPA706"]  # no transcripts yet: a warning
    assert [r.outcome for r in format_study(root, write=False)] == [Outcome.UNCHANGED] * 3
    ignored = (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    for pattern in ("rendered/", ".ipatool-cache/", "identifiers.txt"):
        assert pattern in ignored
    assert "# " in (root / "ipatool.yaml").read_text(encoding="utf-8")  # commented settings


def test_next_steps_say_what_to_replace_and_what_to_run(tmp_path: Path) -> None:
    code, out = _run("init", "--no-git", str(tmp_path / "s"))
    assert code == 0, out
    lines = out.splitlines()
    assert lines[1] == "git: not set up (--no-git)"
    assert lines[2] == "next steps:"
    steps = lines[3:]
    assert steps[0].endswith(f"cd {(tmp_path / 's').as_posix()}")
    assert "replace the coder and interviewer R1" in steps[1]  # the one placeholder, named
    assert "ipatool import transcript" in steps[2] and '"Interviewer=R1"' in steps[2]
    assert [s.split(". ", 1)[1] for s in steps[3:]] == ["ipatool validate", "ipatool render"]


def test_coder_option_leaves_no_placeholder(tmp_path: Path) -> None:
    root = tmp_path / "s"
    code, out = _run("init", "--no-git", "--coder", "HP", str(root))
    assert code == 0, out
    config, problems = read_settings(root)
    assert problems == [] and config is not None
    assert [c.id for c in config.coders] == ["HP"] and [i.id for i in config.interviewers] == ["HP"]
    text = (root / "ipatool.yaml").read_text(encoding="utf-8")
    assert "R1" not in text and "First Researcher" not in text
    assert "replace" not in out and '"Interviewer=HP"' in out
    assert validate_study(root).errors == []
    code, out = _run("init", "--no-git", "--coder", "H P", str(tmp_path / "bad"))
    assert code == 2 and "--coder 'H P'" in out
    assert not (tmp_path / "bad").exists()


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=False)


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_git_init_by_default_outside_a_repository(tmp_path: Path) -> None:
    root = tmp_path / "s"
    code, out = _run("init", str(root))
    assert code == 0, out
    assert (root / ".git").is_dir()
    assert _git("-C", str(root), "rev-parse", "--show-toplevel").stdout.strip() == str(
        root.resolve()
    )
    assert "git: initialised an empty repository (nothing committed yet)" in out
    assert out.rstrip().endswith("git add . && git commit -m 'Start the study'")


@needs_git
def test_no_git_init_inside_a_repository_unless_asked(tmp_path: Path) -> None:
    assert _git("init", "-q", str(tmp_path)).returncode == 0
    code, out = _run("init", str(tmp_path / "s"))
    assert code == 0, out
    assert not (tmp_path / "s" / ".git").exists()
    assert f"git: the folder is inside the git repository {tmp_path.resolve().as_posix()}" in out
    code, out = _run("init", "--git", str(tmp_path / "t"))
    assert code == 0, out
    assert (tmp_path / "t" / ".git").is_dir()


def test_git_asked_for_but_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    code, out = _run("init", "--git", str(tmp_path / "s"))
    assert code == 2 and "git is not installed" in out
    assert not (tmp_path / "s").exists()  # refused before anything was written
    code, out = _run("init", str(tmp_path / "s"))
    assert code == 0 and "git: not found on PATH" in out


def test_empty_existing_folder_is_fine_non_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert _run("init", "--no-git", str(tmp_path / "empty"))[0] == 0
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    code, out = _run("init", str(busy))
    assert code == 2
    assert "not empty" in out
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]


def test_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "f"
    target.write_text("x", encoding="utf-8")
    assert _run("init", str(target))[0] == 2


def test_example_copy(tmp_path: Path, example_study: Path) -> None:
    assert example_source() is not None
    root = tmp_path / "ex"
    code, out = _run("init", "--example", "--no-git", str(root))
    assert code == 0, out
    assert (root / "ipatool.yaml").read_bytes() == (example_study / "ipatool.yaml").read_bytes()
    assert (root / ".gitignore").is_file()
    copied = {p.relative_to(root).as_posix() for p in (root / "transcripts").rglob("*.yaml")}
    original = {
        p.relative_to(example_study).as_posix()
        for p in (example_study / "transcripts").rglob("*.yaml")
    }
    assert copied == original


def test_skeleton_writes_the_evidence_rule_by_sample_size(tmp_path: Path) -> None:
    root = tmp_path / "new-study"
    assert _run("init", "--no-git", str(root))[0] == 0
    text = (root / "ipatool.yaml").read_text(encoding="utf-8")
    assert "  min_participants_per_theme: auto  #" in text
    config, problems = read_settings(root)
    assert (
        problems == [] and config is not None and config.rules.min_participants_per_theme == "auto"
    )
