"""The cache's JSON form of a digest: what it writes decodes to the same digest, and a damaged
entry is refused (so the file is read again) rather than loaded."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from ipatool.check.validate import validate_study
from ipatool.read.cache_codec import decode_digest, encode_digest
from ipatool.read.study import TurnInfo


@pytest.fixture
def study(tmp_path: Path, example_study: Path) -> Path:
    dest = tmp_path / "study"
    shutil.copytree(example_study, dest)
    return dest


def test_a_digest_decodes_to_itself(study: Path) -> None:
    for digest in validate_study(study).study.transcripts:
        assert decode_digest(json.loads(json.dumps(encode_digest(digest))), digest.file) == digest


def test_digests_from_the_cache_equal_those_read_afresh(study: Path) -> None:
    fresh = validate_study(study).study
    validate_study(study, use_cache=True)  # fills the cache
    cached = validate_study(study, use_cache=True).study
    assert cached.transcripts and cached.transcripts == fresh.transcripts
    assert cached.facts == fresh.facts


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
        "statements": [["P1-1", 2, "P1", "Feeling seen", "the text", None]],
        "conceptual": [2, 5],
    }
    data[digest_field] = value
    return data


def test_a_well_formed_stored_digest_decodes() -> None:
    digest = decode_digest(_stored("partial", False), "t.yaml")
    assert list(digest.turns) == [TurnInfo(1, "I"), TurnInfo(2, "P1")]
    (coding,) = digest.codings
    assert coding.by == ("A", "B") and coding.extract == "the text" and coding.quote is None
    (statement,) = digest.statements
    assert (statement.id, statement.turn, statement.speaker) == ("P1-1", 2, "P1")
    assert statement.quote == statement.extract == "the text"
    assert digest.conceptual_turns == (2, 5)
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
        ("statements", [["s1", 2, "P1", "Feeling seen", None, None]]),  # no words at all
        ("statements", [["s1", "2", "P1", "Feeling seen", "q", None]]),
        ("statements", [["s1", 2, "P1", None, "q", None]]),
        ("statements", [["s1", 2, "P1", "Feeling seen", "q"]]),
        ("conceptual", ["2"]),  # a turn number as text
        ("conceptual", [None]),
        ("conceptual", 2),  # not a list
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
