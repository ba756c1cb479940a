"""Theme checks: empty themes and themes evidenced by too few participants."""

from __future__ import annotations

from pathlib import Path

from check._studies import base_text, findings, study_with
from ipatool.check.validate import validate_study

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


def test_small_samples_need_only_one_participant(tmp_path: Path) -> None:
    # three participants (Sam removed): Smith's guidance applies from 4; one is then enough
    participants = base_text("participants.yaml").split("  - id: Sam")[0]
    root = study_with(tmp_path, {"participants.yaml": participants, "transcripts/I1.yaml": None})
    assert findings(root) == []


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
