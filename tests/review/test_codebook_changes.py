"""Codes, subthemes and themes compared by meaning, on small git repositories."""

from __future__ import annotations

from typing import Any

from ipatool.review.changes import Change, Comparison
from ipatool.review.compare import diff_study
from review._gitstudy import GitStudy, codes_of


def _kinds(cmp: Comparison) -> list[tuple[str, str, str]]:
    return [(c.kind, c.entity, c.id) for c in cmp.changes]


def _effect(cmp: Comparison, table: str, rid: str, measure: str) -> tuple[Any, Any] | None:
    for e in cmp.effects:
        if (e.table, e.id, e.measure) == (table, rid, measure):
            return e.before, e.after
    return None


def _rename_code(data: dict[str, Any], old: str, new: str) -> None:
    for turn in data["turns"]:
        for app in turn.get("codes", []):
            if app["code"] == old:
                app["code"] = new


def test_a_committed_study_has_no_change_against_its_work_tree(gs: GitStudy) -> None:
    cmp = diff_study(gs.root, [])
    assert (cmp.before, cmp.after, cmp.changes, cmp.effects, cmp.problems) == (
        "HEAD",
        "the working tree",
        [],
        [],
        [],
    )


def test_a_rename_across_every_transcript_is_one_rename(gs: GitStudy) -> None:
    def themes(d: dict[str, Any]) -> None:
        d["themes"][0]["subthemes"][0]["codes"][0]["id"] = "first-meeting"

    gs.edit("themes.yaml", themes)
    for tid in ("I1", "I2", "I3", "I4"):
        gs.edit(f"transcripts/{tid}.yaml", lambda d: _rename_code(d, "c1", "first-meeting"))
    gs.commit("rename c1")
    cmp = diff_study(gs.root, ["HEAD~1", "HEAD"])
    assert cmp.changes == [
        Change("renamed", "code", "c1", new_id="first-meeting", file="themes.yaml", line=8)
    ]
    assert cmp.effects == []  # same codings, same tables


def test_a_merge_of_two_codes(gs: GitStudy) -> None:
    gs.edit("themes.yaml", lambda d: d["themes"][0]["subthemes"][0]["codes"].pop(1))
    gs.edit("transcripts/I1.yaml", lambda d: _rename_code(d, "c2", "c1"))
    cmp = diff_study(gs.root, [])
    assert _kinds(cmp) == [("merged", "code", "c1")]
    assert (cmp.changes[0].before, cmp.changes[0].after) == (["c1", "c2"], "c1")


def test_a_move_between_subthemes_and_what_it_does(gs: GitStudy) -> None:
    def move(d: dict[str, Any]) -> None:
        subs = d["themes"][0]["subthemes"]
        subs[0]["codes"].append(subs[1]["codes"].pop())
        subs[1]["codes"] = [{"id": "c5", "label": "Holding on"}]

    gs.edit("themes.yaml", move)
    cmp = diff_study(gs.root, [])
    moved = [c for c in cmp.changes if c.kind == "moved"]
    assert [(c.id, c.before, c.after) for c in moved] == [("c3", "T1/S2", "T1/S1")]
    assert ("added", "code", "c5") in _kinds(cmp)
    assert _effect(cmp, "themes", "S1", "participants") == (2, 3)
    assert _effect(cmp, "themes", "S2", "participants") == (2, 0)
    assert _effect(cmp, "themes", "S2", "meets_evidence_rule") == (True, False)
    assert _effect(cmp, "themes", "T1", "participants") is None  # the theme keeps its 3


def test_a_theme_falls_below_the_evidence_rule_and_stops_being_recurrent(gs: GitStudy) -> None:
    gs.edit("transcripts/I2.yaml", lambda d: codes_of(d, 2).clear())
    gs.commit("uncode I2 turn 2")
    cmp = diff_study(gs.root, ["HEAD~1..HEAD"])
    assert [(c.kind, c.entity, c.id, c.transcript, c.turn) for c in cmp.changes] == [
        ("removed", "coding", "c1", "I2", 2)
    ]
    assert _effect(cmp, "themes", "S1", "participants") == (2, 1)
    assert _effect(cmp, "themes", "S1", "extracts") == (2, 1)  # c1+c2 on I1 2: one
    assert _effect(cmp, "themes", "S1", "meets_evidence_rule") == (True, False)
    assert _effect(cmp, "recurrence", "S1", "recurrent") == (True, False)
    assert _effect(cmp, "recurrence", "S1", "participants") == ("2/4", "1/4")


def test_a_split_relabel_and_redefinition(gs: GitStudy) -> None:
    def split(d: dict[str, Any]) -> None:
        codes = d["themes"][1]["subthemes"][0]["codes"]
        codes[:] = [
            {"id": "c4a", "label": "Tiny steps", "definition": "Very small."},
            {"id": "c4b", "label": "Larger steps", "definition": "Less small."},
        ]
        d["themes"][0]["subthemes"][0]["codes"][1]["label"] = "Testing the therapist"
        d["themes"][0]["subthemes"][0]["codes"][0]["definition"] = "The very first meeting."

    gs.edit("themes.yaml", split)
    gs.edit("transcripts/I3.yaml", lambda d: _rename_code(d, "c4", "c4a"))
    gs.edit("transcripts/I4.yaml", lambda d: _rename_code(d, "c4", "c4b"))
    cmp = diff_study(gs.root, [])
    assert [(c.kind, c.id, c.field, c.after) for c in cmp.changes] == [
        ("split", "c4", None, ["c4a", "c4b"]),
        ("changed", "c1", "definition", "The very first meeting."),
        ("changed", "c2", "label", "Testing the therapist"),
    ]


def test_subthemes_and_themes_renamed_moved_relabelled(gs: GitStudy) -> None:
    def change(d: dict[str, Any]) -> None:
        t1, t2 = d["themes"]
        t1["subthemes"][1]["id"] = "staying"  # renamed: its codes followed it
        t2["subthemes"].append(t1["subthemes"].pop(1))  # and moved to T2
        t2["label"] = "Change over time"
        t1["id"] = "trust"  # renamed: same label

    gs.edit("themes.yaml", change)
    cmp = diff_study(gs.root, [])
    assert [(c.kind, c.entity, c.id, c.new_id, c.field) for c in cmp.changes] == [
        ("renamed", "theme", "T1", "trust", None),
        ("changed", "theme", "T2", None, "label"),
        ("renamed", "subtheme", "S2", "staying", None),
        ("moved", "subtheme", "staying", None, "theme"),
    ]
    assert _effect(cmp, "themes", "trust", "participants") == (3, 2)
    assert _effect(cmp, "themes", "T2", "participants") == (2, 3)
