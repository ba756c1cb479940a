"""Subthemes and themes merged, split and moved; a source's row of the sample table changing.

The small study: T1 "Trust" has S1 (c1, c2) and S2 (c3); T2 "Change" has S3 (c4). I1 codes c1
and c2 on turn 2 (P1); I2 c1 (P2) and c3 (P2); I3 c3 and c4 (P3); I4 c4 (P4).
"""

from __future__ import annotations

from typing import Any

from ipatool.review.compare import diff_study
from review._gitstudy import GitStudy


def _kinds(gs: GitStudy) -> list[tuple[str, str, str, Any, Any]]:
    cmp = diff_study(gs.root, [])
    return [(c.kind, c.entity, c.id, c.before, c.after) for c in cmp.changes]


def test_two_subthemes_merged_into_one(gs: GitStudy) -> None:
    def merge(d: dict[str, Any]) -> None:
        s1, s2 = d["themes"][0]["subthemes"]
        s1["codes"] += s2["codes"]
        d["themes"][0]["subthemes"] = [s1]

    gs.edit("themes.yaml", merge)
    # one merge: not S2 removed, nor c3 moved from S2 to S1
    assert _kinds(gs) == [("merged", "subtheme", "S1", ["S1", "S2"], "S1")]


def test_a_subtheme_split_into_two(gs: GitStudy) -> None:
    def split(d: dict[str, Any]) -> None:
        s1 = d["themes"][0]["subthemes"][0]
        c2 = s1["codes"].pop(1)
        d["themes"][0]["subthemes"].insert(1, {"id": "S1b", "label": "Testing", "codes": [c2]})

    gs.edit("themes.yaml", split)
    # one split: not S1b added, nor c2 moved from S1 to S1b
    assert _kinds(gs) == [("split", "subtheme", "S1", "S1", ["S1", "S1b"])]


def test_two_themes_merged_and_a_theme_split(gs: GitStudy) -> None:
    def merge(d: dict[str, Any]) -> None:
        t1, t2 = d["themes"]
        t1["subthemes"] += t2["subthemes"]
        d["themes"] = [t1]

    gs.edit("themes.yaml", merge)
    assert _kinds(gs) == [("merged", "theme", "T1", ["T1", "T2"], "T1")]  # S3 not "moved"
    gs.commit("one theme")

    def split(d: dict[str, Any]) -> None:
        t1 = d["themes"][0]
        s3 = t1["subthemes"].pop()
        d["themes"].append({"id": "T3", "label": "Steps", "subthemes": [s3]})

    gs.edit("themes.yaml", split)
    assert _kinds(gs) == [("split", "theme", "T1", "T1", ["T1", "T3"])]


def test_a_subtheme_moved_to_another_theme(gs: GitStudy) -> None:
    def move(d: dict[str, Any]) -> None:
        t1, t2 = d["themes"]
        t2["subthemes"].append(t1["subthemes"].pop(1))

    gs.edit("themes.yaml", move)
    cmp = diff_study(gs.root, [])
    assert [(c.kind, c.entity, c.id, c.field, c.before, c.after) for c in cmp.changes] == [
        ("moved", "subtheme", "S2", "theme", "T1", "T2")
    ]
    effects = {(e.table, e.id, e.measure): (e.before, e.after) for e in cmp.effects}
    assert effects[("themes", "T1", "participants")] == (3, 2)  # P1, P2, P3 -> P1, P2
    assert effects[("themes", "T2", "participants")] == (2, 3)  # P3, P4 -> P2, P3, P4


def test_a_participant_added_to_an_interview_changes_its_row_of_the_sample(
    gs: GitStudy,
) -> None:
    gs.edit("participants.yaml", lambda d: d["participants"].append({"id": "P5", "age": 34}))
    gs.edit("transcripts/I1.yaml", lambda d: d["participants"].append("P5"))
    cmp = diff_study(gs.root, [])
    effects = {(e.table, e.id, e.measure): (e.before, e.after) for e in cmp.effects}
    assert effects[("sample", "I1", "participants")] == (1, 2)
    # I1: P1 (30) alone, then P1 and P5 (30, 34): M = 32, SD = sqrt(((-2)^2 + 2^2) / 1) = 2.83
    assert effects[("sample", "I1", "age text")] == ("30", "32.00 (2.83)")
    assert ("sample", "I2", "participants") not in effects  # the other sources' rows are the same
    assert effects[("sample", "participants", "n")] == (4, 5)
