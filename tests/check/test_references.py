"""Reference checks: ids used in transcripts are declared, and declarations are used."""

from __future__ import annotations

from pathlib import Path

from check._studies import base_text, findings, study_with
from ipatool.check.validate import validate_study

FG = base_text("transcripts/FG1.yaml")
I1 = base_text("transcripts/I1.yaml")


def test_unknown_code_without_a_close_match_says_where_to_define_it(tmp_path: Path) -> None:
    root = study_with(tmp_path, {"transcripts/I1.yaml": I1.replace("first-meeting", "xyz")})
    (d,) = [d for d in validate_study(root).diagnostics if d.code == "IPA301"]
    assert d.hint == "define it in themes.yaml under a subtheme"


def test_unknown_code_suggests_the_closest(tmp_path: Path) -> None:
    root = study_with(
        tmp_path, {"transcripts/I1.yaml": I1.replace("first-meeting", "First-Meeting")}
    )
    (d,) = validate_study(root).diagnostics
    assert d.code == "IPA301"
    assert d.hint == "did you mean 'first-meeting'?"


def test_an_unknown_speaker_is_reported_at_every_turn(tmp_path: Path) -> None:
    text = FG.replace("speaker: Pat", "speaker: Pta").replace("speaker: Jamie", "speaker: Pta")
    found = findings(study_with(tmp_path, {"transcripts/FG1.yaml": text}))
    assert [f for f in found if f[0] == "IPA303"] == [
        ("IPA303", "transcripts/FG1.yaml", 13, 14),
        ("IPA303", "transcripts/FG1.yaml", 29, 14),
    ]


def test_the_transcripts_own_interviewer_may_speak(tmp_path: Path) -> None:
    config = base_text("ipatool.yaml").replace(
        "interviewers:\n  - id: KW\n", "interviewers:\n  - id: KG\n    name: Kate\n  - id: KW\n"
    )
    text = I1.replace("speaker: KW", "speaker: KG")  # declared interviewer, not this transcript's
    assert (
        findings(study_with(tmp_path, {"ipatool.yaml": config, "transcripts/I1.yaml": text})) == []
    )


def test_by_defaults_to_coded_by(tmp_path: Path) -> None:
    # coded_by [KG] and no 'by': the coding is KG's, so no IPA307
    text = FG.replace("coded_by: [KG, KW]", "coded_by: [KG]").replace("by: [KG, KW]", "by: KG")
    assert findings(study_with(tmp_path, {"transcripts/FG1.yaml": text})) == []


def test_broken_participants_file_does_not_make_every_participant_unknown(tmp_path: Path) -> None:
    text = base_text("participants.yaml").replace("  - id: Sam", "  - idd: Sam")
    found = findings(study_with(tmp_path, {"participants.yaml": text}))
    assert [f[0] for f in found] == ["IPA102"]


def test_broken_themes_file_does_not_make_every_code_unknown(tmp_path: Path) -> None:
    text = base_text("themes.yaml").replace("    label: Building trust\n", "")
    assert [f[0] for f in findings(study_with(tmp_path, {"themes.yaml": text}))] == ["IPA102"]


def test_unreadable_transcript_does_not_make_codes_unused(tmp_path: Path) -> None:
    root = study_with(tmp_path, {"transcripts/FG1.yaml": "id: [\n"})
    assert [f[0] for f in findings(root)] == ["IPA001"]


def test_broken_settings_do_not_make_interviewers_unknown_speakers(tmp_path: Path) -> None:
    config = base_text("ipatool.yaml").replace("method: ipa", "method: grounded")
    assert [f[0] for f in findings(study_with(tmp_path, {"ipatool.yaml": config}))] == ["IPA104"]
