"""Clear errors for what users meet: no study here, a file for a folder, unreadable files,
an output folder that is a file, a full disk, Ctrl-C. Always a message and exit 1 or 2 (130 for
Ctrl-C), never a traceback; and after a failed or interrupted render the previous outputs are
intact and no temporary file is left.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest

from .conftest import (
    SMALL,
    assert_clean_exit,
    command_exists,
    run_cli,
    run_subprocess,
    tree_hashes,
    write_study,
)

READ_COMMANDS: list[tuple[str, ...]] = [
    ("validate",),
    ("render",),
    ("agreement",),
    ("fmt", "--check"),
]


def _available(words: tuple[str, ...]) -> tuple[str, ...]:
    if not command_exists(words[0]):
        pytest.skip(f"'ipatool {words[0]}' does not exist yet")
    return words


@pytest.mark.parametrize("words", READ_COMMANDS, ids=lambda w: w[0])
def test_folder_without_ipatool_yaml(tmp_path: Path, words: tuple[str, ...]) -> None:
    _available(words)
    (tmp_path / "participants.yaml").write_text("participants: []\n", encoding="utf-8")
    out = run_cli(*words, tmp_path)
    assert_clean_exit(out, (2,))
    assert "ipatool.yaml" in out.stderr
    assert str(tmp_path) in out.stderr


@pytest.mark.parametrize("words", READ_COMMANDS, ids=lambda w: w[0])
def test_path_is_a_file(tmp_path: Path, words: tuple[str, ...]) -> None:
    _available(words)
    root = write_study(tmp_path / "s")
    out = run_cli(*words, root / "ipatool.yaml")
    assert_clean_exit(out, (2,))
    assert "is a file" in out.stderr or "not a folder" in out.stderr or "ipatool.yaml" in out.stderr


@pytest.mark.parametrize("words", READ_COMMANDS, ids=lambda w: w[0])
def test_path_does_not_exist(tmp_path: Path, words: tuple[str, ...]) -> None:
    _available(words)
    out = run_cli(*words, tmp_path / "nowhere")
    assert_clean_exit(out, (2,))
    assert "nowhere" in out.stderr


def test_no_study_in_a_real_process(tmp_path: Path) -> None:
    proc = run_subprocess("validate", cwd=tmp_path)
    assert proc.returncode == 2
    assert "ipatool.yaml" in proc.stderr and "Traceback" not in proc.stderr


def _deny(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make reading any file called ``name`` fail as an unreadable file does."""
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


@pytest.mark.parametrize("name", ["I1.yaml", "participants.yaml", "ipatool.yaml"])
def test_unreadable_file_is_a_finding_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    root = write_study(tmp_path / "s")
    _deny(monkeypatch, name)
    out = run_cli("validate", root, "--no-cache", "--format", "json", "--jobs", "1")
    assert_clean_exit(out, (1,))
    records = json.loads(out.stdout)
    hits = [r for r in records if r["file"].endswith(name) and r["code"] == "IPA011"]
    assert hits and "Permission denied" in hits[0]["message"], records


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="runs as root (as in CI): chmod 000 does not stop root reading; "
    "test_unreadable_file_is_a_finding_naming_it simulates it instead",
)
def test_chmod_000_transcript(tmp_path: Path) -> None:
    root = write_study(tmp_path / "s")
    target = root / "transcripts" / "I1.yaml"
    target.chmod(0)
    try:
        proc = run_subprocess("validate", root, "--no-cache")
    finally:
        target.chmod(0o644)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "transcripts/I1.yaml" in proc.stdout and "IPA011" in proc.stdout


def test_identifiers_file_missing_or_a_folder(tmp_path: Path) -> None:
    root = write_study(tmp_path / "s")
    for path in (tmp_path / "none.txt", tmp_path):
        out = run_cli("validate", root, "--identifiers", path)
        assert_clean_exit(out, (2,))
        assert "identifiers" in out.stderr


def test_identifiers_file_not_utf8(tmp_path: Path) -> None:
    root = write_study(tmp_path / "s")
    ids = tmp_path / "ids.txt"
    ids.write_bytes("Müller\n".encode("latin-1"))
    out = run_cli("validate", root, "--identifiers", ids, "--format", "json")
    assert_clean_exit(out, (1,))
    assert [r["code"] for r in json.loads(out.stdout)] == ["IPA802"]


def test_cache_folder_that_cannot_be_written_is_ignored(tmp_path: Path) -> None:
    root = write_study(tmp_path / "s")
    (root / ".ipatool-cache").write_text("not a folder\n", encoding="utf-8")
    out = run_cli("validate", root)
    assert_clean_exit(out, (0,))
    assert (root / ".ipatool-cache").read_text(encoding="utf-8") == "not a folder\n"


# ------------------------------------------------------------------- render: output problems


def _render(root: Path, out_dir: Path, *extra: str) -> Any:
    return run_cli("render", root, "--out", out_dir, *extra)


def test_render_output_folder_is_a_file(tmp_path: Path) -> None:
    if not command_exists("render"):
        pytest.skip("'ipatool render' does not exist yet")
    root = write_study(tmp_path / "s")
    target = tmp_path / "out"
    target.write_text("keep me\n", encoding="utf-8")
    out = _render(root, target)
    assert_clean_exit(out, (2,))
    assert str(target) in out.stderr
    assert target.read_text(encoding="utf-8") == "keep me\n"


def _changed_study(root: Path) -> None:
    """Change the study so that a second render writes different bytes."""
    path = root / "ipatool.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("A small study", "A changed study"),
        encoding="utf-8",
    )


def _no_temp_files(folder: Path) -> None:
    leftovers = [p for p in folder.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".")]
    assert leftovers == []


def test_render_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not command_exists("render"):
        pytest.skip("'ipatool render' does not exist yet")
    root = write_study(tmp_path / "s")
    out_dir = tmp_path / "out"
    assert _render(root, out_dir).exit_code == 0
    before = tree_hashes(out_dir)
    _changed_study(root)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = _render(root, out_dir)
    monkeypatch.undo()
    assert_clean_exit(out, (2,))
    assert "No space left on device" in out.stderr
    assert tree_hashes(out_dir) == before
    _no_temp_files(out_dir)


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, folder: Path, n: int) -> list[str]:
    """Let ``n`` renames into ``folder`` happen, then raise KeyboardInterrupt (Ctrl-C)."""
    real = os.replace
    done: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        if Path(dst).resolve().is_relative_to(folder.resolve()):
            if len(done) >= n:
                raise KeyboardInterrupt
            done.append(str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return done


@pytest.mark.parametrize("after", [0, 3])
def test_render_interrupted_keeps_every_output_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    if not command_exists("render"):
        pytest.skip("'ipatool render' does not exist yet")
    root = write_study(tmp_path / "s")
    out_dir = tmp_path / "out"
    assert _render(root, out_dir).exit_code == 0
    old = tree_hashes(out_dir)
    _changed_study(root)
    fresh = tmp_path / "fresh"
    assert _render(root, fresh).exit_code == 0
    new = tree_hashes(fresh)
    assert old != new

    done = _interrupt_after(monkeypatch, out_dir, after)
    out = _render(root, out_dir)
    monkeypatch.undo()
    assert out.exception is None and "Traceback" not in out.output, out
    assert out.exit_code in (130, 2), out
    now = tree_hashes(out_dir)
    assert set(now) == set(old)
    for rel, digest in now.items():
        assert digest in (old[rel], new[rel]), f"{rel} is neither the old nor the new output"
    changed = {rel for rel in now if now[rel] != old[rel]}
    assert len(changed) <= after == len(done)
    _no_temp_files(out_dir)


def test_interrupt_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_study(tmp_path / "s")
    import ipatool.read.loader

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ipatool.read.loader, "load_study", interrupted)
    out = run_cli("validate", root)
    assert out.exit_code == 130
    assert out.stderr.strip(), out


def test_interrupted_validate_exits_130_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_study(tmp_path / "s")
    import ipatool.read.loader

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ipatool.read.loader, "load_study", interrupted)
    out = run_cli("validate", root)
    assert out.exception is None and "Traceback" not in out.output
    assert out.exit_code == 130


def test_render_refuses_a_study_with_errors_and_writes_nothing(tmp_path: Path) -> None:
    if not command_exists("render"):
        pytest.skip("'ipatool render' does not exist yet")
    root = write_study(
        tmp_path / "s",
        {
            "transcripts/I1.yaml": SMALL["transcripts/I1.yaml"].replace(
                "code: first-meeting", "code: nope"
            )
        },
    )
    out_dir = tmp_path / "out"
    out = _render(root, out_dir)
    assert_clean_exit(out, (1,))
    assert not out_dir.exists()
