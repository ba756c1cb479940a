"""The speaker map's report of unmapped labels: every label, its turns, the options to add."""

from __future__ import annotations

import shlex

import pytest

from ipatool.importers.base import ImportFailed, RawTurn
from ipatool.importers.speakers import (
    Speakers,
    SpokenTurn,
    apply_speakers,
    parse_speaker_options,
)


def _turns(*labels: str | None) -> list[RawTurn]:
    return [RawTurn(label, f"text {i}", str(i)) for i, label in enumerate(labels, start=1)]


def test_every_unmapped_label_is_counted_in_order_of_first_turn() -> None:
    turns = _turns("latha sriram", "R1", "Latha  Sriram", "Ashlee Kupor (SL)", "latha sriram")
    with pytest.raises(ImportFailed) as caught:
        apply_speakers("call.vtt", turns, Speakers({}, frozenset({"R1"})))
    assert str(caught.value).splitlines() == [
        'call.vtt: 2 labels not mapped: "latha sriram" (3 turns, first at line 1), '
        '"Ashlee Kupor (SL)" (1 turn, first at line 4)',
        '  add, with each ID the speaker\'s pseudonym: --speaker "latha sriram=ID" '
        '--speaker "Ashlee Kupor (SL)=ID"',
        "  (a label that already is an id can be given alone: --speaker id1)",
    ]


def test_the_options_reported_map_every_turn() -> None:
    turns = _turns("latha sriram", "R1", "Latha  Sriram", 'Jo "JJ" $Lee', "LATHA SRIRAM")
    with pytest.raises(ImportFailed) as caught:
        apply_speakers("call.vtt", turns, Speakers({}, frozenset({"R1"})))
    hint = str(caught.value).splitlines()[1].split(": ", 1)[1]
    assert """--speaker 'Jo "JJ" $Lee=ID'""" in hint  # quoted for the shell
    values = [v for v in shlex.split(hint.replace("=ID", "=P3")) if v != "--speaker"]
    mapping = parse_speaker_options(values)
    spoken = apply_speakers("call.vtt", turns, Speakers(mapping, frozenset({"R1"})))
    assert spoken == [
        SpokenTurn("P3", "text 1", "latha sriram"),
        SpokenTurn("R1", "text 2", "R1"),
        SpokenTurn("P3", "text 3", "Latha  Sriram"),
        SpokenTurn("P3", "text 4", 'Jo "JJ" $Lee'),
        SpokenTurn("P3", "text 5", "LATHA SRIRAM"),
    ]


def test_one_label_is_one_label() -> None:
    with pytest.raises(ImportFailed) as caught:
        apply_speakers("a.txt", _turns("Sam", "R1"), Speakers({}, frozenset({"R1"})))
    assert str(caught.value).startswith(
        'a.txt: 1 label not mapped: "Sam" (1 turn, first at line 1)'
    )
