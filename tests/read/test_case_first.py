"""Reading the case-first files: statements on turns, pets.yaml, gets in themes.yaml, the
terminology setting; with positions, and the same through the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ipatool.check.validate import validate_study
from ipatool.diagnostics import Span
from ipatool.read.loader import load_study
from ipatool.read.models import Terminology
from ipatool.read.study import StatementText

CASE_FIRST = Path(__file__).resolve().parents[2] / "examples" / "case-first-ipa"


@pytest.fixture
def study(tmp_path: Path) -> Path:
    dest = tmp_path / "study"
    shutil.copytree(CASE_FIRST, dest, ignore=shutil.ignore_patterns(".ipatool-cache"))
    return dest


def test_the_example_loads_statements_pets_and_gets(study: Path) -> None:
    loaded, diags = load_study(study)
    assert diags == []
    assert [g.id for g in loaded.gets] == ["knee-as-stranger", "runner-again"]
    assert [s.id for s in loaded.gets[0].subthemes] == ["betrayed", "listening-for-twinges"]
    assert loaded.themes == []
    assert len(loaded.pets) == 12
    assert {p.participant for p in loaded.pets} == {"Ines", "Tomas", "Ruth", "Dev"}
    assert loaded.case_first
    assert loaded.config is not None
    assert loaded.config.reporting.terminology is Terminology.Y2022
    ines = next(t for t in loaded.transcripts if t.id == "I1")
    assert [s.id for s in ines.statements] == [f"ines-0{i}" for i in range(1, 8)]
    assert ines.statements[0] == StatementText(
        "ines-01",
        2,
        "Ines",
        "The injury is lived as the body acting against her, a leg no longer hers",
        "this isn't mine, this can't be my leg doing this to me",
        "this isn't mine, this can't be my leg doing this to me",
    )


def test_statement_ids_have_their_positions(study: Path) -> None:
    loaded, _ = load_study(study, digests=False)
    facts = next(t for t in loaded.facts if t.id.id == "I1")
    first = facts.statements[0]
    assert (first.id, first.turn, first.speaker) == ("ines-01", 2, "Ines")
    # transcripts/I1.yaml line 25: "      - id: ines-01", the id's value at column 13
    assert (first.span.line, first.span.column) == (25, 13)
    assert isinstance(first.span, Span)


def test_a_statement_without_quote_rests_on_the_whole_turn(study: Path) -> None:
    path = study / "transcripts" / "I3.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("        quote: I look around more\n", ""), encoding="utf-8")
    loaded, diags = load_study(study)
    assert diags == []
    ruth = next(t for t in loaded.transcripts if t.id == "I3")
    st = next(s for s in ruth.statements if s.id == "ruth-05")
    assert st.quote is None
    assert st.extract.startswith("I run much slower now") and st.extract.endswith("on my head.")


def test_cache_gives_what_a_fresh_read_gives(study: Path) -> None:
    fresh = validate_study(study).study
    validate_study(study, use_cache=True)  # fills the cache
    cached = validate_study(study, use_cache=True).study
    assert cached.transcripts == fresh.transcripts
    assert cached.facts == fresh.facts
    assert cached.pets == fresh.pets and cached.gets == fresh.gets
    assert sum(len(t.statements) for t in cached.facts) == 25


def test_a_study_without_pets_yaml_needs_none(study: Path) -> None:
    (study / "pets.yaml").unlink()
    loaded, diags = load_study(study)
    assert "pets.yaml" not in loaded.files
    assert not any(d.code == "IPA010" for d in diags)
    assert loaded.pets == [] and loaded.case_first  # the GETs remain


@pytest.mark.parametrize(
    ("written", "read"),
    [("'2009'", Terminology.Y2009), ("2022", Terminology.Y2022), ("auto", Terminology.AUTO)],
)
def test_terminology_setting(study: Path, written: str, read: Terminology) -> None:
    cfg = study / "ipatool.yaml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace("terminology: '2022'", f"terminology: {written}"),
        encoding="utf-8",
    )
    loaded, diags = load_study(study)
    assert diags == []
    assert loaded.config is not None and loaded.config.reporting.terminology is read


def test_a_wrong_terminology_is_a_finding_at_its_place(study: Path) -> None:
    cfg = study / "ipatool.yaml"
    text = cfg.read_text(encoding="utf-8").replace("terminology: '2022'", "terminology: 2015")
    cfg.write_text(text, encoding="utf-8")
    _loaded, diags = load_study(study)
    line = text.splitlines().index("  terminology: 2015") + 1
    assert [(d.code, d.file, d.span.line, d.span.column) for d in diags] == [
        ("IPA104", "ipatool.yaml", line, 16)
    ]
    assert "'2009'" in diags[0].message or "2009" in diags[0].message


def test_a_pet_of_the_wrong_shape(study: Path) -> None:
    (study / "pets.yaml").write_text(
        "pets:\n  - id: p1\n    label: No participant\n    statements: ines-01\n",
        encoding="utf-8",
    )
    _loaded, diags = load_study(study)
    assert [(d.code, d.file, d.span.line) for d in diags] == [("IPA102", "pets.yaml", 2)]
