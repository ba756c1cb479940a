"""``import transcript`` options: --skip-lines / --start-at reach the reader; date and duration.

The readers themselves (what a preamble is, what a file states) are tested in test_readers.py;
here a reader that records what it was given stands in for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from ipatool.importers import transcript as transcript_module
from ipatool.importers.base import DEFAULT_READ, RawTranscript, RawTurn, ReadOptions
from ipatool.read.yamlio import read_document

Run = Callable[..., Any]
Errors = Callable[[Path], list[str]]


class FakeReader:
    """Reads every file as two turns, stating the given date and duration; records options."""

    def __init__(self, date: dt.date | None = None, duration: int | None = None) -> None:
        self.date = date
        self.duration = duration
        self.options: list[ReadOptions] = []

    def __call__(
        self, path: Path, file: str, known: Iterable[str] = (), options: ReadOptions = DEFAULT_READ
    ) -> RawTranscript:
        self.options.append(options)
        turns = [RawTurn("R1", "Hello?", "1"), RawTurn("P1", "Hello.", "2")]
        return RawTranscript(file, turns, [], date=self.date, duration_min=self.duration)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    path = tmp_path / "call.vtt"
    path.write_text("WEBVTT\n", encoding="utf-8")
    return path


def _use(monkeypatch: pytest.MonkeyPatch, reader: FakeReader) -> FakeReader:
    monkeypatch.setattr(transcript_module, "read_transcript", reader)
    return reader


def test_skip_lines_and_start_at_are_passed_to_the_reader(
    monkeypatch: pytest.MonkeyPatch, raw: Path, study: Path, run: Run
) -> None:
    reader = _use(monkeypatch, FakeReader())
    result = run(
        "import", "transcript", str(raw), "--into", str(study),
        "--skip-lines", "3", "--start-at", "Interview begins",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert reader.options == [ReadOptions(skip_lines=3, start_at="Interview begins")]


def test_without_options_the_whole_file_is_read(
    monkeypatch: pytest.MonkeyPatch, raw: Path, study: Path, run: Run
) -> None:
    reader = _use(monkeypatch, FakeReader())
    result = run("import", "transcript", str(raw), "--into", str(study), "--dry-run")
    assert result.exit_code == 0, result.output
    assert reader.options == [ReadOptions()]


def test_date_and_duration_from_the_file_with_a_note(
    errors_of: Errors, monkeypatch: pytest.MonkeyPatch, raw: Path, study: Path, run: Run
) -> None:
    _use(monkeypatch, FakeReader(dt.date(2024, 2, 1), 54))
    result = run("import", "transcript", str(raw), "--into", str(study), "--title", "Call")
    assert result.exit_code == 0, result.output
    text = (study / "transcripts" / "call.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "id: call\nkind: interview\ntitle: Call\ndate: 2024-02-01\nduration_min: 54\n"
        "interviewer: R1\nparticipants: [P1]\n"
    )
    assert (
        f"ipatool: warning: {raw.as_posix()}: date 2024-02-01 and duration 54 min read from "
        "the file (give --date / --duration to set them)"
    ) in result.stderr
    assert errors_of(study) == []


def test_command_line_date_and_duration_win_over_the_file(
    monkeypatch: pytest.MonkeyPatch, raw: Path, study: Path, run: Run
) -> None:
    _use(monkeypatch, FakeReader(dt.date(2024, 2, 1), 54))
    result = run(
        "import", "transcript", str(raw), "--into", str(study),
        "--date", "2019-03-14", "--duration", "85",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = read_document(study / "transcripts" / "call.yaml", "call.yaml")
    assert doc.data["date"] == dt.date(2019, 3, 14)
    assert doc.data["duration_min"] == 85
    assert "read from the file" not in result.stderr


def test_only_the_missing_one_is_read_from_the_file(
    monkeypatch: pytest.MonkeyPatch, raw: Path, study: Path, run: Run
) -> None:
    _use(monkeypatch, FakeReader(dt.date(2024, 2, 1), 54))
    result = run("import", "transcript", str(raw), "--into", str(study), "--duration", "60.5")
    assert result.exit_code == 0, result.output
    text = (study / "transcripts" / "call.yaml").read_text(encoding="utf-8")
    assert "date: 2024-02-01\nduration_min: 60.5\n" in text
    assert f"{raw.as_posix()}: date 2024-02-01 read from the file" in result.stderr


def test_duration_on_a_real_txt_file(
    errors_of: Errors, tmp_path: Path, study: Path, run: Run
) -> None:
    raw = tmp_path / "talk.txt"
    raw.write_text("R1: Hello?\nP1: Hello.\n", encoding="utf-8")
    result = run("import", "transcript", str(raw), "--into", str(study), "--duration", "29")
    assert result.exit_code == 0, result.output
    text = (study / "transcripts" / "talk.yaml").read_text(encoding="utf-8")
    assert text.startswith("id: talk\nkind: interview\nduration_min: 29\ninterviewer: R1\n")
    assert errors_of(study) == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--duration", "an hour"], "--duration 'an hour': give the length in minutes, e.g. 85"),
        (["--duration", "0"], "--duration '0': give the length in minutes"),
        (["--duration", "-5"], "--duration '-5': give the length in minutes"),
        (["--duration", "nan"], "--duration 'nan': give the length in minutes"),
        (["--skip-lines", "-1"], "--skip-lines -1: give 0 or more lines to skip"),
        (["--start-at", "  "], "--start-at: give the text the transcript starts with"),
        (["--unlabelled", "two words"], "--unlabelled 'two words': not a valid id"),
    ],
)
def test_bad_options_stop_with_nothing_written(
    monkeypatch: pytest.MonkeyPatch,
    raw: Path,
    study: Path,
    run: Run,
    options: list[str],
    message: str,
) -> None:
    reader = _use(monkeypatch, FakeReader())
    result = run("import", "transcript", str(raw), "--into", str(study), *options)
    assert result.exit_code == 2
    assert f"ipatool: {message}" in result.stderr
    assert result.stderr.endswith("ipatool: nothing was written\n")
    assert reader.options == []  # stopped before reading any file
    assert not (study / "transcripts" / "call.yaml").exists()


def test_id_with_several_files_says_nothing_was_written(
    tmp_path: Path, study: Path, run: Run
) -> None:
    files = []
    for name in ("a.txt", "b.txt"):
        files.append(tmp_path / name)
        files[-1].write_text("R1: Hello?\nP1: Hello.\n", encoding="utf-8")
    result = run("import", "transcript", *map(str, files), "--into", str(study), "--id", "X")
    assert result.exit_code == 2
    assert result.stderr == (
        "ipatool: --id names one transcript: import one file at a time to give ids\n"
        "ipatool: nothing was written\n"
    )
