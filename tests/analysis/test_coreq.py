"""The COREQ checklist of the small study and of the example, item by item."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ipatool import __version__
from ipatool.analysis import Context
from ipatool.analysis.coreq import TO_COMPLETE, build_coreq
from ipatool.analysis.coreq_items import ITEMS

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
