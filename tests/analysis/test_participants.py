"""The per-participant demographics table of the small study, cell by cell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ipatool.analysis import Context
from ipatool.analysis.participants import ParticipantsTable, build_participants

Make = Callable[..., Context]


def _table(ctx: Context) -> ParticipantsTable:
    t = build_participants(ctx)
    assert isinstance(t, ParticipantsTable)
    return t


def test_one_row_per_pseudonym_every_declared_field(small: Path, context_of: Make) -> None:
    t = _table(context_of(small))
    assert [f.name for f in t.fields] == ["gender", "age", "years", "role"]
    grid = t.grid()
    assert [c.label for c in grid.columns] == [
        "Pseudonym",
        "Gender",
        "Age",
        "Years in practice",
        "Role",
        "Source",
    ]
    assert [c.align for c in grid.columns] == ["left", "left", "right", "right", "left", "left"]
    assert [r.cells for r in grid.rows] == [
        ("P1", "female", "30", "2", "Nurse", "One-to-one interview 1"),
        ("P2", "male", "41", "10", "Psychologist", "Focus group 1 (4 participants)"),
        ("P3", "female", "52", "7.5", "Nurse", "Focus group 1 (4 participants)"),
        ("P4", "female", "45", "20", "Psychologist", "Focus group 1 (4 participants)"),
        ("P5", "male", "–", "4", "Nurse", "Focus group 1 (4 participants)"),  # no age
    ]
    assert t.rows[0].sources == ("I1",)


def test_columns_from_the_setting(small: Path, context_of: Make) -> None:
    cfg = small / "ipatool.yaml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(
        text.replace("  sample_table:", "  participants_table: [role, age]\n  sample_table:")
    )
    t = _table(context_of(small))
    assert t.grid().rows[0].cells == ("P1", "Nurse", "30", "One-to-one interview 1")


def test_a_participant_in_two_sources_lists_both(small: Path, context_of: Make) -> None:
    fg = small / "transcripts" / "FG1.yaml"
    fg.write_text(
        fg.read_text(encoding="utf-8").replace("[P2, P3, P4, P5]", "[P2, P3, P4, P5, P1]")
    )
    t = _table(context_of(small))
    # interviews come first in table order
    assert t.grid().rows[0].cells[-1] == "One-to-one interview 1; Focus group 1 (5 participants)"
