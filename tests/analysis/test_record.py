"""The analytic record (``record``) on the small study with the notes of tests/conftest.py
(``noted``), worked out by hand.

Participants' turns with a code or a note: P1 I1/2 (c1 by A, c4; a descriptive note by A, a
conceptual one by B), I1/4 (c3 by A, B); P2 FG1/2 (c1), FG1/6 (c4 by A, C; a conceptual note by
C, a linguistic one without author); P3 FG1/3 (c2 by A, B, C, c1; a linguistic note by A);
P4 FG1/4 (c4 by B); P5 FG1/7 (c3 by C). FG1/5 is the interviewer's: not in the record.
"""

from __future__ import annotations

from pathlib import Path

from ipatool.analysis import Omitted, Options, make_context
from ipatool.analysis.record import RecordTable, build_record, counts_phrase
from ipatool.cli.turns import turn_notes, turn_texts
from ipatool.read.loader import load_study


def _record(root: Path) -> RecordTable:
    study, diags = load_study(root)
    assert [d for d in diags if d.severity.value == "error"] == []
    options = Options(turn_texts=turn_texts(study, every=True), turn_notes=turn_notes(study))
    ctx = make_context(study, options)
    table = build_record(ctx)
    assert isinstance(table, RecordTable)
    return table


def test_each_participants_turns_codes_and_notes(noted: Path) -> None:
    t = _record(noted)
    assert [p.participant for p in t.participants] == ["P1", "P2", "P3", "P4", "P5"]
    p1 = t.participants[0]
    assert [(r.source, r.turn) for r in p1.turns] == [("I1", 2), ("I1", 4)]
    first = p1.turns[0]
    assert first.words == "From the first meeting I knew it would work, slowly."
    assert [(c.id, c.label, c.by) for c in first.codes] == [
        ("c1", "First meeting", ("A",)),
        ("c4", "Small steps", None),
    ]
    assert [(n.kind, n.by, n.text) for n in first.notes] == [
        ("descriptive", "A", "the first meeting recalled"),
        ("conceptual", "B", "trust as foresight"),
    ]
    p2 = t.participants[1]
    # notes grouped by kind: the conceptual note is written first, the linguistic one is shown first
    assert [(n.kind, n.by) for n in p2.turns[1].notes] == [
        ("linguistic", None),
        ("conceptual", "C"),
    ]
    assert [(r.source, r.turn) for r in t.participants[4].turns] == [("FG1", 7)]


def test_counts_of_notes_by_kind(noted: Path) -> None:
    t = _record(noted)
    assert [
        (c.participant, c.descriptive, c.linguistic, c.conceptual, c.total) for c in t.counts
    ] == [
        ("P1", 1, 0, 1, 2),
        ("P2", 0, 1, 1, 2),
        ("P3", 0, 1, 0, 1),
        ("P4", 0, 0, 0, 0),
        ("P5", 0, 0, 0, 0),
    ]
    assert counts_phrase(t.counts[0]) == "1 descriptive, 0 linguistic and 1 conceptual notes"
    assert counts_phrase(t.counts[2]) == ("0 descriptive, 1 linguistic and 0 conceptual note")
    assert counts_phrase(t.counts[3]) == "no exploratory notes"
    json = t.to_json()
    assert json["counts"][1] == {
        "participant": "P2",
        "descriptive": 0,
        "linguistic": 1,
        "conceptual": 1,
        "total": 2,
    }


def test_the_grid_groups_by_participant_and_source(noted: Path) -> None:
    grid = _record(noted).grid()
    assert [c.label for c in grid.columns] == [
        "Turn",
        "Words",
        "Codes",
        "Descriptive notes",
        "Linguistic notes",
        "Conceptual notes",
    ]
    assert grid.rows[0].cells[0] == "P1: 1 descriptive, 0 linguistic and 1 conceptual notes"
    assert (grid.rows[1].cells[0], grid.rows[1].kind) == ("One-to-one interview 1", "group")
    assert grid.rows[2].cells == (
        "2",
        "From the first meeting I knew it would work, slowly.",
        "First meeting (A)\nSmall steps",
        "the first meeting recalled (A)",
        "–",
        "trust as foresight (B)",
    )
    assert grid.rows[3].cells[2:] == ("Staying with (A, B)", "–", "–", "–")


def test_without_the_turns_words_it_is_left_out(noted: Path) -> None:
    study, _ = load_study(noted)
    out = build_record(make_context(study))
    assert isinstance(out, Omitted) and out.name == "record"
