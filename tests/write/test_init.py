"""``ipatool init``: a skeleton that validates clean, fmt-clean, and the bundled example."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ipatool.check.validate import validate_study
from ipatool.cli.app import build_app
from ipatool.read.loader import read_settings
from ipatool.write.fmt import Outcome, format_study
from ipatool.write.scaffold import example_source


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.output


def test_skeleton_validates_without_findings(tmp_path: Path) -> None:
    root = tmp_path / "new-study"
    code, out = _run("init", str(root))
    assert code == 0, out
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [
        ".gitignore",
        "README.md",
        "ipatool.yaml",
        "participants.yaml",
        "themes.yaml",
        "transcripts/example.yaml",
    ]
    assert validate_study(root).diagnostics == []
    assert [r.outcome for r in format_study(root, write=False)] == [Outcome.UNCHANGED] * 4
    ignored = (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    for pattern in ("rendered/", ".ipatool-cache/", "identifiers.txt"):
        assert pattern in ignored
    assert "# " in (root / "ipatool.yaml").read_text(encoding="utf-8")  # commented settings


def test_empty_existing_folder_is_fine_non_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert _run("init", str(tmp_path / "empty"))[0] == 0
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
    code, out = _run("init", "--example", str(root))
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
    assert _run("init", str(root))[0] == 0
    text = (root / "ipatool.yaml").read_text(encoding="utf-8")
    assert "  min_participants_per_theme: auto  #" in text
    config, problems = read_settings(root)
    assert (
        problems == [] and config is not None and config.rules.min_participants_per_theme == "auto"
    )
