"""Input files are never modified: every file of a copied study is hashed before and after each
command that only reads a study (validate, render, agreement, export, fmt --check, schema).

Commands may add their own outputs (``rendered/``, the ``.ipatool-cache`` folder) but never
change, add or remove anything else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import assert_clean_exit, command_exists, run_cli, tree_hashes, write_study

ALLOWED_NEW = (".ipatool-cache/", "rendered/")
"""Paths a command may create inside a study: the validate cache and render's default output."""

COMMANDS: dict[str, tuple[str, ...]] = {
    "validate-text": ("validate", "{study}", "--format", "text"),
    "validate-json": ("validate", "{study}", "--format", "json"),
    "validate-identifiers": ("validate", "{study}", "--identifiers", "{tmp}/ids.txt"),
    "render-all": ("render", "{study}", "--out", "{tmp}/out"),
    "render-default-out": ("render", "{study}", "--format", "md"),
    "agreement": ("agreement", "{study}"),
    "agreement-json": ("agreement", "{study}", "--format", "json"),
    "export-qdpx": ("export", "qdpx", "{study}", "--output", "{tmp}/x.qdpx"),
    "export-codebook": ("export", "codebook", "{study}", "--output", "{tmp}/x.qdc"),
    "fmt-check": ("fmt", "{study}", "--check"),
    "schema": ("schema", "--out", "{tmp}/schema"),
}


def _args(template: tuple[str, ...], study: Path, tmp: Path) -> list[str]:
    return [a.format(study=study, tmp=tmp) for a in template]


def _check_untouched(study: Path, tmp: Path, name: str) -> None:
    words = COMMANDS[name]
    probe = words[:2] if words[0] in ("export", "import") else words[:1]
    if not command_exists(*probe):
        pytest.skip(f"'ipatool {' '.join(probe)}' does not exist yet")
    (tmp / "ids.txt").write_text("Nobody Realname\n", encoding="utf-8")
    before = tree_hashes(study)
    out = run_cli(*_args(words, study, tmp))
    assert_clean_exit(out)
    after = tree_hashes(study)
    changed = sorted(
        k for k in before if after.get(k) != before[k] and not k.startswith(ALLOWED_NEW)
    )
    added = sorted(k for k in after if k not in before and not k.startswith(ALLOWED_NEW))
    assert changed == [] and added == [], (changed, added, out)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_small_study_is_untouched(tmp_path: Path, name: str) -> None:
    _check_untouched(write_study(tmp_path / "study"), tmp_path, name)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_example_study_is_untouched(example_copy: Path, tmp_path: Path, name: str) -> None:
    _check_untouched(example_copy, tmp_path, name)
