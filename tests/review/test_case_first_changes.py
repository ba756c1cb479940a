"""``ipatool diff`` on a case-first study: statements, PETs and GETs added, removed, changed and
moved, with their lines, and the GET table's n/N among the effects."""

from __future__ import annotations

from ipatool.review.compare import diff_study
from review._gitstudy import GitStudy


def _changes(g: GitStudy) -> list[tuple[str, str, str, str | None, object, object, int | None]]:
    cmp = diff_study(g.root, [])
    assert cmp.problems == []
    return [(c.kind, c.entity, c.id, c.field, c.before, c.after, c.line) for c in cmp.changes]


def test_no_change_no_finding(cf: GitStudy) -> None:
    assert diff_study(cf.root, []).changes == []


def test_a_statement_reworded_requoted_and_moved_out_of_its_pet(cf: GitStudy) -> None:
    cf.replace(
        "transcripts/I1.yaml", "text: Small distances become", "text: Short distances become"
    )
    cf.replace("transcripts/I1.yaml", "quote: They're proof", "quote: proof")
    cf.replace("pets.yaml", "statements: [ines-06, ines-07]", "statements: [ines-06]")
    assert _changes(cf) == [
        (
            "changed",
            "statement",
            "ines-06",
            "text",
            "Small distances become milestones worth marking",
            "Short distances become milestones worth marking",
            97,  # the line of the statement's id
        ),
        ("changed", "statement", "ines-07", "quote", "They're proof", "proof", 100),
        ("moved", "statement", "ines-07", "pet", "ines-small-runs", None, None),
    ]


def test_pets_added_removed_relabelled(cf: GitStudy) -> None:
    cf.replace("pets.yaml", "label: Fear on the stairs", "label: Fear lives on the stairs")
    cf.replace(
        "pets.yaml",
        "  - id: dev-for-my-head\n",
        "  - id: dev-for-my-mind\n",
    )
    cf.replace("themes.yaml", "dev-for-my-head]", "dev-for-my-mind]")
    got = _changes(cf)
    assert ("changed", "pet", "ruth-fear-on-stairs", "label", "Fear on the stairs",
            "Fear lives on the stairs", 30) in got  # fmt: skip
    assert ("removed", "pet", "dev-for-my-head", None, "Running for my head", None, None) in got
    assert ("added", "pet", "dev-for-my-mind", None, None, "Running for my head", 46) in got
    # its statements moved with it: from the old PET to the new one
    moved = [c for c in got if c[0] == "moved" and c[1] == "statement"]
    assert [(c[2], c[4], c[5]) for c in moved] == [
        ("dev-05", "dev-for-my-head", "dev-for-my-mind"),
        ("dev-06", "dev-for-my-head", "dev-for-my-mind"),
    ]


def test_a_pet_moved_to_another_subtheme_changes_the_get_table(cf: GitStudy) -> None:
    cf.replace(
        "themes.yaml",
        "pets: [ines-never-forgetting, ruth-fear-on-stairs, dev-bodyguard]",
        "pets: [ines-never-forgetting, dev-bodyguard]",
    )
    cf.replace(
        "themes.yaml",
        "pets: [ines-small-runs, tomas-how-far-i-fell, dev-twelve-again]",
        "pets: [ines-small-runs, tomas-how-far-i-fell, dev-twelve-again, ruth-fear-on-stairs]",
    )
    cmp = diff_study(cf.root, [])
    assert [(c.kind, c.entity, c.id, c.before, c.after, c.line) for c in cmp.changes] == [
        (
            "moved",
            "pet",
            "ruth-fear-on-stairs",
            "listening-for-twinges",
            "starting-from-nothing",
            20,
        )
    ]
    assert [(e.table, e.id, e.before, e.after) for e in cmp.effects] == [
        ("gets", "listening-for-twinges", "3/4", "2/4"),
        ("gets", "starting-from-nothing", "3/4", "4/4"),
    ]


def test_a_get_relabelled(cf: GitStudy) -> None:
    cf.replace("themes.yaml", "label: Becoming a runner again", "label: A runner again")
    got = _changes(cf)
    assert got == [
        (
            "changed",
            "get",
            "runner-again",
            "label",
            "Becoming a runner again",
            "A runner again",
            14,
        )
    ]


def test_a_2009_study_gives_no_case_first_changes(cf: GitStudy) -> None:
    """pets.yaml removed: the PETs are reported removed, nothing crashes."""
    (cf.root / "pets.yaml").unlink()
    got = _changes(cf)
    assert {c[1] for c in got} == {"pet", "statement"}
    assert sum(1 for c in got if c[0] == "removed" and c[1] == "pet") == 12
