"""Reading a study from git: each blob once, unchanged transcripts not compared, the work
tree's files given git's blob ids."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from ipatool.review import gitread, snapshot
from ipatool.review.compare import diff_study
from ipatool.review.gitread import Repository, blob_id
from ipatool.review.history import study_history
from review._gitstudy import GitStudy, codes_of


def test_blob_id_is_gits(gs: GitStudy) -> None:
    raw = (gs.root / "themes.yaml").read_bytes()
    done = subprocess.run(
        ["git", "hash-object", "study/themes.yaml"], cwd=gs.top, capture_output=True, check=True
    )
    assert blob_id(raw) == done.stdout.decode().strip()


def test_each_blob_is_read_once_across_both_sides_and_the_history(
    gs: GitStudy, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        gs.edit("transcripts/I1.yaml", lambda d, n=n: codes_of(d, 4).append({"code": f"c{n + 2}"}))
        gs.commit(f"step {n}")
    asked: list[str] = []
    real = gitread._git

    def counting(cwd: Any, *args: str, stdin: bytes | None = None) -> Any:
        if args[:1] == ("cat-file",) and stdin is not None:
            asked.extend(stdin.decode().split())
        return real(cwd, *args, stdin=stdin)

    monkeypatch.setattr(gitread, "_git", counting)
    diff_study(gs.root, ["HEAD~3", "HEAD"])
    assert len(asked) == len(set(asked)) == 7 + 1  # 7 files at HEAD~3, I1 again at HEAD
    asked.clear()
    entries = study_history(gs.root)
    assert len(entries) == 4
    assert len(asked) == len(set(asked)) == 7 + 3  # every version of I1 once


def test_a_history_parses_each_blob_once(gs: GitStudy, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(3):  # I1 changed three times, I2 once
        gs.edit("transcripts/I1.yaml", lambda d, n=n: codes_of(d, 4).append({"code": f"c{n + 2}"}))
        if n == 1:
            gs.edit("transcripts/I2.yaml", lambda d: codes_of(d, 2).clear())
        gs.commit(f"step {n}")
    parsed: list[str] = []
    real = snapshot.parse_bytes

    def counting(raw: bytes, file: str) -> Any:
        parsed.append(file)
        return real(raw, file)

    monkeypatch.setattr(snapshot, "parse_bytes", counting)
    entries = study_history(gs.root)
    assert [sum(e.codings.values()) for e in entries] == [7, 1, 2, 1]
    # 7 files of the first commit, then the new I1 (three times) and I2: the older versions
    # compared come from the parse that read them (the codebook's lines are not asked for)
    assert sorted(parsed) == sorted(
        [
            "ipatool.yaml",
            "participants.yaml",
            "themes.yaml",
            *(f"transcripts/I{i}.yaml" for i in (1, 2, 3, 4)),
            *(["transcripts/I1.yaml"] * 3),
            "transcripts/I2.yaml",
        ]
    )


def test_a_study_in_a_subfolder_is_listed_from_its_folder(gs: GitStudy) -> None:
    repo = Repository.open(gs.root)
    assert repo.prefix == "study"
    files = repo.tree(repo.resolve("HEAD"))
    assert sorted(files) == [
        "ipatool.yaml",
        "participants.yaml",
        "themes.yaml",
        "transcripts/I1.yaml",
        "transcripts/I2.yaml",
        "transcripts/I3.yaml",
        "transcripts/I4.yaml",
    ]
    work, _root = repo.work_tree()
    assert work == files  # same blob ids: nothing changed


def test_a_study_missing_at_one_side_is_a_problem_of_that_side(gs: GitStudy) -> None:
    gs.git("mv", "study", "renamed")
    gs.commit("move the study")
    cmp = diff_study(gs.top / "renamed", ["HEAD~1", "HEAD"])
    assert cmp.problems[0] == "HEAD~1: the study has no ipatool.yaml"
    assert ("added", "code", "c1") in [(c.kind, c.entity, c.id) for c in cmp.changes]
    assert "effects on the tables not computed" in cmp.notes[0]
