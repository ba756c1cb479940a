"""Theme checks: empty themes and themes evidenced by too few participants."""

from __future__ import annotations

from pathlib import Path

import pytest

from check._studies import base_text, findings, study_with
from ipatool.check.themes import evidence_rule
from ipatool.check.validate import validate_study
from ipatool.read.models import Rules

CONFIG = base_text("ipatool.yaml")
FG = base_text("transcripts/FG1.yaml")


def _rules(text: str) -> str:
    return CONFIG + "rules:\n" + text


def test_count_codings_all_needs_every_coder(tmp_path: Path) -> None:
    # FG1 is coded by KG and KW; Chris's coding is by KG only, Jamie's by both.
    config = _rules("  count_codings: all\n")
    found = findings(study_with(tmp_path, {"ipatool.yaml": config}))
    # early-trust keeps Pat (both), Jamie (both) and Sam (I1 has no coded_by: every coder)
    assert found == []
    fewer = FG.replace(
        "      - code: staying-with\n        by: [KG, KW]\n    notes:",
        "      - code: staying-with\n        by: KW\n    notes:",
    )
    root = study_with(tmp_path / "b", {"ipatool.yaml": config, "transcripts/FG1.yaml": fewer})
    assert findings(root) == [("IPA602", "themes.yaml", 2, 9), ("IPA602", "themes.yaml", 5, 13)]


def test_count_codings_majority(tmp_path: Path) -> None:
    fewer = FG.replace(
        "      - code: staying-with\n        by: [KG, KW]\n    notes:",
        "      - code: staying-with\n        by: KW\n    notes:",
    )
    root = study_with(
        tmp_path,
        {"ipatool.yaml": _rules("  count_codings: majority\n"), "transcripts/FG1.yaml": fewer},
    )
    # one of two coders is not a majority: Chris and Jamie drop out
    assert [f[0] for f in findings(root)] == ["IPA602", "IPA602"]


def test_threshold_zero_turns_the_thin_theme_check_off(tmp_path: Path) -> None:
    fewer = FG.replace(
        "      - code: staying-with\n        by: [KG, KW]\n    notes:",
        "      - code: staying-with\n        by: KW\n    notes:",
    )
    config = _rules("  count_codings: all\n  min_participants_per_theme: 0\n")
    assert (
        findings(study_with(tmp_path, {"ipatool.yaml": config, "transcripts/FG1.yaml": fewer}))
        == []
    )


def _messages(root: Path) -> list[str]:
    return [d.message for d in validate_study(root).diagnostics if d.code == "IPA602"]


def _without_sam() -> dict[str, str | None]:
    # three participants (Sam and his interview removed)
    participants = base_text("participants.yaml").split("  - id: Sam")[0]
    return {"participants.yaml": participants, "transcripts/I1.yaml": None}


def _nine_participants() -> dict[str, str | None]:
    # the base's four, and five more who sit in the focus group without being coded
    extra = [f"P{i}" for i in range(5, 10)]
    people = base_text("participants.yaml") + "".join(
        f"  - id: {p}\n    gender: female\n    age: 40\n" for p in extra
    )
    fg = FG.replace(
        "participants: [Pat, Chris, Jamie]",
        f"participants: [Pat, Chris, Jamie, {', '.join(extra)}]",
    )
    return {"participants.yaml": people, "transcripts/FG1.yaml": fg}


@pytest.mark.parametrize(
    ("setting", "prevalence", "sample", "need", "band"),
    [
        ("auto", True, 1, 1, "1-3"),
        ("auto", True, 2, 2, "1-3"),
        ("auto", True, 3, 3, "1-3"),
        ("auto", True, 4, 3, "4-8"),
        ("auto", True, 8, 3, "4-8"),
        ("auto", True, 9, 3, "over 8"),
        ("auto", True, 14, 3, "over 8"),
        ("auto", False, 9, 5, "over 8, no prevalence"),  # half of 9, rounded up
        ("auto", False, 14, 7, "over 8, no prevalence"),
        (5, True, 14, 5, "override"),
        (5, True, 3, 3, "override"),  # capped at the sample
        (0, True, 14, 0, "override"),
    ],
)
def test_evidence_rule_by_sample_size(
    setting: int | str, prevalence: bool, sample: int, need: int, band: str
) -> None:
    rules = Rules.model_validate({"min_participants_per_theme": setting, "prevalence": prevalence})
    rule = evidence_rule(rules, sample)
    assert (rule.need, rule.band) == (need, band)


def test_the_default_is_auto() -> None:
    assert Rules().min_participants_per_theme == "auto"
    assert Rules.model_validate({"min_participants_per_theme": 4}).min_participants_per_theme == 4


def test_band_1_to_3_needs_every_participant(tmp_path: Path) -> None:
    # with count_codings: all, Chris (coded by KG only) drops out: 2 of the 3 evidence the theme
    files = _without_sam() | {"ipatool.yaml": _rules("  count_codings: all\n")}
    root = study_with(tmp_path, files)
    assert findings(root) == [("IPA602", "themes.yaml", 2, 9), ("IPA602", "themes.yaml", 5, 13)]
    assert _messages(root)[0] == (
        "the theme 'trust' is evidenced by 2 participants; every participant (3) is expected "
        "(Smith, 2011: samples of 1-3)"
    )
    # all three: nothing to report
    assert findings(study_with(tmp_path / "b", _without_sam())) == []


def test_band_4_to_8_needs_three(tmp_path: Path) -> None:
    fewer = FG.replace(
        "      - code: staying-with\n        by: [KG, KW]\n    notes:",
        "      - code: staying-with\n        by: KW\n    notes:",
    )
    files = {"ipatool.yaml": _rules("  count_codings: all\n"), "transcripts/FG1.yaml": fewer}
    # staying-with keeps neither Chris (KG only) nor Jamie (KW only): Pat and Sam remain
    assert _messages(study_with(tmp_path, files)) == [
        "the theme 'trust' is evidenced by 2 participants; at least 3 are expected "
        "(Smith, 2011: samples of 4-8)",
        "the subtheme 'early-trust' is evidenced by 2 participants; at least 3 are expected "
        "(Smith, 2011: samples of 4-8)",
    ]


def test_band_over_8_with_prevalence_needs_three(tmp_path: Path) -> None:
    # 9 participants, 4 of them coded to the theme: enough when prevalence is reported
    # (the five silent participants are reported as such, IPA705, and nothing else)
    found = findings(study_with(tmp_path, _nine_participants()))
    assert {f[0] for f in found} == {"IPA705"}


def test_band_over_8_without_prevalence_needs_half(tmp_path: Path) -> None:
    files = _nine_participants() | {"ipatool.yaml": _rules("  prevalence: false\n")}
    assert _messages(study_with(tmp_path, files)) == [
        "the theme 'trust' is evidenced by 4 participants; at least 5 (half the sample of 9) "
        "are expected (Smith, 2011: samples over 8 without each theme's prevalence reported)",
        "the subtheme 'early-trust' is evidenced by 4 participants; at least 5 (half the sample "
        "of 9) are expected (Smith, 2011: samples over 8 without each theme's prevalence "
        "reported)",
    ]


def test_a_number_overrides_the_rule(tmp_path: Path) -> None:
    files = {"ipatool.yaml": _rules("  min_participants_per_theme: 5\n")}
    # four participants, capped at the sample: every theme is evidenced by all four
    assert findings(study_with(tmp_path, files)) == []
    files = _nine_participants() | {"ipatool.yaml": _rules("  min_participants_per_theme: 5\n")}
    assert _messages(study_with(tmp_path / "b", files))[0] == (
        "the theme 'trust' is evidenced by 4 participants; at least 5 are expected "
        "(rules.min_participants_per_theme: 5)"
    )


def test_thematic_studies_get_no_ipa_citation(tmp_path: Path) -> None:
    fewer = FG.replace(
        "      - code: staying-with\n        by: [KG, KW]\n    notes:",
        "      - code: staying-with\n        by: KW\n    notes:",
    )
    config = _rules("  count_codings: all\n").replace("method: ipa", "method: thematic")
    result = validate_study(
        study_with(tmp_path, {"ipatool.yaml": config, "transcripts/FG1.yaml": fewer})
    )
    assert result.diagnostics
    assert all("Smith" not in d.message for d in result.diagnostics)
