"""Codings, transcripts, turns, notes, participants and settings compared by meaning."""

from __future__ import annotations

from typing import Any

from ipatool.review.compare import diff_study
from review._gitstudy import GitStudy, codes_of, transcript


def _rows(gs: GitStudy) -> list[tuple[Any, ...]]:
    cmp = diff_study(gs.root, [])
    assert cmp.problems == []
    return [
        (c.kind, c.entity, c.id, c.transcript, c.turn, c.field, c.before, c.after)
        for c in cmp.changes
    ]


def test_codings_changed_quote_by_and_exemplar(gs: GitStudy) -> None:
    def change(d: dict[str, Any]) -> None:
        first, second = codes_of(d, 2)
        first["quote"] = "Answer 2"
        second["by"] = ["A"]
        second["exemplar"] = True

    gs.edit("transcripts/I1.yaml", change)
    assert _rows(gs) == [
        ("changed", "coding", "c1", "I1", 2, "quote", None, "Answer 2"),
        ("changed", "coding", "c2", "I1", 2, "by", None, ["A"]),
        ("changed", "coding", "c2", "I1", 2, "exemplar", False, True),
    ]


def test_codings_moved_to_another_turn_or_code_added_and_removed(gs: GitStudy) -> None:
    def change(d: dict[str, Any]) -> None:
        codes_of(d, 4).append(codes_of(d, 2).pop(1))  # c2: turn 2 -> 4
        codes_of(d, 2)[0]["code"] = "c3"  # c1 -> c3 on turn 2

    gs.edit("transcripts/I1.yaml", change)
    gs.edit("transcripts/I4.yaml", lambda d: codes_of(d, 4).append({"code": "c1"}))
    gs.edit("transcripts/I3.yaml", lambda d: codes_of(d, 2).pop())
    assert _rows(gs) == [
        ("moved", "coding", "c3", "I1", 2, "code", "c1", "c3"),
        ("moved", "coding", "c2", "I1", 4, "turn", 2, 4),
        ("removed", "coding", "c4", "I3", 2, None, None, None),
        ("added", "coding", "c1", "I4", 4, None, None, None),
    ]


def test_transcripts_turns_and_notes(gs: GitStudy) -> None:
    def change(d: dict[str, Any]) -> None:
        d["duration_min"] = 35
        d["turns"][1]["text"] = "Answer 2, said again."
        d["turns"][3]["notes"] = [{"kind": "conceptual", "by": "A", "text": "Holding on."}]
        d["turns"].append({"n": 5, "speaker": "R", "text": "Thanks."})

    gs.edit("transcripts/I2.yaml", change)
    (gs.root / "transcripts" / "I4.yaml").unlink()
    gs.write("transcripts/I5.yaml", transcript("I5", {2: ["c4"]}).copy() | {"participants": ["P4"]})
    rows = _rows(gs)
    assert rows[:4] == [
        ("changed", "transcript", "I2", "I2", None, "duration_min", None, 35),
        ("changed", "turn", "I2#2", "I2", 2, "text", "Answer 2 of P2.", "Answer 2, said again."),
        ("added", "note", "conceptual", "I2", 4, None, None, "Holding on."),
        ("added", "turn", "I2#5", "I2", 5, None, None, "Thanks."),
    ]
    assert ("removed", "transcript", "I4", "I4", None, None, None, None) in rows
    assert ("added", "transcript", "I5", "I5", None, None, None, None) in rows


def test_participants_and_settings(gs: GitStudy) -> None:
    def people(d: dict[str, Any]) -> None:
        d["participants"][1]["age"] = 42
        d["participants"].append({"id": "P5", "gender": "male", "age": 60})

    def settings(d: dict[str, Any]) -> None:
        d["rules"]["min_participants_per_theme"] = 3
        d["fields"][1]["max"] = 99

    gs.edit("participants.yaml", people)
    gs.edit("ipatool.yaml", settings)
    rows = _rows(gs)
    assert rows == [
        ("changed", "participant", "P2", None, None, "age", 41, 42),
        ("added", "participant", "P5", None, None, None, None, {"gender": "male", "age": 60}),
        ("added", "setting", "fields.age.max", None, None, "fields.age.max", None, 99.0),
        (
            "changed",
            "setting",
            "rules.min_participants_per_theme",
            None,
            None,
            "rules.min_participants_per_theme",
            2,
            3,
        ),
    ]


def test_effects_on_the_sample_and_the_methods_sentence(gs: GitStudy) -> None:
    gs.edit("participants.yaml", lambda d: d["participants"][1].update(age=61))
    cmp = diff_study(gs.root, [])
    effects = {(e.table, e.id, e.measure): (e.before, e.after) for e in cmp.effects}
    assert effects[("sample", "age", "mean")] == (42.0, 47.0)
    before, after = effects[("sentence", "sentence", "text")]
    assert "mean age = 42.00" in before and "mean age = 47.00" in after


def test_effects_on_agreement(gs: GitStudy) -> None:
    def double(d: dict[str, Any]) -> None:
        d["coded_by"] = ["A", "B"]
        first, second = codes_of(d, 2)
        first["by"] = ["A"]
        second["by"] = ["A", "B"]

    gs.edit("transcripts/I1.yaml", double)
    gs.commit("I1 coded by two")
    gs.edit("transcripts/I1.yaml", lambda d: codes_of(d, 2)[0].update(by=["A", "B"]))
    cmp = diff_study(gs.root, [])
    assert [(c.kind, c.id, c.field, c.after) for c in cmp.changes] == [
        ("changed", "c1", "by", ["A", "B"])
    ]
    effects = {(e.table, e.id, e.measure): (e.before, e.after) for e in cmp.effects}
    before, after = effects[("agreement", "c1", "percent_agreement")]
    assert after == 1.0 and before is not None and before < 1.0
    assert ("agreement", "pooled", "percent_agreement") in effects
