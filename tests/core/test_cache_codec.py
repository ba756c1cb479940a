"""A loaded study keeps each distinct id once, and its turns compactly, whichever way it loads."""

from __future__ import annotations

import json
import shutil
from array import array
from pathlib import Path
from typing import Any

import pytest

from ipatool.cache_codec import decode_digest, encode_digest
from ipatool.study import Study, TurnInfo, Turns, turn_numbers
from ipatool.validate import validate_study


@pytest.fixture
def study(tmp_path: Path, example_study: Path) -> Path:
    dest = tmp_path / "study"
    shutil.copytree(example_study, dest)
    return dest


def _ids(study: Study) -> list[str]:
    """Every id the loaded study's digests and facts hold, one entry per reference (but the
    keys of the facts' evidence: from the cache, the JSON decoder shares those itself)."""
    out: list[str] = []
    for t in study.transcripts:
        out += [t.id, *t.interviewers, *t.participants, *(t.coded_by or ())]
        out += t.turns.speakers
        for c in t.codings:
            out += [c.code, c.speaker, *(c.by or ())]
    for f in study.facts:
        out += [f.id.id, *(r.id for r in (*f.interviewers, *f.participants, *(f.coded_by or ())))]
        out += [*f.speakers, *f.codes, *f.by, *f.note_by]
        for codes in f.evidence.values():
            for speakers in codes.values():
                out += speakers
    return out


def _assert_shared(ids: list[str]) -> None:
    objects: dict[str, set[int]] = {}
    for s in ids:
        objects.setdefault(s, set()).add(id(s))
    assert len(ids) > len(objects)  # the example repeats its ids, or the test proves nothing
    assert {value: len(found) for value, found in objects.items() if len(found) > 1} == {}


def test_ids_read_afresh_are_one_object_each(study: Path) -> None:
    _assert_shared(_ids(validate_study(study).study))


def test_ids_decoded_from_the_cache_are_one_object_each(study: Path) -> None:
    validate_study(study, use_cache=True)  # fills the cache
    loaded = validate_study(study, use_cache=True).study
    assert loaded.transcripts
    _assert_shared(_ids(loaded))


def test_equal_ids_in_separately_decoded_digests_are_the_same_object(study: Path) -> None:
    digest = validate_study(study).study.transcripts[0]
    text = json.dumps(encode_digest(digest))
    one, two = (decode_digest(json.loads(text), digest.file) for _ in range(2))
    assert one == two == digest
    assert one.turns.speakers[0] is two.turns.speakers[0]
    assert one.participants[0] is two.participants[0]
    assert one.codings and one.codings[0].code is two.codings[0].code


def test_turns_read_as_turn_infos() -> None:
    turns = Turns(turn_numbers([1, 2, 5]), ["I", "P1", "P1"])
    assert isinstance(turns.numbers, array)
    assert len(turns) == 3
    assert list(turns) == [TurnInfo(1, "I"), TurnInfo(2, "P1"), TurnInfo(5, "P1")]
    assert turns[2] == TurnInfo(5, "P1") and turns[-1].speaker == "P1"
    assert turns[1:] == [TurnInfo(2, "P1"), TurnInfo(5, "P1")]
    assert turns == Turns([1, 2, 5], ["I", "P1", "P1"]) == Turns.of(turns)
    assert turns != Turns([1, 2, 6], ["I", "P1", "P1"])
    with pytest.raises(ValueError):
        Turns([1], [])


def test_turn_numbers_too_large_for_an_array_are_kept() -> None:
    numbers = turn_numbers([1, 2**70, -3])
    assert list(numbers) == [1, 2**70, -3]


def _stored(digest_field: str, value: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "T1",
        "kind": "interview",
        "title": None,
        "date": None,
        "duration_min": None,
        "interviewers": ["I"],
        "participants": ["P1"],
        "coded_by": None,
        "turn_n": [1, 2],
        "turn_speaker": ["I", "P1"],
        "codings": [["c1", "A+B", 2, "P1", None, "the text", False]],
        "partial": False,
    }
    data[digest_field] = value
    return data


def test_a_well_formed_stored_digest_decodes() -> None:
    digest = decode_digest(_stored("partial", False), "t.yaml")
    assert list(digest.turns) == [TurnInfo(1, "I"), TurnInfo(2, "P1")]
    (coding,) = digest.codings
    assert coding.by == ("A", "B") and coding.extract == "the text" and coding.quote is None
    assert encode_digest(digest) == _stored("partial", False)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("codings", [["c1", None, 2, "P1", None, None, False]]),  # neither quote nor extract
        ("codings", [["c1", None, 2, "P1", "q", None]]),  # a value short
        ("codings", [["c1", ["A"], 2, "P1", "q", None, False]]),  # coders not a key
        ("codings", [["c1", 3, 2, "P1", "q", None, False]]),
        ("codings", [[1, None, 2, "P1", "q", None, False]]),
        ("codings", [["c1", None, 2, None, "q", None, False]]),
        ("codings", [["c1", None, True, "P1", "q", None, False]]),
        ("codings", [["c1", None, 2, "P1", "q", None, 0]]),
        ("codings", {"c1": 1}),
        ("turn_speaker", ["I"]),
        ("turn_speaker", ["I", 2]),
        ("turn_n", [1, 2.0]),
        ("participants", "P1"),
        ("interviewers", [None]),
        ("id", 7),
    ],
)
def test_a_damaged_stored_digest_is_refused(field: str, value: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        decode_digest(_stored(field, value), "t.yaml")
