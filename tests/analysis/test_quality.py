"""Quality indicators per theme on the small study, worked out by hand.

Counting codings under ``any`` (see tests/analysis/test_tables.py):
  T1/S1: I1/2 P1 (c1), FG1/2 P2 (c1), FG1/3 P3 (c1 and c2, one extract)
  T1/S2: I1/4 P1 (c3), FG1/7 P5 (c3)
  T2/S3: I1/2 P1 (c4), FG1/4 P4 (c4), FG1/6 P2 (c4)
Participants in column order: P1 (I1), then P2, P3, P4, P5 (FG1). N = 5.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ipatool.analysis import Context
from ipatool.analysis.quality import build_quality

Make = Callable[..., Context]


def _auto(root: Path) -> None:
    cfg = root / "ipatool.yaml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(
        text.replace("min_participants_per_theme: 0", "min_participants_per_theme: auto")
    )


def test_indicators_under_any(small: Path, context_of: Make) -> None:
    _auto(small)
    t = build_quality(context_of(small))
    rows = {r.id: r for r in t.rows}
    # T1: 5 extracts; P1 has 2 (I1/2, I1/4), P2, P3, P5 one each -> largest P1, 2/5 = 40%
    t1 = rows["T1"]
    assert (t1.participants, t1.total, t1.extracts) == (4, 5, 5)
    assert (t1.largest, t1.largest_extracts, t1.largest_share) == (("P1",), 2, 0.4)
    assert t1.absent == ("P4",)
    # S1: three extracts, one each: a three-way tie, 1/3
    s1 = rows["S1"]
    assert (s1.largest, s1.extracts) == (("P1", "P2", "P3"), 3)
    assert s1.absent == ("P4", "P5")
    # S2: P1 and P5 one each: 1/2 is not more than half
    s2 = rows["S2"]
    assert (s2.largest_share, s2.dominated) == (0.5, False)
    assert s2.absent == ("P2", "P3", "P4")
    # the evidence rule for N = 5 (4-8): 3 participants; S2 has 2
    assert (t.rule_need, t.rule_band) == (3, "4-8")
    assert [(r.id, r.meets_rule) for r in t.rows] == [
        ("T1", True),
        ("S1", True),
        ("S2", False),
        ("T2", True),
        ("S3", True),
    ]
    assert t.warnings == ()
    grid = t.grid()
    assert grid.rows[0].cells == ("Trust", "4/5", "5", "P1", "40.0", "P4", "0.0", "Yes")
    assert grid.rows[2].cells == (
        "Staying",
        "2/5",
        "2",
        "P1, P5",
        "50.0",
        "P2, P3, P4",
        "0.0",
        "No",
    )


def test_one_participant_over_half_is_warned(small: Path, context_of: Make) -> None:
    # under `all`, T2 keeps only I1/2 P1 (c4 by every coder): 1 of 1 extract is P1's
    t = build_quality(context_of(small, "all"))
    rows = {r.id: r for r in t.rows}
    assert (rows["T2"].largest_share, rows["T2"].dominated) == (1.0, True)
    # T1 keeps FG1/2 P2 and FG1/3 P3: half each, not more
    assert (rows["T1"].largest_share, rows["T1"].dominated) == (0.5, False)
    assert t.warnings == ("P1 supplies 1 of 1 extract of the theme 'T2' (100.0%): more than half",)
    assert t.notes[-1].startswith("More than half of a theme's extracts come from one participant")
    # S2 has no counting coding left: no share, every participant absent
    s2 = rows["S2"]
    assert (s2.extracts, s2.largest, s2.largest_share) == (0, (), None)
    assert s2.absent == ("P1", "P2", "P3", "P4", "P5")
    assert t.grid().rows[2].cells[3:5] == ("–", "–")


def test_conceptual_share(noted: Path, context_of: Make) -> None:
    # conceptual notes on I1/2 (P1) and FG1/6 (P2); the linguistic one on FG1/3 does not count
    t = build_quality(context_of(noted))
    rows = {r.id: r for r in t.rows}
    # T1: I1/2 (c1), FG1/2, FG1/3, I1/4, FG1/7: only I1/2 has one -> 1/5
    assert (rows["T1"].interpreted, rows["T1"].interpreted_share) == (1, 0.2)
    assert (rows["S1"].interpreted, rows["S1"].extracts) == (1, 3)
    assert (rows["S2"].interpreted, rows["S2"].interpreted_share) == (0, 0.0)
    # T2/S3: I1/2 (c4), FG1/4, FG1/6 -> 2/3
    assert (rows["S3"].interpreted, rows["S3"].extracts) == (2, 3)
    grid = t.grid()
    assert [c.label for c in grid.columns][6] == "Conceptual notes (%)"
    assert [r.cells[6] for r in grid.rows] == ["20.0", "33.3", "0.0", "66.7", "66.7"]


def test_conceptual_share_without_notes_or_extracts(small: Path, context_of: Make) -> None:
    t = build_quality(context_of(small, "all"))
    rows = {r.id: r for r in t.rows}
    assert (rows["T1"].interpreted, rows["T1"].interpreted_share) == (0, 0.0)
    assert (rows["S2"].interpreted, rows["S2"].interpreted_share) == (0, None)
    assert t.grid().rows[2].cells[6] == "–"
