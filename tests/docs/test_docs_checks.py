"""docs/checks.md documents exactly the checks in the catalogue, so the docs never fall behind."""

from __future__ import annotations

import re
from pathlib import Path

from ipatool.diagnostics import CHECKS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_check_has_a_section_with_its_slug_and_severity() -> None:
    text = (DOCS / "checks.md").read_text(encoding="utf-8")
    for check in CHECKS.values():
        heading = f"### {check.code} {check.slug}\n"
        assert heading in text, check.code
        section = text.split(heading, 1)[1].split("\n### ", 1)[0]
        assert f"Default severity: **{check.severity.value}**" in section, check.code
        assert "**Fix:**" in section and "**Override:**" in section, check.code
        assert f" {check.code} " in section.split("```")[1], check.code  # an example message


def test_every_code_in_the_docs_exists() -> None:
    text = (DOCS / "checks.md").read_text(encoding="utf-8")
    assert set(re.findall(r"\bIPA\d{3}\b", text)) <= set(CHECKS)
    assert set(re.findall(r"^### (IPA\d{3})", text, re.MULTILINE)) == set(CHECKS)


def test_validate_docs_name_every_option_and_exit_code() -> None:
    text = (DOCS / "validate.md").read_text(encoding="utf-8")
    for word in ["--format", "--strict", "--identifiers", "github", "json", "GITHUB_ACTIONS"]:
        assert word in text
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in text
    assert "ipatool-validate" in text  # the pre-commit hook id
