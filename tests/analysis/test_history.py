"""The audit-trail table from commits handed over as data (analysis reads no repository)."""

from __future__ import annotations

from pathlib import Path

from ipatool.analysis import Context, Omitted, Options, make_context
from ipatool.analysis.audit import AuditCommit
from ipatool.analysis.history import HistoryData, build_history, short
from ipatool.read.loader import load_study


def _context(root: Path, history: tuple[AuditCommit, ...] | None = None) -> Context:
    study, _ = load_study(root)
    return make_context(study, Options(history=history))


COMMITS = (
    AuditCommit(
        "824debb031aa",
        "2026-12-02T03:58:50+00:00",
        "Kathryn Gardner",
        "The MBT therapists study",
        ("study created: 1 theme, 2 subthemes, 3 codes",),
        7,
        4,
    ),
    AuditCommit(
        "04f019123fbb",
        "2026-12-03T10:00:00+01:00",
        "Ann",
        "Recode " + "x" * 80,
        ("code renamed: c2 -> c2b", "code c3 moved: subtheme T1/S2 -> T1/S1"),
        0,
    ),
    AuditCommit("99aa", "2026-12-04T09:00:00+00:00", "Ben", "Fix a typo", (), 0, 1),
)


def test_each_commit_is_a_row_with_its_changes_and_codings(small: Path) -> None:
    table = build_history(_context(small, COMMITS))
    assert isinstance(table, HistoryData)
    grid = table.grid()
    assert [c.label for c in grid.columns] == [
        "Date",
        "Author",
        "Commit",
        "Message",
        "Codebook and themes",
        "Codings",
    ]
    assert grid.columns[-1].align == "right"
    assert [r.cells for r in grid.rows] == [
        (
            "2026-12-02",
            "Kathryn Gardner",
            "824debb",
            "The MBT therapists study",
            "study created: 1 theme, 2 subthemes, 3 codes\n4 other changes",
            "7",
        ),
        (
            "2026-12-03",
            "Ann",
            "04f0191",
            "Recode " + "x" * 64 + "…",
            "code renamed: c2 -> c2b\ncode c3 moved: subtheme T1/S2 -> T1/S1",
            "0",
        ),
        ("2026-12-04", "Ben", "99aa", "Fix a typo", "1 other change", "0"),
    ]
    assert grid.notes[0].startswith("3 commits that changed the study, oldest first")
    assert table.to_json()["commits"][1]["codebook"] == [
        "code renamed: c2 -> c2b",
        "code c3 moved: subtheme T1/S2 -> T1/S1",
    ]


def test_a_message_is_cut_at_72_characters_after_a_word() -> None:
    assert short("x" * 72) == "x" * 72
    # the first 71 characters end inside the 15th word: cut after the 14th
    assert short("word " * 20) == ("word " * 14).rstrip() + "…"
    assert short("y" * 100) == "y" * 71 + "…"


def test_omitted_when_no_history_was_read_or_none_touched(small: Path) -> None:
    not_read = build_history(_context(small))
    assert isinstance(not_read, Omitted) and "read from git" in not_read.reason
    empty = build_history(_context(small, ()))
    assert isinstance(empty, Omitted) and empty.reason == "no commit touched the study"
