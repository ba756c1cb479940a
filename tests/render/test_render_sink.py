"""Sinks: files streamed into a staging folder and moved into place, or kept in memory."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from ipatool.files import UnsafePath
from ipatool.read.loader import load_study
from ipatool.render import prepare, render_study, sink, write_formats
from ipatool.render.sink import InMemory, StagedFolder, utf8_chunks, write_text


def test_text_is_written_in_batches_that_join_to_the_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pieces = [f"piece {i} ✓ é\n" for i in range(100)]
    monkeypatch.setattr(sink, "TEXT_BATCH", 50)
    writes: list[bytes] = []

    class Recorder(io.BytesIO):
        def write(self, data: bytes) -> int:  # type: ignore[override]
            writes.append(bytes(data))
            return len(data)

    write_text(Recorder(), iter(pieces))
    assert b"".join(writes) == "".join(pieces).encode("utf-8")
    assert len(writes) > 20 and max(map(len, writes)) < 100
    assert list(utf8_chunks([], 10)) == []
    assert list(utf8_chunks(["a", "", "b"], 10)) == [b"ab"]


def test_staged_files_appear_only_when_committed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine\n")
    with StagedFolder(out) as staged:
        with staged.open("sub/a.md") as fh:
            fh.write(b"A")
        with staged.open("b.md") as fh:
            fh.write(b"B")
        assert not (out / "sub").exists() and not (out / "b.md").exists()
        assert staged.read("sub/a.md") == b"A"
        written = staged.commit(["sub/a.md", "b.md"])
    assert written == [out / "sub" / "a.md", out / "b.md"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "b.md",
        "keep.txt",
        "sub",
        "sub/a.md",
    ]
    assert (out / "sub" / "a.md").stat().st_mode & 0o777 == 0o644


def test_a_failure_removes_the_staging_and_the_folders_it_made(tmp_path: Path) -> None:
    out = tmp_path / "new" / "deeper" / "out"
    with pytest.raises(RuntimeError), StagedFolder(out) as staged:
        with staged.open("a.md") as fh:
            fh.write(b"A")
        raise RuntimeError("a template failed")
    assert list(tmp_path.iterdir()) == []


def test_a_failure_leaves_an_existing_folder_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "tables.md").write_text("old\n")
    with pytest.raises(RuntimeError), StagedFolder(out) as staged:
        with staged.open("tables.md") as fh:
            fh.write(b"new")
        raise RuntimeError
    assert [p.name for p in out.iterdir()] == ["tables.md"]
    assert (out / "tables.md").read_text() == "old\n"


def test_unsafe_names_are_refused_before_anything_moves(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with StagedFolder(out) as staged:
        with staged.open("a.md") as fh:
            fh.write(b"A")
        with pytest.raises(UnsafePath):
            staged.open("../escape.md").__enter__()
        with pytest.raises(UnsafePath):
            staged.commit(["a.md", "../../escape.md"])
        assert not (out / "a.md").exists()
    assert not (tmp_path / "escape.md").exists()


class _Recording(InMemory):
    """An in-memory sink that also keeps the size of every write of every file."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: dict[str, list[int]] = {}

    @contextlib.contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        writes = self.writes.setdefault(name, [])

        class Recorder(io.BytesIO):
            def write(self, data: bytes) -> int:  # type: ignore[override]
                writes.append(len(data))
                return super().write(data)

        buf = Recorder()
        yield buf
        self.files[name] = buf.getvalue()


def test_every_writer_streams_its_files(
    example_study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With small batches, each large file arrives in many writes, and they join to the file
    rendered in memory: no writer builds its output whole."""
    from ipatool.render import docx, jsonout, rows

    study, _ = load_study(example_study)
    whole = render_study(study).files
    monkeypatch.setattr(sink, "TEXT_BATCH", 4096)
    monkeypatch.setattr(rows, "PART_ROWS", 10)
    monkeypatch.setattr(docx, "CHUNK", 4096)
    monkeypatch.setattr(jsonout, "_CHUNK", 4096)
    job, _omitted = prepare(study)
    assert job is not None
    recording = _Recording()
    names, _warnings = write_formats(job, recording)
    assert names == list(whole)
    assert recording.files == whole
    for name in ("tables.md", "tables.html", "tables.json", "tables.docx"):
        assert len(recording.writes[name]) > 5, name
    for name in ("tables.md", "tables.html", "tables.json"):
        assert max(recording.writes[name]) < 3 * 4096 + 65536, name
    csv = recording.writes["csv/quotes.csv"]  # through a text buffer of 8 KB
    assert len(csv) > 1 and max(csv) <= 16384
