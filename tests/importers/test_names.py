"""Real names given to ``--speaker`` are looked for in the turn texts, and replaced on request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ipatool.importers.names import NameFinder, NameHit, name_notes
from ipatool.importers.speakers import speaker_names
from ipatool.read.yamlio import read_document

Run = Callable[..., Any]
Errors = Callable[[Path], list[str]]


def _scan(names: dict[str, str], texts: list[str], *, replace: bool = True) -> list[str]:
    out, _ = NameFinder(names).scan(texts, replace=replace)
    return out


def test_whole_names_and_their_capitalised_words_are_replaced() -> None:
    out = _scan(
        {"Sue Smith": "P2"},
        ["And Sue, what about you?", "Ask sue smith or SUE SMITH.", "Smith's view; Sue’s too"],
    )
    assert out == ["And [P2], what about you?", "Ask [P2] or [P2].", "[P2]'s view; [P2]’s too"]


def test_words_match_whole_and_case_sensitively() -> None:
    out = _scan({"Sue Smith": "P2"}, ["Suez, sue them, Smithson, blacksmith, SUE, Sue-Ellen."])
    assert out == ["Suez, sue them, Smithson, blacksmith, SUE, [P2]-Ellen."]


def test_short_words_titles_and_bracketed_parts_are_not_looked_for() -> None:
    finder = NameFinder({"Dr. Jo Li (SL)": "P4", "Ashlee Kupor (SL)": "P5"})
    assert [(t.text, t.whole) for t in finder.terms] == [
        ("Ashlee Kupor", True),
        ("Dr Jo Li", True),
        ("Ashlee", False),
        ("Kupor", False),
    ]
    out, _ = finder.scan(["Jo and Li and SL and Dr and Kupor."], replace=True)
    assert out == ["Jo and Li and SL and Dr and [P5]."]


def test_role_labels_and_ids_are_no_names() -> None:
    assert NameFinder({"Interviewer": "R1", "Speaker 1": "P1", "P3": "P3"}).terms == []
    assert speaker_names(["Interviewer=R1", "id1", "Sam Jones=Sam", "P2=P2"]) == {
        "Interviewer": "R1",
        "Sam Jones": "Sam",
    }


def test_a_lower_case_label_is_looked_for_capitalised() -> None:
    out = _scan({"latha sriram": "P3", "ludwig van beethoven": "P9"}, ["Latha and van Sriram."])
    assert out == ["[P3] and van [P3]."]


def test_a_word_shared_by_two_people_names_both() -> None:
    out = _scan({"Sue Smith": "P2", "Jo Smith": "P6"}, ["Mrs Smith came."])
    assert out == ["Mrs [P2/P6] came."]


def test_ordinary_words_at_a_sentence_start_are_possible_and_kept() -> None:
    finder = NameFinder({"Will Grace": "P4"})
    out, hits = finder.scan(
        ["Will you come? I told Will. “Grace is key.” Will's idea.", "May I?"], replace=True
    )
    assert out == ["Will you come? I told [P4]. “Grace is key.” [P4]'s idea.", "May I?"]
    assert [(h.name, h.possible, h.replaced) for h in hits] == [
        ("Will", True, False),
        ("Will", False, True),
        ("Grace", True, False),
        ("Will", False, True),
    ]


def test_months_are_always_only_possible() -> None:
    _, hits = NameFinder({"April Jones": "P7"}).scan(["We met in April."], replace=True)
    assert hits == [NameHit("April", ("P7",), 1, possible=True, replaced=False)]


def test_notes_name_file_turns_and_what_was_done() -> None:
    finder = NameFinder({"Sue Smith": "P2", "Will Grace": "P4"})
    _, hits = finder.scan(["Hi.", "And Sue, and Sue.", "Will you?", "Ask Sue?"], replace=False)
    assert name_notes("raw.txt", hits, replace=False) == [
        'raw.txt: the name "Sue" (given for P2) is in the text at turns 2 (2 times), 4',
        'raw.txt: possibly the name "Will" (given for P4) at turn 3, as it may be an ordinary '
        "word there; left as it is: check it",
        "raw.txt: real names would enter the study: import with --replace-names to write the "
        "pseudonym in brackets instead, or edit the raw file",
    ]
    _, hits = finder.scan(["And Sue."], replace=True)
    assert name_notes("raw.txt", hits, replace=True) == [
        'raw.txt: the name "Sue" (given for P2) is in the text at turn 1; written as [P2]'
    ]


def test_no_names_no_notes() -> None:
    out, hits = NameFinder({}).scan(["And Sue?"], replace=True)
    assert (out, hits) == (["And Sue?"], [])
    assert name_notes("raw.txt", [], replace=False) == []


RAW = "Interviewer: And Sue, what about you?\n\nSue Smith: Well, Kim said so.\n"


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    path = tmp_path / "group.txt"
    path.write_text(RAW, encoding="utf-8")
    return path


def test_import_reports_names_on_stderr_and_leaves_them(raw: Path, study: Path, run: Run) -> None:
    result = run(
        "import", "transcript", str(raw), "--into", str(study),
        "-s", "Interviewer=R1", "-s", "Sue Smith=P2", "--add-participants",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        f'ipatool: warning: {raw.as_posix()}: the name "Sue" (given for P2) is in the text at '
        "turn 1\n"
    ) in result.stderr
    assert "--replace-names" in result.stderr
    assert "Sue" not in result.stdout
    assert "Kim" not in result.stderr  # a name not given to --speaker is not caught
    doc = read_document(study / "transcripts" / "group.yaml", "group.yaml")
    assert doc.data["turns"][0]["text"] == "And Sue, what about you?"


def test_replace_names_writes_the_pseudonym(
    errors_of: Errors, raw: Path, study: Path, run: Run
) -> None:
    result = run(
        "import", "transcript", str(raw), "--into", str(study),
        "-s", "Interviewer=R1", "-s", "Sue Smith=P2", "--add-participants", "--replace-names",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "written as [P2]" in result.stderr
    text = (study / "transcripts" / "group.yaml").read_text(encoding="utf-8")
    assert "Sue" not in text
    doc = read_document(study / "transcripts" / "group.yaml", "group.yaml")
    assert [t["text"] for t in doc.data["turns"]] == [
        "And [P2], what about you?",
        "Well, Kim said so.",
    ]
    assert errors_of(study) == []
