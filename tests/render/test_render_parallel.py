"""Writing the formats in two processes gives exactly the files of writing them in one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ipatool.loader import load_study
from ipatool.render import RenderError, core, prepare, render_study, write_formats
from ipatool.render.sink import StagedFolder

pytestmark = pytest.mark.skipif(not core._can_fork(), reason="formats are forked only on Linux")


def test_two_processes_write_the_same_files(
    example_study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    study, _ = load_study(example_study)
    one = render_study(study, jobs=1)
    monkeypatch.setattr(core, "PARALLEL_MIN_ROWS", 0)
    calls: list[list[str]] = []
    real = core._write_in_two

    def spy(job: core.Job, sink: core.Sink, wanted: list[str]) -> core.Written:
        calls.append(wanted)
        return real(job, sink, wanted)

    monkeypatch.setattr(core, "_write_in_two", spy)
    two = render_study(study, jobs=2)
    assert calls == [list(core.FORMATS)]
    assert list(two.files) == list(one.files)  # same files, in the same order
    assert two.files == one.files
    assert two.warnings == one.warnings


def test_a_template_error_in_the_child_is_reported(
    example_study: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    study, _ = load_study(example_study)
    broken = tmp_path / "templates" / "html"
    broken.mkdir(parents=True)
    (broken / "page.html.j2").write_text("{{ no_such_thing }}\n", encoding="utf-8")
    monkeypatch.setattr(core, "PARALLEL_MIN_ROWS", 0)
    with pytest.raises(RenderError, match="undefined"):
        render_study(study, jobs=2, templates=tmp_path / "templates")


def test_two_processes_stage_the_same_files_on_disk(
    example_study: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    study, _ = load_study(example_study)
    one = render_study(study, jobs=1)
    job, _omitted = prepare(study)
    assert job is not None
    monkeypatch.setattr(core, "PARALLEL_MIN_ROWS", 0)
    out = tmp_path / "out"
    with StagedFolder(out) as staged:
        names, warnings = write_formats(job, staged, jobs=2)
        staged.commit(names)
    assert names == list(one.files)
    assert warnings == one.warnings
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert on_disk == sorted(one.files)  # nothing else: the staging folder is gone
    assert all((out / n).read_bytes() == data for n, data in one.files.items())


def _killed(wanted: list[str]) -> None:
    """A forked writer process that dies without a word (as one killed for memory would)."""
    os._exit(9)


def test_a_writer_process_that_dies_has_its_formats_written_here(
    example_study: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    study, _ = load_study(example_study)
    one = render_study(study, jobs=1)
    monkeypatch.setattr(core, "PARALLEL_MIN_ROWS", 0)
    monkeypatch.setattr(core, "_write_forked", _killed)
    two = render_study(study, jobs=2)
    assert two.files == one.files and list(two.files) == list(one.files)
    assert two.warnings == one.warnings
