"""The Methods sentences: the sample's roles and the procedure's durations, worked out by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ipatool.analysis import Context, Omitted
from ipatool.analysis.methods import MethodsTable, build_methods

Make = Callable[..., Context]


def _methods(ctx: Context) -> MethodsTable:
    t = build_methods(ctx)
    assert isinstance(t, MethodsTable)
    return t


def _config(root: Path, old: str, new: str) -> None:
    cfg = root / "ipatool.yaml"
    text = cfg.read_text(encoding="utf-8")
    assert old in text
    cfg.write_text(text.replace(old, new), encoding="utf-8")


def _roles(root: Path, order: str = "levels") -> None:
    _config(
        root,
        "    range_median: [years]\n",
        f"    range_median: [years]\n  roles:\n    field: role\n    order: {order}\n",
    )


def test_roles_in_level_order_sum_to_the_sample(small: Path, context_of: Make) -> None:
    _roles(small)
    # roles: P1 Nurse, P2 Psychologist, P3 Nurse, P4 Psychologist, P5 Nurse -> 3 + 2 = 5
    t = _methods(context_of(small))
    assert t.roles is not None
    assert t.roles.text == "Participants were nurses (n = 3) and psychologists (n = 2)."
    assert [(c.level, c.n) for c in t.roles.counts] == [("Nurse", 3), ("Psychologist", 2)]
    assert t.roles.total == 5 == len(context_of(small).participants)


def test_roles_by_frequency_ties_keep_the_level_order(small: Path, context_of: Make) -> None:
    people = small / "participants.yaml"
    text = people.read_text(encoding="utf-8")
    # P1 and P3 become psychologist and "Both": Psychologist 3, Nurse 1, Both 1
    text = text.replace("years: 2, role: Nurse}", "years: 2, role: Psychologist}")
    text = text.replace("years: 7.5, role: Nurse}", "years: 7.5, role: Both}")
    people.write_text(text, encoding="utf-8")
    _roles(small, "frequency")
    t = _methods(context_of(small))
    assert t.roles is not None
    # declared plural for Psychologist (n > 1); Nurse before Both (level order) at n = 1 each
    assert (
        t.roles.text == "Participants were psychologists (n = 3), nurse (n = 1) and both (n = 1)."
    )
    assert sum(c.n for c in t.roles.counts) == 5


def test_a_missing_role_is_counted(small: Path, context_of: Make) -> None:
    people = small / "participants.yaml"
    text = people.read_text(encoding="utf-8").replace("years: 4, role: Nurse}", "years: 4}")
    people.write_text(text, encoding="utf-8")
    _roles(small)
    t = _methods(context_of(small))
    assert t.roles is not None
    assert t.roles.text == (
        "Participants were nurses (n = 2) and psychologists (n = 2); role not recorded (n = 1)."
    )
    assert t.roles.missing == ("P5",) and t.roles.total == 5


def test_one_source_of_each_kind(small: Path, context_of: Make) -> None:
    # I1 40 minutes, FG1 90 minutes; no roles declared: the procedure sentence alone
    t = _methods(context_of(small))
    assert t.roles is None
    assert t.sentences == (
        "The one-to-one interview lasted 40 minutes; the focus group lasted 90 minutes.",
    )
    assert [(d.kind, d.minutes, d.mean) for d in t.durations] == [
        ("interview", (40.0,), 40.0),
        ("focus_group", (90.0,), 90.0),
    ]


def _interview(root: Path, ident: str, minutes: int | None) -> None:
    text = (root / "transcripts" / "I1.yaml").read_text(encoding="utf-8")
    text = text.replace("id: I1\n", f"id: {ident}\n")
    text = text.replace("duration_min: 40\n", f"duration_min: {minutes}\n" if minutes else "")
    (root / "transcripts" / f"{ident}.yaml").write_text(text, encoding="utf-8")


def test_many_durations_give_the_range(small: Path, context_of: Make) -> None:
    for ident, minutes in (("I2", 45), ("I3", 95), ("I4", 60), ("I5", 67), ("I6", None)):
        _interview(small, ident, minutes)
    t = _methods(context_of(small))
    # five timed interviews, 40 45 95 60 67: range 40-95, mean 307 / 5 = 61.4; I6 has none
    interviews = t.durations[0]
    assert interviews.listed is False and interviews.missing == ("I6",)
    assert t.procedure == (
        "One-to-one interviews lasted between 40 and 95 minutes (M = 61.4) "
        "(1 without a recorded duration); the focus group lasted 90 minutes."
    )


def test_listed_durations_up_to_four(small: Path, context_of: Make) -> None:
    for ident, minutes in (("I2", 45), ("I3", 50), ("I4", 61)):
        _interview(small, ident, minutes)
    t = _methods(context_of(small))
    # 40, 45, 50, 61 in file order: mean 196 / 4 = 49
    assert t.procedure is not None
    assert t.procedure.startswith(
        "One-to-one interviews lasted 40, 45, 50 and 61 minutes (M = 49);"
    )


def test_the_example_renders_the_seed_figures(example_study: Path, context_of: Make) -> None:
    t = _methods(context_of(example_study))
    # the seed paper: interview 1 = 29 mins, interview 2 = 66 (mean 47.5); groups 85, 86, 54 (75)
    assert t.procedure == (
        "One-to-one interviews lasted 29 and 66 minutes (M = 47.5); "
        "focus groups lasted 85, 86 and 54 minutes (M = 75)."
    )
    assert t.roles is not None
    # participants.yaml: 6 clinical psychologists and 8 single roles, by frequency
    assert t.roles.text.startswith("Participants were clinical psychologists (n = 6), ")
    assert [c.n for c in t.roles.counts] == [6, 1, 1, 1, 1, 1, 1, 1, 1]
    assert t.roles.total == 14 and t.roles.missing == ()


def test_nothing_to_say_is_omitted(small: Path, context_of: Make) -> None:
    for name in ("I1.yaml", "FG1.yaml"):
        (small / "transcripts" / name).unlink()
    assert isinstance(build_methods(context_of(small)), Omitted)
