"""The case-first tables (pets, gets) and the terminology of the theme headings.

Figures worked out by hand from examples/case-first-ipa: four participants (Ines, Tomas, Ruth,
Dev, one interview each, I1-I4), three PETs each, 25 statements (7, 6, 6, 6); two GETs, each of
two subthemes drawing on three PETs of three different participants, so each GET reaches all
four (4/4) and each subtheme three (3/4).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ipatool.analysis import Context
from ipatool.analysis.experiential import CasePetsTable, GetsTable, build_case_pets, build_gets
from ipatool.analysis.grid import Omitted, Row
from ipatool.analysis.quotebank import PetsTable
from ipatool.analysis.registry import build_tables
from ipatool.analysis.themes import build_recurrence, build_themes

Make = Callable[..., Context]
CASE_FIRST = Path(__file__).resolve().parents[2] / "examples" / "case-first-ipa"


@pytest.fixture
def case_first(tmp_path: Path) -> Path:
    dest = tmp_path / "case-first"
    shutil.copytree(CASE_FIRST, dest, ignore=shutil.ignore_patterns(".ipatool-cache"))
    return dest


def _set_terminology(root: Path, value: str | None) -> None:
    cfg = root / "ipatool.yaml"
    text = cfg.read_text(encoding="utf-8")
    if "terminology:" in text:
        old = next(line for line in text.splitlines() if "terminology:" in line)
        new = "" if value is None else f"  terminology: {value}"
        text = text.replace(old + "\n", new + ("\n" if new else ""))
    else:
        assert value is not None
        text = text.replace("reporting:\n", f"reporting:\n  terminology: {value}\n", 1)
    cfg.write_text(text, encoding="utf-8")


def test_the_get_table_counts_contributing_participants(case_first: Path, context_of: Make) -> None:
    table = build_gets(context_of(case_first))
    assert isinstance(table, GetsTable)
    assert table.sample == 4
    assert [(g.id, g.participants, g.n) for g in table.gets] == [
        ("knee-as-stranger", ("Ines", "Tomas", "Ruth", "Dev"), 4),
        ("runner-again", ("Ines", "Tomas", "Ruth", "Dev"), 4),
    ]
    subs = [(s.id, s.participants, s.n) for g in table.gets for s in g.subthemes]
    assert subs == [
        ("betrayed", ("Ines", "Tomas", "Ruth"), 3),
        ("listening-for-twinges", ("Ines", "Ruth", "Dev"), 3),
        ("starting-from-nothing", ("Ines", "Tomas", "Dev"), 3),
        ("new-reasons", ("Tomas", "Ruth", "Dev"), 3),
    ]
    grid = table.grid()
    assert [c.label for c in grid.columns] == [
        "Group experiential theme",
        "Subtheme",
        "Personal experiential themes",
        "Participants",
        "n/N",
    ]
    assert grid.rows[0] == Row(
        ("The knee as a stranger", "", "", "Ines, Tomas, Ruth, Dev", "4/4"), "strong"
    )
    assert grid.rows[1] == Row(
        (
            "",
            "Betrayed by a body I trusted",
            "Ines: A leg that was not mine\nTomas: The machine that broke\nRuth: A knee that lied",
            "Ines, Tomas, Ruth",
            "3/4",
        ),
        indent=1,
    )
    assert len(grid.rows) == 6
    assert grid.notes[0].endswith(
        "Evidence rule for each GET and subtheme: at least 3 are expected "
        "(Smith, 2011: samples of 4-8)."
    )


def test_a_get_drawing_on_pets_directly_counts_them(case_first: Path, context_of: Make) -> None:
    themes = case_first / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    text = text.replace(
        "    subthemes:\n      - id: starting-from-nothing",
        "    pets: [ruth-fear-on-stairs]\n    subthemes:\n      - id: starting-from-nothing",
    ).replace(
        "pets: [ines-never-forgetting, ruth-fear-on-stairs, dev-bodyguard]",
        "pets: [ines-never-forgetting, dev-bodyguard]",
    )
    themes.write_text(text, encoding="utf-8")
    table = build_gets(context_of(case_first))
    assert isinstance(table, GetsTable)
    second = table.gets[1]
    assert [p.id for p in second.pets] == ["ruth-fear-on-stairs"]
    assert second.n == 4
    assert table.grid().rows[3].cells[2] == "Ruth: Fear on the stairs"
    listening = table.gets[0].subthemes[1]
    assert (listening.participants, listening.n) == (("Ines", "Dev"), 2)


def test_each_participant_has_their_own_pets(case_first: Path, context_of: Make) -> None:
    table = build_case_pets(context_of(case_first))
    assert isinstance(table, CasePetsTable)
    assert [p.participant for p in table.participants] == ["Ines", "Tomas", "Ruth", "Dev"]
    ines = table.participants[0]
    assert [(pet.id, len(pet.statements)) for pet in ines.pets] == [
        ("ines-not-my-leg", 2),
        ("ines-never-forgetting", 3),
        ("ines-small-runs", 2),
    ]
    total = sum(len(pet.statements) for p in table.participants for pet in p.pets)
    assert total == 25
    six = ines.pets[2].statements[0]
    assert (six.id, six.turn, six.source, six.source_label) == ("ines-06", 10, "I1", "Interview 1")
    assert six.extract == (
        "The first time I ran to the end of my road without stopping I actually cried"
    )
    grid = table.grid()
    assert grid.rows[0] == Row(("Ines", "", "", "", ""), "group")
    assert grid.rows[1].cells[0] == "A leg that was not mine"
    assert grid.rows[2].cells[0] == ""  # the PET's label on its first statement only
    assert len(grid.rows) == 4 + 25


def test_pets_table_shows_who_has_none_and_who_is_in_no_transcript(
    case_first: Path, context_of: Make
) -> None:
    pets = case_first / "pets.yaml"
    text = pets.read_text(encoding="utf-8")
    start = text.index("  - id: dev-bodyguard")
    text = text[:start]  # Dev loses his PETs
    text += "  - id: kim-only\n    participant: Kim\n    label: No words yet\n    statements: []\n"
    pets.write_text(text, encoding="utf-8")
    table = build_case_pets(context_of(case_first))
    assert isinstance(table, CasePetsTable)
    assert [p.participant for p in table.participants] == ["Ines", "Tomas", "Ruth", "Dev", "Kim"]
    rows = table.grid().rows
    assert rows[-4:] == (
        Row(("Dev", "", "", "", ""), "group"),
        Row(("–", "", "", "", "")),
        Row(("Kim", "", "", "", ""), "group"),
        Row(("No words yet", "–", "", "", "")),
    )


def test_a_2009_study_keeps_its_projected_pets_table(small: Path, context_of: Make) -> None:
    ctx = context_of(small)
    assert isinstance(build_case_pets(ctx), PetsTable)
    assert isinstance(build_gets(ctx), Omitted)


def test_default_tables_follow_the_study_path(
    case_first: Path, small: Path, context_of: Make
) -> None:
    built, omitted = build_tables(context_of(case_first))
    assert [t.name for t in built] == [
        "sentence",
        "methods",
        "sample",
        "participants",
        "gets",
        "pets",
        "coreq",
    ]
    assert [o.name for o in omitted] == ["agreement"]  # said aloud: it is not a path question
    built, omitted = build_tables(context_of(small))
    names = [t.name for t in built] + [o.name for o in omitted]
    assert "gets" not in names and "themes" in names
    named, _ = build_tables(context_of(case_first), ["themes", "gets"])
    assert [t.name for t in named] == ["themes", "gets"]
    assert build_tables(context_of(small), ["gets"])[1][0].name == "gets"


@pytest.mark.parametrize(
    ("setting", "heading", "title"),
    [
        (None, "Superordinate theme", "Superordinate Themes and Subthemes"),
        ("auto", "Superordinate theme", "Superordinate Themes and Subthemes"),
        ("'2009'", "Superordinate theme", "Superordinate Themes and Subthemes"),
        ("2022", "Group experiential theme", "Group Experiential Themes and Subthemes"),
    ],
)
def test_theme_headings_follow_terminology(
    small: Path, context_of: Make, setting: str | None, heading: str, title: str
) -> None:
    if setting is not None:
        _set_terminology(small, setting)
    table = build_themes(context_of(small))
    assert (table.grid().columns[0].label, table.title) == (heading, title)
    assert "heading" not in table.to_json()  # the JSON output is unchanged by it


@pytest.mark.parametrize(
    ("setting", "heading", "title"),
    [
        (None, "Group experiential theme", "Group Experiential Themes"),  # auto: it has GETs
        ("'2009'", "Superordinate theme", "Superordinate Themes"),
        ("2022", "Group experiential theme", "Group Experiential Themes"),
    ],
)
def test_get_headings_follow_terminology(
    case_first: Path, context_of: Make, setting: str | None, heading: str, title: str
) -> None:
    _set_terminology(case_first, setting)
    table = build_gets(context_of(case_first))
    assert isinstance(table, GetsTable)
    assert table.grid().columns[0].label == heading
    assert table.title == f"{title} and Subthemes with Contributing Participants"


@pytest.mark.parametrize(
    ("setting", "words"),
    [(None, "superordinate themes"), ("2022", "group experiential themes")],
)
def test_the_recurrence_rows_are_named_by_terminology(
    small: Path, context_of: Make, setting: str | None, words: str
) -> None:
    if setting is not None:
        _set_terminology(small, setting)
    table = build_recurrence(context_of(small))
    assert table.group_themes == words
    assert "group_themes" not in table.to_json()
