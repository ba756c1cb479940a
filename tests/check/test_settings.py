"""Settings checks: severity overrides and reporting choices."""

from __future__ import annotations

from pathlib import Path

from check._studies import base_text, findings, study_with
from ipatool.check.validate import validate_study
from ipatool.diagnostics import CHECKS

CONFIG = base_text("ipatool.yaml")
FG = base_text("transcripts/FG1.yaml")
CROWDED = FG.replace("kind: focus_group", "kind: interview")  # gives IPA702, a warning


def _with_severity(lines: str) -> str:
    return CONFIG + "rules:\n  severity:\n" + lines


def test_override_by_code_and_by_slug(tmp_path: Path) -> None:
    for i, key in enumerate(["IPA702", "crowded-interview"]):
        root = study_with(
            tmp_path / str(i),
            {
                "ipatool.yaml": _with_severity(f"    {key}: error\n"),
                "transcripts/FG1.yaml": CROWDED,
            },
        )
        (d,) = validate_study(root).diagnostics
        assert (d.code, d.severity.value) == ("IPA702", "error")


def test_override_off_drops_the_finding(tmp_path: Path) -> None:
    root = study_with(
        tmp_path,
        {
            "ipatool.yaml": _with_severity("    crowded-interview: off\n"),
            "transcripts/FG1.yaml": CROWDED,
        },
    )
    assert findings(root) == []


def test_error_can_be_lowered_to_a_warning(tmp_path: Path) -> None:
    text = base_text("transcripts/I1.yaml").replace("first-meeting", "first-meting")
    root = study_with(
        tmp_path,
        {"ipatool.yaml": _with_severity("    IPA301: warning\n"), "transcripts/I1.yaml": text},
    )
    (d,) = validate_study(root).diagnostics
    assert (d.code, d.severity.value) == ("IPA301", "warning")


def test_unknown_override_name_suggests_a_check(tmp_path: Path) -> None:
    root = study_with(tmp_path, {"ipatool.yaml": _with_severity("    IPA3020: off\n")})
    (d,) = validate_study(root).diagnostics
    assert d.code == "IPA901"
    assert d.hint is not None and "IPA302" in d.hint


def test_reporting_lists_with_fields_of_the_wrong_kind(tmp_path: Path) -> None:
    config = CONFIG + "    range_median: [gender]\n"
    assert findings(study_with(tmp_path, {"ipatool.yaml": config})) == [
        ("IPA310", "ipatool.yaml", 26, 20)
    ]


def test_roles_and_participants_table_name_declared_fields(tmp_path: Path) -> None:
    # the base's reporting ends with the sentence (line 25: mean_sd); these follow it
    config = (
        CONFIG.replace("reporting:\n", "reporting:\n  participants_table: [gender, ages]\n")
        + "  roles:\n    field: age\n"
    )
    root = study_with(tmp_path, {"ipatool.yaml": config})
    messages = sorted((d.span.line, d.message) for d in validate_study(root).diagnostics)
    assert messages == [
        (23, "'ages' is not a declared field"),
        (28, "'age' is a number field; roles.field needs category fields"),
    ]


def test_every_check_has_a_unique_slug_and_a_summary() -> None:
    slugs = [c.slug for c in CHECKS.values()]
    assert len(slugs) == len(set(slugs))
    assert all(c.summary.endswith(".") for c in CHECKS.values())
    assert all(code == c.code and code.startswith("IPA") for code, c in CHECKS.items())


def test_settings_booleans_are_strict_too(tmp_path: Path) -> None:
    text = CONFIG + "reflexive: yes\n"
    found = validate_study(study_with(tmp_path, {"ipatool.yaml": text})).diagnostics
    (d,) = [d for d in found if d.code == "IPA103"]
    assert d.message == "'reflexive' should be true or false, not the text 'yes'"
    assert d.hint is not None and d.hint.endswith("write reflexive: true")
