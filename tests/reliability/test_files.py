"""Nothing is lost: atomic writes, nothing written outside the output folder, inputs untouched.

Each atomic-write test simulates a failure at a different moment (writing, fsync, rename, Ctrl-C)
and checks the previous file is intact and no temporary file is left behind. A plain
``path.write_bytes`` would truncate the file first and fail every one of them.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipatool.files import UnsafePath, atomic_write, safe_join
from ipatool.read.models import ID_PATTERN

from .conftest import (
    SMALL,
    assert_clean_exit,
    fuzz_settings,
    run_cli,
    tree_hashes,
    tree_listing,
    tried,
    write_study,
)

OLD = b"previous content\n" * 100
NEW = b"new content that must never be half-written\n" * 1000


def _fail_fsync(fd: int) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _interrupt(*args: object) -> None:
    raise KeyboardInterrupt


def _fail_replace(src: object, dst: object) -> None:
    raise OSError(errno.EXDEV, "Invalid cross-device link")


class _FullDiskFile:
    """A file object whose write fails half-way, like a disk filling up."""

    def __init__(self, fh: object) -> None:
        self.fh = fh

    def write(self, data: bytes) -> int:
        self.fh.write(data[: len(data) // 2])  # type: ignore[attr-defined]
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> object:
        return getattr(self.fh, name)

    def __enter__(self) -> _FullDiskFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "target,replacement,raised",
    [
        ("fsync", _fail_fsync, OSError),
        ("fsync", _interrupt, KeyboardInterrupt),
        ("replace", _fail_replace, OSError),
        ("replace", _interrupt, KeyboardInterrupt),
    ],
)
def test_atomic_write_failure_keeps_the_previous_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    replacement: object,
    raised: type[BaseException],
) -> None:
    path = tmp_path / "out" / "table.csv"
    path.parent.mkdir()
    path.write_bytes(OLD)
    monkeypatch.setattr(os, target, replacement)
    with pytest.raises(raised):
        atomic_write(path, NEW)
    monkeypatch.undo()
    assert path.read_bytes() == OLD
    assert sorted(p.name for p in path.parent.iterdir()) == ["table.csv"]


def test_atomic_write_disk_full_mid_write_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "table.md"
    path.write_bytes(OLD)
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FullDiskFile(real_fdopen(*a, **k)))
    with pytest.raises(OSError) as info:
        atomic_write(path, NEW)
    monkeypatch.undo()
    assert info.value.errno == errno.ENOSPC
    assert path.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["table.md"]


def test_atomic_write_failure_on_a_new_file_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", _interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "new.html", NEW)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_writes_everything_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "t.tex"
    path.write_bytes(OLD)
    path.chmod(0o600)
    atomic_write(path, NEW)
    assert path.read_bytes() == NEW
    assert path.stat().st_mode & 0o777 == 0o600
    atomic_write(tmp_path / "fresh.tex", "é\n")
    assert (tmp_path / "fresh.tex").read_bytes() == "é\n".encode()


def test_atomic_write_replaces_a_symlink_not_its_target(tmp_path: Path) -> None:
    """A symlink planted in the output folder cannot redirect a write outside it."""
    outside = tmp_path / "outside.txt"
    outside.write_bytes(OLD)
    out = tmp_path / "out"
    out.mkdir()
    (out / "table.md").symlink_to(outside)
    atomic_write(out / "table.md", NEW)
    assert outside.read_bytes() == OLD
    assert not (out / "table.md").is_symlink()
    assert (out / "table.md").read_bytes() == NEW


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "../../x",
        "a/../../x",
        "/etc/passwd",
        "..",
        "a/../../../tmp/x",
    ],
)
def test_safe_join_refuses_names_that_leave_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsafePath):
        safe_join(tmp_path / "out", name)


def test_safe_join_refuses_a_symlinked_folder_that_leads_outside(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(tmp_path)
    with pytest.raises(UnsafePath):
        safe_join(out, "link/x.md")


@pytest.mark.parametrize("name", ["table.md", "sub/table.md", "a..b.csv", "./x.md"])
def test_safe_join_accepts_names_inside(tmp_path: Path, name: str) -> None:
    assert safe_join(tmp_path, name) == tmp_path / name


@fuzz_settings(300)
@given(st.from_regex(ID_PATTERN, fullmatch=True))
def test_every_valid_id_is_a_safe_file_name(
    tmp_path_factory: pytest.TempPathFactory, ident: str
) -> None:
    """Ids name output files (one per transcript, participant...): none may leave the folder."""
    folder = tmp_path_factory.getbasetemp() / "ids"
    for suffix in ("", ".md", ".qdpx"):
        path = safe_join(folder, ident + suffix)
        assert path.parent == folder
        assert "/" not in ident and "\\" not in ident and not ident.startswith(".")
    tried("ids as file names")


@pytest.mark.parametrize(
    "bad_id", ["../../x", "../x", "/etc/passwd", "a/b", ".hidden", "..", "a\\b"]
)
def test_path_like_transcript_id_is_refused_by_validate(tmp_path: Path, bad_id: str) -> None:
    text = SMALL["transcripts/I1.yaml"].replace("id: I1", f"id: '{bad_id}'")
    root = write_study(tmp_path / "s", {"transcripts/I1.yaml": text})
    out = run_cli("validate", root, "--format", "json")
    assert_clean_exit(out, (1,))
    import json

    records = json.loads(out.stdout)
    at_id = [r for r in records if r["file"] == "transcripts/I1.yaml" and r["line"] == 1]
    assert at_id and all(r["severity"] == "error" for r in at_id), records


@pytest.mark.parametrize("field", ["participants", "coded_by", "interviewer"])
def test_path_like_ids_elsewhere_are_refused(tmp_path: Path, field: str) -> None:
    text = SMALL["transcripts/I1.yaml"]
    text = {
        "participants": text.replace("participants: [Sam]", "participants: ['../../Sam']"),
        "coded_by": text.replace("coded_by: [KG]", "coded_by: ['../KG']"),
        "interviewer": text.replace("interviewer: KW", "interviewer: '/KW'"),
    }[field]
    root = write_study(tmp_path / "s", {"transcripts/I1.yaml": text})
    out = run_cli("validate", root)
    assert_clean_exit(out, (1,))


def test_validate_modifies_no_input_and_writes_nothing(example_copy: Path) -> None:
    before, listing = tree_hashes(example_copy), tree_listing(example_copy)
    for fmt in ("text", "json", "github"):
        out = run_cli("validate", example_copy, "--format", fmt, "--no-cache")
        assert_clean_exit(out, (0, 1))
    assert tree_hashes(example_copy) == before
    assert tree_listing(example_copy) == listing


def test_validate_of_a_broken_study_modifies_nothing(tmp_path: Path) -> None:
    root = write_study(
        tmp_path / "s",
        {"transcripts/I1.yaml": SMALL["transcripts/I1.yaml"].replace("n: 2", "n: [2")},
    )
    before = tree_hashes(tmp_path)
    assert_clean_exit(run_cli("validate", root), (1,))
    after = tree_hashes(tmp_path)
    assert {k: v for k, v in after.items() if "/.ipatool-cache/" not in k} == before
