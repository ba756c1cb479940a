"""The transcripts read for render's tables: each file once, whatever is asked of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ipatool.cli.turns import read_turns, turn_notes, turn_texts
from ipatool.exchange import export
from ipatool.read.loader import load_study


def test_each_transcript_is_read_once_for_everything(
    example_study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    study, _ = load_study(example_study)
    read: list[str] = []
    real = export.read_transcript

    def counting(s: Any, t: Any) -> Any:
        read.append(t.id)
        return real(s, t)

    monkeypatch.setattr(export, "read_transcript", counting)
    turns = read_turns(study, texts="every", notes=True, words=True)
    assert sorted(read) == sorted(t.id for t in study.transcripts)  # one read each
    monkeypatch.undo()
    assert turns.texts == turn_texts(study, every=True)
    assert turns.notes == turn_notes(study)
    assert turns.words is not None
    (place, (words, notes)) = next((k, v) for k, v in turns.words.items() if v[1])
    assert words == turns.texts[place]
    assert len(notes) == len(turns.notes[place])


def test_only_what_is_asked_is_read(example_study: Path) -> None:
    study, _ = load_study(example_study)
    turns = read_turns(study, texts="coded-twice")
    assert turns.notes is None and turns.words is None and turns.texts is not None
    twice = {t.id for t in study.transcripts if len(set(study.coders_of(t))) >= 2}
    assert {tid for tid, _n in turns.texts} == twice
