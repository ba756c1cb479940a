"""Each broken study gives exactly the diagnostics its expected.yaml lists, at those positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from check._studies import BASE, as_line, build, case_names, load_spec
from ipatool.check.validate import validate_study
from ipatool.diagnostics import CHECKS

CASES = case_names()

NOT_FROM_FILES = {
    "IPA009": "file-too-large needs a 50 MB file; tests/checks/test_yamlio.py covers it",
    "IPA011": "unreadable-file depends on file permissions; tests/checks/test_yamlio.py covers it",
    "IPA802": "identifiers-file is about the --identifiers argument; see test_identifiers.py",
}


def found(root: Path, identifiers: Path | None = None) -> list[str]:
    result = validate_study(root, identifiers=identifiers)
    return sorted(
        as_line(d.file, d.span.line, d.span.column, d.severity.value, d.code)
        for d in result.diagnostics
    )


def test_base_study_is_clean() -> None:
    assert found(BASE) == []


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 35


def _param(name: str) -> object:
    reason = load_spec(name).get("xfail")
    if reason:
        return pytest.param(name, marks=pytest.mark.xfail(reason=reason, strict=True))
    return name


@pytest.mark.parametrize("name", [_param(n) for n in CASES])
def test_broken_study(name: str, tmp_path: Path) -> None:
    case = build(name, tmp_path)
    assert found(case.root, case.identifiers) == sorted(case.expected)


def test_every_check_has_a_case() -> None:
    covered = {
        entry.split()[-1] for name in CASES for entry in load_spec(name).get("diagnostics") or []
    }
    missing = set(CHECKS) - covered - set(NOT_FROM_FILES)
    assert missing == set()
    assert covered <= set(CHECKS)
