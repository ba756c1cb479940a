"""Two more doors for bad bytes: a damaged or planted ``.ipatool-cache`` (it must be ignored,
never trusted into a crash or a wrong answer) and raw transcripts given to ``import transcript``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import (
    SMALL,
    assert_clean_exit,
    command_exists,
    fuzz_settings,
    run_cli,
    tried,
    write_study,
)

CACHE = ".ipatool-cache"
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda kids: (
        st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3)
    ),
    max_leaves=6,
)


def _records(out: Any) -> list[tuple[str, int, int, str]]:
    return sorted((r["file"], r["line"], r["column"], r["code"]) for r in json.loads(out.stdout))


@pytest.fixture(scope="module")
def cached_study(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    """A study with a findings-bearing transcript, its warm cache, and the uncached answer."""
    root = write_study(
        tmp_path_factory.mktemp("cache") / "s",
        {
            "transcripts/I1.yaml": SMALL["transcripts/I1.yaml"].replace(
                "code: first-meeting", "code: nope"
            )
        },
    )
    fresh = run_cli("validate", root, "--format", "json", "--no-cache")
    assert fresh.exit_code == 1
    warm = run_cli("validate", root, "--format", "json")
    if not (root / CACHE).is_dir():
        pytest.skip("validate keeps no cache")
    assert _records(warm) == _records(fresh)
    return root, _records(fresh)


def _mutate(value: Any, path: list[int], new: Any) -> Any:
    """Replace one node of a JSON value (chosen by ``path``) with ``new``."""
    if not path or not isinstance(value, dict | list) or not value:
        return new
    if isinstance(value, dict):
        key = sorted(value)[path[0] % len(value)]
        return {**value, key: _mutate(value[key], path[1:], new)}
    i = path[0] % len(value)
    return [*value[:i], _mutate(value[i], path[1:], new), *value[i + 1 :]]


@fuzz_settings(120)
@given(
    st.lists(st.integers(0, 50), min_size=0, max_size=6),
    JSON_VALUES,
    st.sampled_from(["truncate", "bytes"]),
    st.binary(max_size=50),
)
def test_unreadable_cache_entries_are_recomputed(
    cached_study: tuple[Path, list[Any]], path: list[int], new: Any, kind: str, raw: bytes
) -> None:
    root, expected = cached_study
    folder = root / CACHE
    backup = root.parent / "cache-backup"
    if not backup.exists():
        shutil.copytree(folder, backup)
    try:
        for entry in sorted(folder.rglob("*.json")):
            if entry.name == "index.json":
                continue  # see test_damaged_cache_index_is_ignored
            text = entry.read_text(encoding="utf-8")
            if kind == "replace":
                entry.write_text(json.dumps(_mutate(json.loads(text), path, new)), encoding="utf-8")
            elif kind == "truncate":
                entry.write_text(text[: sum(path) % (len(text) + 1)], encoding="utf-8")
            else:
                entry.write_bytes(raw)
        out = run_cli("validate", root, "--format", "json")
        assert_clean_exit(out, (0, 1))
        assert _records(out) == expected  # recomputed: the same answer as without a cache
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(backup, folder)
    tried("damaged cache entries")


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k in sorted(value) for p in _leaves(value[k], (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, (*path, i))]
    return [path]


def _set(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _set(value[path[0]], path[1:], new)
    return copy


def test_wrongly_typed_cache_entries_are_ignored(cached_study: tuple[Path, list[Any]]) -> None:
    root, _expected = cached_study
    entries = [p for p in sorted((root / CACHE).rglob("*.json")) if p.name != "index.json"]
    assert entries
    crashes: list[str] = []
    for entry in entries:
        original = entry.read_bytes()
        data = json.loads(original)
        try:
            for leaf in _leaves(data):
                for new in (None, 7):
                    entry.write_text(json.dumps(_set(data, leaf, new)), encoding="utf-8")
                    out = run_cli("validate", root, "--format", "json")
                    if out.exception is not None:
                        crashes.append(f"{leaf}={new!r}: {out.exception!r}")
        finally:
            entry.write_bytes(original)
    assert crashes == [], crashes[:5]


@pytest.mark.parametrize(
    "index",
    [
        {"files": None},
        {"files": {"transcripts/I1.yaml": 5}},
        "not json at all",
        [],
    ],
    ids=["files-null", "entry-int", "not-json", "list"],
)
def test_damaged_cache_index_is_ignored(cached_study: tuple[Path, list[Any]], index: Any) -> None:
    root, expected = cached_study
    path = root / CACHE / "index.json"
    original = path.read_bytes()
    salt = json.loads(original)["salt"]
    try:
        if isinstance(index, dict):
            index = {"salt": salt, **index}
        path.write_text(index if isinstance(index, str) else json.dumps(index), encoding="utf-8")
        out = run_cli("validate", root, "--format", "json")
        assert_clean_exit(out, (0, 1))
        assert _records(out) == expected
    finally:
        path.write_bytes(original)


@fuzz_settings(80)
@given(st.sampled_from([".txt", ".vtt", ".srt", ".docx"]), st.binary(max_size=400))
def test_random_bytes_as_a_raw_transcript(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, raw: bytes
) -> None:
    if not command_exists("import", "transcript"):
        pytest.skip("'ipatool import transcript' does not exist yet")
    base = tmp_path_factory.mktemp("imp")
    root = write_study(base / "s")
    src = base / f"raw{suffix}"
    src.write_bytes(raw)
    out = run_cli(
        "import",
        "transcript",
        src,
        "--into",
        root,
        "--id",
        "X1",
        "--speaker",
        "KW",
        "--speaker",
        "Sam",
        "--interviewer",
        "KW",
    )
    assert_clean_exit(out)
    tried("random raw transcripts")


@fuzz_settings(80)
@given(st.text(alphabet="KWSam: \n[]0123456789<>v.-WEBTT\t>", max_size=300))
def test_random_labelled_text_as_a_raw_transcript(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    if not command_exists("import", "transcript"):
        pytest.skip("'ipatool import transcript' does not exist yet")
    base = tmp_path_factory.mktemp("imp")
    root = write_study(base / "s")
    for suffix in (".txt", ".vtt", ".srt"):
        src = base / f"raw{suffix}"
        src.write_text(text, encoding="utf-8")
        out = run_cli(
            "import",
            "transcript",
            src,
            "--into",
            root,
            "--id",
            "X1",
            "--force",
            "--speaker",
            "KW",
            "--speaker",
            "Sam",
            "--interviewer",
            "KW",
        )
        assert_clean_exit(out)
    tried("random raw transcripts", 3)
