"""The COREQ checklist of the small study and of the example, item by item."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from ipatool import __version__
from ipatool.analysis import Context
from ipatool.analysis.coreq import TO_COMPLETE, build_coreq
from ipatool.analysis.coreq_items import ITEMS
from ipatool.analysis.srqr import build_srqr

Make = Callable[..., Context]


def test_the_32_items_in_three_domains() -> None:
    assert [i.number for i in ITEMS] == list(range(1, 33))
    domains = [i.domain.split(":")[0] for i in ITEMS]
    # Tong et al. (2007): items 1-8, 9-23 and 24-32
    assert (domains.count("Domain 1"), domains.count("Domain 2"), domains.count("Domain 3")) == (
        8,
        15,
        9,
    )


def test_small_study_answers(small: Path, context_of: Make) -> None:
    t = build_coreq(context_of(small))
    answers = {i.number: i.answer for i in t.items if i.filled}
    assert answers == {
        1: "Rita (R)",
        9: "Interpretative phenomenological analysis (IPA)",
        12: "5 participants",
        16: "Recorded for each participant: Gender, Age, Years in practice, Role "
        "(the sample and participants tables)",
        18: "No: each participant took part in one transcript",
        21: "The one-to-one interview lasted 40 minutes; the focus group lasted 90 minutes.",
        24: "3 (Ann (A), Ben (B), Cat (C))",
        25: "Yes: 2 superordinate themes, 3 subthemes and 4 codes (the themes and codebook tables)",
        27: f"ipatool {__version__} (study files as plain text under git)",
        # S1 3 + S2 2 + S3 3 extracts; I1/2 "the first meeting" (c1) and the whole turn (c4)
        # are two extracts; FG1/3 (c1 and c2) is one
        29: "Yes: 8 coded extracts, each identified by pseudonym and source (the quote bank)",
        31: "2 superordinate themes (the themes table)",
        32: "3 subthemes; the participants absent from each theme (divergence) in the quality table",
    }
    assert t.filled == 12
    assert all(i.answer == TO_COMPLETE for i in t.items if not i.filled)
    grid = t.grid()
    # 3 domain rows, 10 topic rows (5 + 3 + 2... counted from the items), 32 items
    topics = len({(i.domain, i.topic) for i in ITEMS})
    assert len(grid.rows) == 3 + topics + 32
    assert grid.rows[0].cells[0] == "Domain 1: Research team and reflexivity"
    assert grid.rows[2].cells[:2] == ("1", "Interviewer/facilitator")


def test_a_repeat_interview_is_counted(small: Path, context_of: Make) -> None:
    fg = small / "transcripts" / "FG1.yaml"
    fg.write_text(
        fg.read_text(encoding="utf-8").replace("[P2, P3, P4, P5]", "[P2, P3, P4, P5, P1]")
    )
    t = build_coreq(context_of(small))
    assert t.items[17].answer == "Yes: 1 participant in more than one transcript (P1)"


def test_the_example_names_its_three_interviewers(example_study: Path, context_of: Make) -> None:
    t = build_coreq(context_of(example_study))
    assert t.items[0].answer == "Kathryn Gardner (KG), Karen Wright (KW), Alison Elliott (AE)"
    assert t.items[11].answer == "14 participants"
    assert t.items[20].answer == (
        "One-to-one interviews lasted 29 and 66 minutes (M = 47.5); "
        "focus groups lasted 85, 86 and 54 minutes (M = 75)."
    )


METADATA = """metadata:
  sampling: Purposive sampling of nurses and psychologists
  setting: Two community clinics
  saturation: Not discussed
  ethics: Approved by the university ethics committee
  funding: None
"""


def _details(root: Path) -> None:
    cfg = root / "ipatool.yaml"
    text = cfg.read_text(encoding="utf-8")
    text = text.replace(
        "  - id: R\n    name: Rita\n",
        "  - id: R\n    name: Rita\n    credentials: PhD\n    gender: female\n",
    )
    cfg.write_text(text + METADATA, encoding="utf-8")


def test_metadata_and_the_interviewers_details_fill_more_items(
    small: Path, context_of: Make
) -> None:
    before = build_coreq(context_of(small))
    _details(small)
    t = build_coreq(context_of(small))
    answers = {i.number: i.answer for i in t.items if i.filled}
    assert answers[2] == "Rita (R): PhD"
    assert answers[4] == "Rita (R): female"
    assert answers[10] == "Purposive sampling of nurses and psychologists"
    assert answers[14] == "Two community clinics"
    assert answers[22] == "Not discussed"
    # occupation, experience, the relationship... are not given: still to be completed
    for number in (3, 5, 6, 7, 8, 11, 13, 15, 17, 19, 20, 23, 26, 28, 30):
        assert t.items[number - 1].answer == TO_COMPLETE and not t.items[number - 1].filled
    assert (before.filled, t.filled) == (12, 17)
    assert "17 of the 32 items" in t.notes[0]


def test_a_detail_only_some_interviewers_give(small: Path, context_of: Make) -> None:
    _details(small)
    fg = small / "transcripts" / "FG1.yaml"
    fg.write_text(fg.read_text(encoding="utf-8").replace("interviewer: R", "interviewer: [R, Q]"))
    cfg = small / "ipatool.yaml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text.replace("interviewers:\n", "interviewers:\n  - id: Q\n"), encoding="utf-8")
    t = build_coreq(context_of(small))
    # in the order ipatool.yaml declares them; Q has no credentials
    assert t.items[0].answer == "Q, Rita (R)"
    assert t.items[1].answer == "Q: to be completed; Rita (R): PhD"


def test_srqr_items_from_the_files_and_metadata(small: Path, context_of: Make) -> None:
    from ipatool.analysis.srqr import build_srqr
    from ipatool.analysis.srqr_items import ITEMS as SRQR

    assert [i.number for i in SRQR] == list(range(1, 22))
    t = build_srqr(context_of(small))
    answers = {i.number: i.answer for i in t.items if i.filled}
    assert answers == {
        1: "A small study: trust & change",
        5: "Interpretative phenomenological analysis (IPA)",
        10: "1 one-to-one interview and 1 focus group. The one-to-one interview lasted 40 "
        "minutes; the focus group lasted 90 minutes.",
        12: "5 participants; recorded for each: Gender, Age, Years in practice, Role "
        "(the sample and participants tables)",
        13: "Transcripts and coding kept as plain text under version control, every quotation "
        "checked against its transcript (ipatool)",
        14: "Interpretative phenomenological analysis (IPA); 3 coders (Ann (A), Ben (B), "
        "Cat (C)); 2 transcripts coded by two or more coders",
        16: "2 superordinate themes and 3 subthemes (the themes table)",
        17: "8 coded extracts, each identified by pseudonym and source (the quote bank)",
    }
    _details(small)
    t = build_srqr(context_of(small))
    answers = {i.number: i.answer for i in t.items if i.filled}
    assert answers[6] == "Credentials: Rita (R): PhD. Gender: Rita (R): female."
    assert answers[7] == "Two community clinics"
    assert answers[8] == "Purposive sampling of nurses and psychologists. Not discussed."
    assert answers[9] == "Approved by the university ethics committee"
    assert answers[21] == "None"
    assert t.filled == 13 and t.items[19].answer == TO_COMPLETE
    grid = t.grid()
    # 6 section rows, no topic rows, 21 items
    assert len(grid.rows) == 6 + 21
    assert grid.rows[0].cells[0] == "Title and abstract"


def test_an_unknown_metadata_key_is_an_error(small: Path) -> None:
    from ipatool.check.validate import validate_study

    cfg = small / "ipatool.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "metadata:\n  saturaton: yes\n")
    found = [(d.code, d.span.line) for d in validate_study(small).diagnostics]
    lines = len(cfg.read_text(encoding="utf-8").splitlines())
    assert ("IPA101", lines) in found


def test_the_example_fills_items_from_the_papers_methods(
    example_study: Path, context_of: Make
) -> None:
    t = build_coreq(context_of(example_study))
    by = {i.number: i for i in t.items}
    assert by[3].answer.startswith(
        "Kathryn Gardner (KG): School of Psychology, University of Central Lancashire"
    )
    assert by[14].answer == "NHS Trust premises"
    # the paper does not state credentials, gender, saturation or participant checking
    assert [by[n].filled for n in (2, 4, 22, 28)] == [False] * 4


CASE_FIRST = Path(__file__).resolve().parents[2] / "examples" / "case-first-ipa"


def _case_first(tmp_path: Path) -> Path:
    dest = tmp_path / "case-first"
    shutil.copytree(CASE_FIRST, dest, ignore=shutil.ignore_patterns(".ipatool-cache"))
    return dest


def test_a_case_first_study_answers_from_its_gets_and_pets(
    tmp_path: Path, context_of: Make
) -> None:
    # examples/case-first-ipa: GETs knee-as-stranger and runner-again, two subthemes each, each
    # subtheme three PETs: 12 PETs, three for each of Ines, Tomas, Ruth and Dev, grouping
    # 7 + 6 + 6 + 6 = 25 statements (pets.yaml), every one found in its transcript
    ctx = context_of(_case_first(tmp_path))
    answers = {i.number: i.answer for i in build_coreq(ctx).items}
    drawn = (
        "2 group experiential themes with 4 subthemes, drawn from 12 personal experiential "
        "themes of 4 participants"
    )
    assert answers[25] == (
        f"Yes: {drawn}, grouping 25 experiential statements (the GETs and PETs tables)"
    )
    assert answers[26].startswith("Derived from the data, case by case: ")
    quoted = (
        "25 experiential statements with the participant's words each rests on, each "
        "identified by pseudonym, source and turn (the PETs table)"
    )
    assert answers[29] == f"Yes: {quoted}"
    assert answers[30].startswith("Each group experiential theme is shown with the personal")
    assert answers[31] == "2 group experiential themes (the GETs table)"
    assert answers[32].startswith("4 subthemes; the participants contributing to each theme")
    assert TO_COMPLETE not in {answers[n] for n in (25, 26, 29, 30, 31, 32)}
    srqr = {i.number: i.answer for i in build_srqr(ctx).items}
    assert srqr[16] == f"{drawn} (the GETs and PETs tables)"
    assert srqr[17] == quoted


def test_case_first_counts_each_pet_once_and_only_defined_ids(
    tmp_path: Path, context_of: Make
) -> None:
    root = _case_first(tmp_path)
    themes = root / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    # runner-again loses its subthemes and draws on two PETs directly: one already drawn on by
    # knee-as-stranger (ines-not-my-leg), and one that is not defined
    cut = text.index("  - id: runner-again")
    text = text[:cut] + (
        "  - id: runner-again\n"
        "    label: Becoming a runner again\n"
        "    pets: [ines-not-my-leg, no-such-pet]\n"
    )
    themes.write_text(text, encoding="utf-8")
    (root / "ipatool.yaml").write_text(
        (root / "ipatool.yaml").read_text(encoding="utf-8")
        + "metadata:\n  theme_derivation: Derived from the data.\n",
        encoding="utf-8",
    )
    answers = {i.number: i.answer for i in build_coreq(context_of(root)).items}
    # knee-as-stranger's 6 PETs (Ines 2, Tomas 1, Ruth 2, Dev 1) with 2 + 3 + 2 + 2 + 2 + 2 = 13
    # statements; ines-not-my-leg again adds nothing and no-such-pet is not counted
    assert answers[25] == (
        "Yes: 2 group experiential themes with 2 subthemes, drawn from 6 personal experiential "
        "themes of 4 participants, grouping 13 experiential statements (the GETs and PETs tables)"
    )
    assert answers[26] == "Derived from the data."  # metadata answers it
    assert answers[31] == "2 group experiential themes (the GETs table)"
