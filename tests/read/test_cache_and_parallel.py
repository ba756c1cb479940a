"""The transcript cache and parallel reading give exactly what a fresh, serial read gives; the
cache's JSON form of a digest decodes to the same digest, and a damaged entry is refused (so the
file is read again) rather than loaded."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from ipatool.check.validate import validate_study
from ipatool.read import loader
from ipatool.read.cache import CACHE_DIR, DigestCache, decode_digest, encode_digest
from ipatool.read.study import TurnInfo


def _records(root: Path, **kw: object) -> list[tuple[str, int, int, str, str]]:
    result = validate_study(root, **kw)  # type: ignore[arg-type]
    return [(d.file, d.span.line, d.span.column, d.code, d.message) for d in result.diagnostics]


@pytest.fixture
def study(tmp_path: Path, example_study: Path) -> Path:
    dest = tmp_path / "study"
    shutil.copytree(example_study, dest)
    # plant one single-file problem so cached findings are exercised too
    fg = dest / "transcripts" / "focus-group-1.yaml"
    text = fg.read_text(encoding="utf-8")
    fg.write_text(text.replace("duration_min: 85", "duration_min: -5"), encoding="utf-8")
    return dest


def test_warm_run_uses_cache_and_matches_cold(study: Path) -> None:
    cold = _records(study)
    assert any(code == "IPA703" for _, _, _, code, _ in cold)
    first = _records(study, use_cache=True)
    assert (study / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    cache = DigestCache(study)
    assert len(cache.index) == 5
    second = _records(study, use_cache=True)
    assert cold == first == second


def test_changed_file_is_read_again(study: Path) -> None:
    _records(study, use_cache=True)
    fg = study / "transcripts" / "focus-group-1.yaml"
    fg.write_text(
        fg.read_text(encoding="utf-8").replace("duration_min: -5", "duration_min: 85"),
        encoding="utf-8",
    )
    warm = _records(study, use_cache=True)
    assert not any(code == "IPA703" for _, _, _, code, _ in warm)
    assert warm == _records(study)


def test_identical_files_keep_their_own_names(study: Path) -> None:
    src = study / "transcripts" / "interview-1.yaml"
    copy = study / "transcripts" / "interview-1-copy.yaml"
    shutil.copy(src, copy)
    _records(study, use_cache=True)
    warm = _records(study, use_cache=True)
    dupes = [r for r in warm if r[3] == "IPA202"]
    assert [r[0] for r in dupes] == ["transcripts/interview-1.yaml"] or [r[0] for r in dupes] == [
        "transcripts/interview-1-copy.yaml"
    ]
    assert warm == _records(study)


def test_damaged_cache_entry_is_ignored(study: Path) -> None:
    _records(study, use_cache=True)
    for entry in (study / CACHE_DIR).rglob("*.json"):
        if entry.name != "index.json":
            entry.write_text('{"digest": {"oops": 1}, "diagnostics": []}', encoding="utf-8")
    assert _records(study, use_cache=True) == _records(study)


def test_cache_index_from_another_version_is_ignored(study: Path) -> None:
    _records(study, use_cache=True)
    index = study / CACHE_DIR / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["salt"] = "ipatool 0.0.0 cache 0\n"
    index.write_text(json.dumps(data), encoding="utf-8")
    assert DigestCache(study).index == {}


def test_unwritable_cache_is_skipped(study: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr("ipatool.read.cache.atomic_write", refuse)
    assert _records(study, use_cache=True) == _records(study)


def test_parallel_read_equals_serial(study: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
    calls: list[tuple[int, int]] = []
    parallel = _records(study, jobs=2, progress=lambda done, total: calls.append((done, total)))
    assert parallel == _records(study, jobs=1)
    assert calls[-1] == (5, 5)


def test_unchanged_study_replays_its_findings(study: Path) -> None:
    from ipatool.check.validate import check_study

    first = check_study(study)
    assert not first.from_cache
    again = check_study(study)
    assert again.from_cache
    assert again.diagnostics == first.diagnostics
    assert again.files == first.files
    # a change to the settings (not a transcript) is seen too
    cfg = study / "ipatool.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = check_study(study)
    assert not edited.from_cache
    assert edited.diagnostics == first.diagnostics
    # an identifiers list is never answered from the cache
    names = study.parent / "names.txt"
    names.write_text("Harley\n", encoding="utf-8")
    flagged = check_study(study, identifiers=names)
    assert not flagged.from_cache
    assert any(d.code == "IPA801" for d in flagged.diagnostics)
    assert check_study(study).from_cache


def test_cached_digests_and_facts_equal_fresh_ones(study: Path) -> None:
    fresh = validate_study(study).study
    validate_study(study, use_cache=True)  # fills the cache
    cached = validate_study(study, use_cache=True).study
    assert [t.file for t in cached.transcripts] == [t.file for t in fresh.transcripts]
    for a, b in zip(cached.transcripts, fresh.transcripts, strict=True):
        assert a == b
    assert cached.facts == fresh.facts


def _stored_digests(study: Path) -> set[str]:
    return {p.name for p in (study / CACHE_DIR).glob("??/*.digest.json")}


def test_digests_of_old_versions_of_a_file_are_dropped(study: Path) -> None:
    validate_study(study, use_cache=True)
    before = _stored_digests(study)
    assert len(before) == 5
    fg = study / "transcripts" / "focus-group-1.yaml"
    fg.write_text(fg.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    validate_study(study, use_cache=True)
    after = _stored_digests(study)
    assert len(after) == 5
    assert len(before - after) == 1  # the old version's digest is gone, not kept forever


def test_digests_of_another_cache_format_are_dropped(study: Path) -> None:
    validate_study(study, use_cache=True)
    planted = study / CACHE_DIR / "ab" / ("ab" + "0" * 62 + ".digest.json")
    planted.parent.mkdir(exist_ok=True)
    planted.write_text("{}", encoding="utf-8")
    (study / "transcripts" / "interview-1.yaml").write_text(
        (study / "transcripts" / "interview-1.yaml").read_text(encoding="utf-8") + "\n",
        encoding="utf-8",
    )
    validate_study(study, use_cache=True)
    assert not planted.exists()
    assert len(_stored_digests(study)) == 5


def test_small_files_from_the_cache_equal_fresh_ones(study: Path) -> None:
    fresh = validate_study(study).study
    validate_study(study, use_cache=True)  # stores them
    cached = validate_study(study, use_cache=True).study
    assert (study / CACHE_DIR / "small.json").is_file()
    assert cached.config == fresh.config
    assert cached.participants == fresh.participants
    assert cached.themes == fresh.themes
    assert cached.complete == fresh.complete == {"ipatool.yaml", "participants.yaml", "themes.yaml"}


def test_positions_in_a_cached_small_file_are_exact(study: Path) -> None:
    # a participant in no transcript is reported at its id in participants.yaml: with the file
    # taken from the cache, it is parsed again just for that position
    people = study / "participants.yaml"
    people.write_text(
        people.read_text(encoding="utf-8") + "  - id: Nobody\n    gender: female\n",
        encoding="utf-8",
    )
    cold = _records(study)
    assert any(f == "participants.yaml" for f, *_ in cold)
    _records(study, use_cache=True)
    assert _records(study, use_cache=True) == cold


@pytest.mark.parametrize(
    ("field", "value"),
    [("codings", [["c", None, 1, "P1", 7, None, True]]), ("turn_n", ["1"]), ("coded_by", [3])],
)
def test_digest_with_values_of_the_wrong_type_is_read_again(
    study: Path, field: str, value: object
) -> None:
    fresh = validate_study(study).study.transcripts
    validate_study(study, use_cache=True)  # stores the digests
    for entry in (study / CACHE_DIR).glob("??/*.digest.json"):
        data = json.loads(entry.read_text(encoding="utf-8"))
        data[field] = value
        if field == "turn_n":
            data["turn_speaker"] = ["P1"]
        entry.write_text(json.dumps(data), encoding="utf-8")
    again = validate_study(study, use_cache=True).study.transcripts
    assert again == fresh  # every planted entry refused, every file read afresh


def test_digests_of_another_ipatool_version_are_dropped(study: Path) -> None:
    validate_study(study, use_cache=True)
    facts = study / CACHE_DIR / "facts.json"
    facts.write_text(json.dumps({"salt": "ipatool 0.0.1 cache 1\n", "entries": {}}), "utf-8")
    planted = study / CACHE_DIR / "cd" / ("cd" + "0" * 62 + ".digest.json")
    planted.parent.mkdir(exist_ok=True)
    planted.write_text("{}", encoding="utf-8")
    validate_study(study, use_cache=True)  # nothing edited: only the version changed
    assert not planted.exists()
    assert len(_stored_digests(study)) == 5


def test_index_key_follows_size_mtime_and_inode(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes(b"id: a\n")
    cache = DigestCache(tmp_path)
    first = cache.key_for(path, "t.yaml")
    st = path.stat()
    # same size and mtime, but a new file (another inode): hashed again, not trusted
    other = tmp_path / "new.yaml"
    other.write_bytes(b"id: b\n")
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    other.replace(path)
    assert path.stat().st_ino != st.st_ino
    assert cache.key_for(path, "t.yaml") == cache.content_key(b"id: b\n") != first


def test_damaged_tidy_memory_reads_as_empty(tmp_path: Path) -> None:
    cache = DigestCache(tmp_path)
    cache.set_tidy("a.yaml", "k")
    cache.save_tidy({"a.yaml"})
    assert DigestCache(tmp_path).tidy() == {"a.yaml": "k"}
    (tmp_path / CACHE_DIR / "tidy.json").write_text('{"salt": "other", "files": {"a.yaml": "k"}}')
    assert DigestCache(tmp_path).tidy() == {}
    (tmp_path / CACHE_DIR / "tidy.json").write_text("[1, 2")
    assert DigestCache(tmp_path).tidy() == {}


def test_a_digest_decodes_to_itself(study: Path) -> None:
    for digest in validate_study(study).study.transcripts:
        assert decode_digest(json.loads(json.dumps(encode_digest(digest))), digest.file) == digest


def _stored_digest(digest_field: str, value: Any) -> dict[str, Any]:
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
    digest = decode_digest(_stored_digest("partial", False), "t.yaml")
    assert list(digest.turns) == [TurnInfo(1, "I"), TurnInfo(2, "P1")]
    (coding,) = digest.codings
    assert coding.by == ("A", "B") and coding.extract == "the text" and coding.quote is None
    (statement,) = digest.statements
    assert (statement.id, statement.turn, statement.speaker) == ("P1-1", 2, "P1")
    assert statement.quote == statement.extract == "the text"
    assert digest.conceptual_turns == (2, 5)
    assert encode_digest(digest) == _stored_digest("partial", False)


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
        decode_digest(_stored_digest(field, value), "t.yaml")
