"""De-identification: ``--identifiers`` flags every occurrence at its position, and the
identifiers file's contents (and path) never appear in any output, log, JSON or cache.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipatool.check.deidentify import compile_identifiers, scan_text

from .conftest import (
    SMALL,
    assert_clean_exit,
    command_exists,
    fuzz_settings,
    run_cli,
    tried,
    write_study,
)

PRESENT = "Margaret Thornbury"
ABSENT = ["Zebediah Quuxworth", "Flat 4b, 17 Orchard Lane", "NHS 943 476 5919"]


def _study(tmp_path: Path) -> tuple[Path, Path]:
    text = SMALL["transcripts/FG1.yaml"].replace(
        "text: I stay with them, even when they tell me to go.",
        f"text: I stay with them, as {PRESENT} taught me,\n      even when they tell me to go.",
    )
    root = write_study(tmp_path / "study", {"transcripts/FG1.yaml": text})
    ids = tmp_path / "private" / "real-names.txt"
    ids.parent.mkdir()
    ids.write_text(
        "# real names: never commit\n" + "\n".join([*ABSENT, "margaret   thornbury"]) + "\n",
        encoding="utf-8",
    )
    return root, ids


def test_identifier_is_flagged_at_its_position(tmp_path: Path) -> None:
    root, ids = _study(tmp_path)
    out = run_cli("validate", root, "--identifiers", ids, "--format", "json")
    assert_clean_exit(out, (1,))
    found = [
        (r["file"], r["line"], r["column"], r["end"]["line"], r["end"]["column"])
        for r in json.loads(out.stdout)
        if r["code"] == "IPA801"
    ]
    assert found == [("transcripts/FG1.yaml", 30, 32, 30, 50)]


def test_identifier_split_across_lines_is_flagged(tmp_path: Path) -> None:
    root, ids = _study(tmp_path)
    path = root / "transcripts" / "FG1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f"{PRESENT} taught", "Margaret\n      Thornbury taught"
        ),
        encoding="utf-8",
    )
    out = run_cli("validate", root, "--identifiers", ids, "--format", "json")
    records = [r for r in json.loads(out.stdout) if r["code"] == "IPA801"]
    assert [(r["line"], r["end"]["line"]) for r in records] == [(30, 31)]


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_identifiers_are_never_echoed(tmp_path: Path, fmt: str) -> None:
    root, ids = _study(tmp_path)
    out = run_cli("validate", root, "--identifiers", ids, "--format", fmt)
    assert_clean_exit(out, (1,))
    assert "IPA801" in out.stdout
    for secret in [*ABSENT, "margaret   thornbury", "real-names", str(ids.parent)]:
        assert secret.lower() not in out.output.lower(), secret
    assert PRESENT not in out.output  # the finding gives a position, not the word


def test_identifiers_never_reach_the_cache(tmp_path: Path) -> None:
    root, ids = _study(tmp_path)
    run_cli("validate", root, "--identifiers", ids)
    cache = root / ".ipatool-cache"
    blobs = [p.read_bytes() for p in cache.rglob("*") if p.is_file()] if cache.exists() else []
    for secret in [*ABSENT, "real-names", str(ids)]:
        assert not any(secret.encode() in b for b in blobs), secret


def test_unreadable_identifiers_error_does_not_echo_the_contents(tmp_path: Path) -> None:
    root, _ = _study(tmp_path)
    ids = tmp_path / "bad.txt"
    ids.write_bytes(("Zebediah Quuxworth\n" + "Jos\xe9 Pe\xf1a\n").encode("latin-1"))
    out = run_cli("validate", root, "--identifiers", ids, "--format", "json")
    assert_clean_exit(out, (1,))
    assert "Zebediah" not in out.output and "Jos" not in out.output
    assert "bad.txt" not in out.output


def test_render_checks_identifiers(tmp_path: Path) -> None:
    if not command_exists("render"):
        pytest.skip("'ipatool render' does not exist yet")
    root, ids = _study(tmp_path)
    out = run_cli("render", root, "--out", tmp_path / "out", "--identifiers", ids, "--force")
    assert out.exit_code in (0, 1) and out.exception is None, out
    assert PRESENT not in out.output and "Zebediah" not in out.output


@fuzz_settings(200)
@given(
    st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=8),
    st.text(max_size=200),
)
def test_any_identifier_list_compiles_and_matches_literally(
    identifiers: list[str], text: str
) -> None:
    """Regex characters in an identifier are literal; scanning never raises."""
    pattern = compile_identifiers(identifiers)
    if pattern is None:
        assert not any(identifiers)
        return
    for d in scan_text(text, "f.yaml", pattern):
        assert d.code == "IPA801" and d.span.line >= 1
        assert not any(i in d.message for i in identifiers if len(i.strip()) > 3)
    word = identifiers[0].strip()
    if word and word[0].isalnum() and word[-1].isalnum():
        hits = list(scan_text(f"x {word} y", "f.yaml", pattern))
        assert hits, (identifiers, word)
    tried("identifier lists")
