"""Which files under transcripts/ are transcripts (issue 17): ``*.yaml`` and ``*.yml``, in
subfolders too; any other file there is named with a warning (IPA012), never skipped silently,
and the cached answer of ``validate`` notices a new one."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ipatool.check.validate import cached_report, check_study, validate_study
from ipatool.files import transcript_listing, transcript_paths


def _move(study: Path, name: str, to: str) -> None:
    target = study / "transcripts" / to
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(study / "transcripts" / name, target)


def test_yml_and_subfolders_are_read(starter: Callable[..., Path]) -> None:
    study = starter()
    _move(study, "example.yaml", "wave-2/example.yml")
    assert [p.relative_to(study).as_posix() for p in transcript_paths(study)] == [
        "transcripts/wave-2/example.yml"
    ]
    result = validate_study(study)
    assert result.diagnostics == []
    assert "transcripts/wave-2/example.yml" in result.study.files
    assert [t.id.id for t in result.study.facts] == ["example"]


def test_other_files_are_named_not_skipped(starter: Callable[..., Path]) -> None:
    study = starter()
    _move(study, "example.yaml", "example.YAML")
    (study / "transcripts" / "I3.docx").write_bytes(b"PK\x03\x04")
    (study / "transcripts" / ".DS_Store").write_bytes(b"\x00")
    (study / "transcripts" / ".drafts").mkdir()
    (study / "transcripts" / ".drafts" / "x.txt").write_text("draft", encoding="utf-8")
    read, unread = transcript_listing(study)
    assert read == []
    assert [p.name for p in unread] == ["I3.docx", "example.YAML"]
    found = {(d.file, d.code, d.severity.value): d for d in validate_study(study).diagnostics}
    assert set(found) == {
        ("transcripts/I3.docx", "IPA012", "warning"),
        ("transcripts/example.YAML", "IPA012", "warning"),
        ("ipatool.yaml", "IPA706", "warning"),  # no transcript is read, and it says so
    }
    docx = found[("transcripts/I3.docx", "IPA012", "warning")]
    assert docx.hint is not None and "ipatool import transcript transcripts/I3.docx" in docx.hint
    upper = found[("transcripts/example.YAML", "IPA012", "warning")]
    assert upper.hint == "rename it to end in .yaml (lower case) to have it read"
    none = found[("ipatool.yaml", "IPA706", "warning")]
    assert none.message == (
        "the study has no transcripts yet (no .yaml or .yml file in transcripts/ or its subfolders)"
    )


def test_the_cached_answer_sees_a_new_unread_file(starter: Callable[..., Path]) -> None:
    study = starter()
    assert check_study(study).diagnostics == []
    again = cached_report(study)
    assert again is not None and again.diagnostics == []  # unchanged: answered from the cache
    (study / "transcripts" / "I3.txt").write_text("Sam: hello\n", encoding="utf-8")
    assert cached_report(study) is None  # a file more under transcripts/: not the same study
    assert [d.code for d in check_study(study).diagnostics] == ["IPA012"]


@pytest.mark.parametrize("name", ["notes.md", "I1.yaml.bak"])
def test_the_rule_can_be_turned_off(starter: Callable[..., Path], name: str) -> None:
    study = starter()
    (study / "transcripts" / name).write_text("x", encoding="utf-8")
    assert [d.code for d in validate_study(study).diagnostics] == ["IPA012"]
    config = study / "ipatool.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "rules:\n", "rules:\n  severity: {file-not-read: 'off'}\n"
        ),
        encoding="utf-8",
    )
    assert validate_study(study).diagnostics == []
