"""``ipatool fmt``: canonical layout, comments kept, meaning unchanged, idempotent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipatool.cli.app import build_app
from ipatool.read.yamlio import parse_text
from ipatool.write.fmt import Outcome, format_study, format_text

REPO = Path(__file__).resolve().parents[2]
STARTER = REPO / "tests" / "data" / "starter"
STUDIES = sorted(
    {p.parent for base in ("examples", "tests") for p in (REPO / base).rglob("ipatool.yaml")},
)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("source", STUDIES, ids=[s.relative_to(REPO).as_posix() for s in STUDIES])
def test_fmt_keeps_meaning_and_is_idempotent(source: Path, tmp_path: Path) -> None:
    root = tmp_path / "study"
    shutil.copytree(source, root)
    before = _snapshot(root)
    first = format_study(root, write=True)
    after = _snapshot(root)
    for result in first:
        old, new = before[result.file], after[result.file]
        if result.outcome is Outcome.FAILED:
            assert new == old  # a file fmt cannot format is left exactly as it was
            continue
        old_doc = parse_text(old.decode("utf-8-sig"), result.file)
        new_doc = parse_text(new.decode("utf-8"), result.file)
        assert new_doc.ok
        assert new_doc.data == old_doc.data, result.file
        old_comments = [ln.strip() for ln in old.decode("utf-8-sig").splitlines()]
        new_text = new.decode("utf-8")
        for line in old_comments:
            if line.startswith("#"):
                assert line in new_text, (result.file, line)
    second = format_study(root, write=True)
    assert [r.outcome for r in second if r.outcome is Outcome.CHANGED] == []
    assert _snapshot(root) == after


COMMENTED = """\
# A transcript full of comments
kind: interview   # kind first, on purpose
id: T1            # the id
# before participants
participants: [P1]
turns:
# about turn 1
- speaker: R1 # speaker comment
  n: 1
  # before the text
  text: "A rather long question that goes on well past eighty characters, so that it folds: yes."
  # after the text, before turn 2

- text: Short answer.
  codes:
  - quote: Short   # quote note
    code: c1
  # trailing inside codes
  n: 2
  speaker: P1
# the end
"""


def test_comments_kept_keys_ordered_text_folded() -> None:
    result = format_text(COMMENTED, "transcript", "t.yaml")
    assert result.outcome is Outcome.CHANGED
    out = result.after
    for line in COMMENTED.splitlines():
        if "#" in line:
            assert line[line.index("#") :].strip() in out, line
    assert out.index("id: T1") < out.index("kind: interview") < out.index("participants:")
    turn2 = out[out.index("- n: 2") :]
    assert turn2.index("speaker: P1") < turn2.index("text: Short") < turn2.index("codes:")
    assert "      - code: c1\n        quote: Short" in out
    assert "    text: >-\n      A rather long question" in out
    assert "\n  # before the text\n" not in out  # indented like the line it precedes
    assert "    # before the text\n    text: >-" in out
    assert parse_text(out, "t").data == parse_text(COMMENTED, "t").data
    assert format_text(out, "transcript", "t.yaml").outcome is Outcome.UNCHANGED


def test_participants_follow_declared_field_order() -> None:
    text = "participants:\n  - age: 40\n    id: P1\n    extra: x\n    gender: male\n"
    result = format_text(text, "participants_file", "p.yaml", ["gender", "age"])
    assert result.after == (
        "participants:\n  - id: P1\n    gender: male\n    age: 40\n    extra: x\n"
    )


def test_text_a_block_cannot_carry_is_left_as_is() -> None:
    text = 'id: T\ntext: "  leading spaces and a tab\\t that must stay exactly as they are, over 80."\n'
    result = format_text(text, "transcript", "t.yaml")
    assert result.outcome is Outcome.UNCHANGED
    assert result.after == text


def test_null_stays_null_and_quotes_stay() -> None:
    text = "participants:\n  - id: P1\n    age: null\n    note: 'No'\n"
    assert format_text(text, "participants_file", "p.yaml").after == text


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.output


def _study(tmp_path: Path) -> Path:
    """A copy of the starter study (tests/data/starter) at ``tmp_path/s``."""
    root = tmp_path / "s"
    shutil.copytree(STARTER, root)
    return root


def test_cli_check_diff_and_write(tmp_path: Path) -> None:
    root = _study(tmp_path)
    path = root / "transcripts" / "example.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_bytes(
        original.replace("id: example\nkind: interview\n", "kind: interview\nid: example\n")
        .replace("\n", "\r\n")
        .encode()
    )
    messy = path.read_bytes()
    code, out = _cli("fmt", "--check", str(root))
    assert code == 1
    assert "would reformat transcripts/example.yaml" in out
    code, out = _cli("fmt", "--diff", str(root))
    assert code == 1
    assert "--- a/transcripts/example.yaml" in out and "+id: example" in out
    assert path.read_bytes() == messy
    code, out = _cli("fmt", str(root))
    assert code == 0
    assert path.read_text(encoding="utf-8") == original
    assert _cli("fmt", "--check", str(root))[0] == 0


def test_cli_unparsable_file_reported_and_untouched(tmp_path: Path) -> None:
    root = _study(tmp_path)
    bad = root / "transcripts" / "bad.yaml"
    bad.write_text("id: x\nturns: [\n", encoding="utf-8")
    code, out = _cli("fmt", str(root))
    assert code == 2
    assert "transcripts/bad.yaml:3:1: error IPA001" in out
    assert bad.read_text(encoding="utf-8") == "id: x\nturns: [\n"


def test_cli_not_a_study(tmp_path: Path) -> None:
    code, out = _cli("fmt", str(tmp_path))
    assert code == 2
    assert "no ipatool.yaml" in out


def test_cli_remembers_tidy_files_and_sees_changes(tmp_path: Path) -> None:
    root = _study(tmp_path)
    assert _cli("fmt", "--check", str(root))[0] == 0
    tidy = root / ".ipatool-cache" / "tidy.json"
    assert tidy.is_file()
    # answered from the memory: nothing is formatted, yet the count is right
    code, out = _cli("fmt", "--check", str(root))
    assert code == 0 and "0 file(s) would be reformatted" in out
    path = root / "transcripts" / "example.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(
        original.replace("id: example\nkind: interview\n", "kind: interview\nid: example\n")
    )
    code, out = _cli("fmt", "--check", str(root))
    assert code == 1 and "would reformat transcripts/example.yaml" in out
    tidy.write_text("{not json", encoding="utf-8")  # damaged: read as unknown, never trusted
    assert _cli("fmt", "--check", str(root))[0] == 1
    assert _cli("fmt", str(root))[0] == 0
    assert path.read_text(encoding="utf-8") == original
    assert _cli("fmt", "--check", str(root))[0] == 0


def test_parallel_formatting_matches_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ipatool.write import fmt as fmt_module

    source = REPO / "examples" / "mbt-therapists"
    serial, parallel = tmp_path / "a", tmp_path / "b"
    for root in (serial, parallel):
        shutil.copytree(source, root)
        path = next((root / "transcripts").glob("*.yaml"))
        text = path.read_text(encoding="utf-8")
        path.write_bytes(text.replace("\n", "\r\n").encode())  # Windows line endings
    monkeypatch.setattr(fmt_module, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(fmt_module, "PARALLEL_MIN_BYTES", 0)
    one = format_study(serial, write=True, jobs=1)
    two = format_study(parallel, write=True, jobs=2)
    assert [(r.file, r.outcome) for r in one] == [(r.file, r.outcome) for r in two]
    assert sum(r.outcome is Outcome.CHANGED for r in one) == 1
    assert _snapshot(serial) == _snapshot(parallel)
