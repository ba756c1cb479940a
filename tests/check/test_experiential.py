"""The case-first checks (IPA620-IPA633): each fires where it should, and not on good input.

The broken-study cases (tests/broken_studies/*) give one planted problem each; these tests edit
the clean case-first case (``case-first-clean``) for what needs more than one file or a band of
the evidence rule.
"""

from __future__ import annotations

from pathlib import Path

from check._studies import build, findings
from ipatool.check.validate import validate_study


def _clean(tmp_path: Path) -> Path:
    return build("case-first-clean", tmp_path).root


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_clean_case_and_the_example_give_no_findings(tmp_path: Path, repo: Path) -> None:
    assert findings(_clean(tmp_path)) == []
    example = validate_study(repo / "examples" / "case-first-ipa")
    assert example.diagnostics == []


def test_two_pets_with_one_id(tmp_path: Path) -> None:
    root = _clean(tmp_path)
    pets = (root / "pets.yaml").read_text(encoding="utf-8")
    pets += "  - id: pat-tone\n    participant: Pat\n    label: Again\n    statements: []\n"
    (root / "pets.yaml").write_text(pets, encoding="utf-8")
    # line 18: the second 'pat-tone'; it is empty (IPA632) and feeds no GET: the GET's list
    # names the first
    assert findings(root) == [
        ("IPA631", "pets.yaml", 18, 9),
        ("IPA632", "pets.yaml", 18, 9),
    ]


def test_an_empty_pet_and_an_empty_subtheme(tmp_path: Path) -> None:
    root = _clean(tmp_path)
    _edit(root, "pets.yaml", "statements: [sam-1]", "statements: []")
    _edit(
        root,
        "themes.yaml",
        "    pets: [pat-tone, chris-stop, jamie-stay, sam-work]\n",
        "    pets: [pat-tone, chris-stop, jamie-stay, sam-work]\n"
        "    subthemes:\n      - id: later\n        label: Later\n",
    )
    assert findings(root) == [
        ("IPA626", "transcripts/I1.yaml", 18, 13),  # sam-1, now in no PET
        ("IPA632", "pets.yaml", 14, 9),
        ("IPA632", "themes.yaml", 17, 13),
    ]


def test_a_statement_on_another_participants_turn_in_a_focus_group(tmp_path: Path) -> None:
    """A statement written on Chris's turn but listed by Jamie's PET is Chris's statement."""
    root = _clean(tmp_path)
    _edit(root, "pets.yaml", "statements: [jamie-1]", "statements: [jamie-1, chris-1]")
    got = findings(root)
    assert ("IPA623", "pets.yaml", 13, 27) in got
    assert ("IPA625", "pets.yaml", 13, 27) in got  # and Chris's own PET lists it already


def test_get_evidence_follows_the_rule_by_sample_size(tmp_path: Path) -> None:
    """Four participants: 4-8 band, 3 needed. Three of them: 1-3 band, every one needed. An
    override of 1 silences it."""
    root = _clean(tmp_path)
    _edit(
        root,
        "themes.yaml",
        "pets: [pat-tone, chris-stop, jamie-stay, sam-work]",
        "pets: [pat-tone, chris-stop]\n  - id: rest\n    label: Rest\n    pets: [jamie-stay, sam-work]",
    )
    got = validate_study(root).diagnostics
    thin = [(d.code, d.span.line, d.message) for d in got if d.code == "IPA633"]
    assert [(c, line) for c, line, _m in thin] == [("IPA633", 13), ("IPA633", 16)]
    assert (
        "PETs of 2 participants; at least 3 are expected (Smith, 2011: samples of 4-8)"
        in (thin[0][2])
    )
    cfg = root / "ipatool.yaml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8") + "rules:\n  min_participants_per_theme: 1\n",
        encoding="utf-8",
    )
    assert [d for d in validate_study(root).diagnostics if d.code == "IPA633"] == []


def test_a_small_sample_needs_every_participant(tmp_path: Path) -> None:
    root = _clean(tmp_path)
    # Sam leaves the study: three participants, every one expected in each GET
    for rel in ("transcripts/I1.yaml",):
        (root / rel).unlink()
    _edit(root, "participants.yaml", "  - id: Sam\n    gender: male\n    age: 61\n", "")
    _edit(
        root,
        "pets.yaml",
        "  - id: sam-work\n    participant: Sam\n    label: A theme\n    statements: [sam-1]\n",
        "",
    )
    _edit(
        root,
        "themes.yaml",
        "pets: [pat-tone, chris-stop, jamie-stay, sam-work]",
        "pets: [pat-tone, chris-stop]\n  - id: rest\n    label: Rest\n    pets: [jamie-stay]",
    )
    messages = [d.message for d in validate_study(root).diagnostics if d.code == "IPA633"]
    assert messages == [
        "the GET 'staying-power' draws on PETs of 2 participants; every participant (3) is "
        "expected (Smith, 2011: samples of 1-3)",
        "the GET 'rest' draws on PETs of 1 participant; every participant (3) is expected "
        "(Smith, 2011: samples of 1-3)",
    ]


def test_no_cascade_when_pets_yaml_is_broken(tmp_path: Path) -> None:
    """A pets.yaml that does not load reports its own problem only: no flood of unplaced
    statements, participants without PETs or unknown PETs."""
    root = _clean(tmp_path)
    (root / "pets.yaml").write_text("pets:\n  - id: pat-tone\n    colour: red\n", encoding="utf-8")
    codes = {code for code, *_ in findings(root)}
    assert codes <= {"IPA101", "IPA102"}, codes


def test_no_unknown_statement_while_a_transcript_is_unread(tmp_path: Path) -> None:
    root = _clean(tmp_path)
    (root / "transcripts" / "I1.yaml").write_text("id: I1\nkind: [\n", encoding="utf-8")
    codes = {code for code, *_ in findings(root)}
    assert "IPA001" in codes and "IPA622" not in codes


def test_a_2009_study_is_not_asked_for_pets(tmp_path: Path) -> None:
    """The base study has neither PETs nor GETs: no case-first finding at all."""
    from check._studies import BASE

    assert [c for c, *_ in findings(BASE) if "IPA620" <= c <= "IPA633"] == []


def test_statements_are_found_through_the_cache_too(tmp_path: Path) -> None:
    """Validation from the cache (facts of unchanged transcripts, the run's findings) gives the
    same findings, and notices a change to pets.yaml (one of the files a run's key covers)."""
    from ipatool.check.validate import check_study

    root = _clean(tmp_path)
    assert check_study(root).diagnostics == []
    assert check_study(root).from_cache
    _edit(root, "pets.yaml", "statements: [sam-1]", "statements: [sam-1, sam-9]")
    again = check_study(root)
    assert not again.from_cache
    assert [(d.code, d.span.line) for d in again.diagnostics] == [("IPA622", 17)]
