"""``ipatool history -- PATH...`` (or ``--path``): only the commits that touched those paths,
and what they changed there; paths as git takes them, from the current folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review._gitstudy import GitStudy, codes_of
from review.test_cli_diff import run


def _commits(gs: GitStudy) -> None:
    """After "first": I1 and themes.yaml changed together, then I2 alone, then themes alone."""
    gs.edit("transcripts/I1.yaml", lambda d: codes_of(d, 4).append({"code": "c3"}))
    gs.edit("themes.yaml", lambda d: d["themes"][1].update(label="Changing"))
    gs.commit("I1 and a label")
    gs.edit("transcripts/I2.yaml", lambda d: codes_of(d, 2).clear())
    gs.commit("I2 uncoded")
    gs.edit("themes.yaml", lambda d: d["themes"][0].update(label="Trusting"))
    gs.commit("a label")


def _history(*args: str) -> list[dict]:  # type: ignore[type-arg]
    code, out, err = run("history", "--format", "json", *args)
    assert (code, err) == (0, ""), err
    return json.loads(out)  # type: ignore[no-any-return]


def test_only_the_commits_that_touched_a_transcript_and_what_they_changed_there(
    gs: GitStudy,
) -> None:
    _commits(gs)
    entries = _history(str(gs.root), "--", str(gs.root / "transcripts" / "I1.yaml"))
    assert [e["message"] for e in entries] == ["first", "I1 and a label"]
    # the first commit's I1: c1 and c2 on turn 2; then c3 added; not the label of T2
    assert [e["codings"] for e in entries] == [{"added": 2}, {"added": 1}]
    assert [e["codebook"] for e in entries] == [[], []]
    assert [e["created"] for e in entries] == [False, False]


def test_the_codebook_alone_and_paths_from_the_current_folder(
    gs: GitStudy, monkeypatch: pytest.MonkeyPatch
) -> None:
    _commits(gs)
    monkeypatch.chdir(gs.root)
    entries = _history("--path", "themes.yaml")
    assert [e["message"] for e in entries] == ["first", "I1 and a label", "a label"]
    assert entries[0]["created"] is True and entries[0]["codings"] == {}
    assert [(c["id"], c["field"]) for c in entries[1]["codebook"]] == [("T2", "label")]
    assert entries[1]["codings"] == {}  # I1's coding is not in themes.yaml
    monkeypatch.chdir(gs.root / "transcripts")
    entries = _history("--", "I2.yaml")
    assert [e["message"] for e in entries] == ["first", "I2 uncoded"]
    assert entries[1]["codings"] == {"removed": 1}
    folder = _history("--", ".")  # transcripts/: every commit that touched a transcript
    assert [e["message"] for e in folder] == ["first", "I1 and a label", "I2 uncoded"]


def test_a_path_outside_the_study_is_a_clear_exit_2(gs: GitStudy, tmp_path: Path) -> None:
    code, out, err = run("history", str(gs.root), "--", str(tmp_path / "elsewhere.yaml"))
    assert (code, out) == (2, "")
    assert err.startswith(f"ipatool: {tmp_path / 'elsewhere.yaml'}: not inside the study")


def test_no_commit_touched_a_path_that_never_existed(gs: GitStudy) -> None:
    missing = gs.root / "transcripts" / "I9.yaml"
    assert run("history", str(gs.root), "--", str(missing)) == (
        0,
        "No commit touched those paths.\n",
        "",
    )
