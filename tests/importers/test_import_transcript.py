"""``ipatool import transcript`` end to end: into a study made by ``ipatool init``, then validated."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ipatool.read.yamlio import read_document

Run = Callable[..., Any]
Errors = Callable[[Path], list[str]]

TXT = "Interviewer: How was the first week?\n\nSam Jones: Hard at first.\nThen fine.\n"


def _raw(tmp_path: Path, text: str = TXT, name: str = "raw.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_maps_names_writes_canonical_file_and_validates(
    errors_of: Errors, tmp_path: Path, study: Path, run: Run
) -> None:
    result = run(
        "import", "transcript", str(_raw(tmp_path)), "--into", str(study),
        "--speaker", "Interviewer=R1", "--speaker", "sam jones=Sam",
        "--add-participants", "--id", "I2", "--date", "2024-02-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = study / "transcripts" / "I2.yaml"
    assert path.read_text(encoding="utf-8") == (
        "id: I2\nkind: interview\ndate: 2024-02-01\ninterviewer: R1\nparticipants: [Sam]\n"
        "turns:\n  - n: 1\n    speaker: R1\n    text: How was the first week?\n"
        "  - n: 2\n    speaker: Sam\n    text: Hard at first. Then fine.\n"
    )
    assert "Sam Jones" not in path.read_text(encoding="utf-8")
    participants = (study / "participants.yaml").read_text(encoding="utf-8")
    assert participants.startswith("# One entry per participant.")  # comment kept
    assert "  - id: Sam\n" in participants
    assert errors_of(study) == []
    again = run("fmt", "--check", str(study))
    assert again.exit_code == 0, again.output


def test_unmapped_labels_are_listed_and_nothing_written(
    tmp_path: Path, study: Path, run: Run
) -> None:
    raw = _raw(tmp_path)
    result = run("import", "transcript", str(raw), "--into", str(study))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f'ipatool: {raw.as_posix()}: 2 labels not mapped: "Interviewer" (1 turn, first at '
        'line 1), "Sam Jones" (1 turn, first at line 3)',
        '  add, with each ID the speaker\'s pseudonym: --speaker "Interviewer=ID" '
        '--speaker "Sam Jones=ID"',
        "  (a label that already is an id can be given alone: --speaker id1)",
        "ipatool: nothing was written",
    ]
    assert not (study / "transcripts" / "raw.yaml").exists()


SPELLINGS = (
    "Dr. Ann Lee: Shall we start?\n"
    "SAM JONES: Yes.\n"
    "sam  JONES: Still me.\n"
    "Sam Jones: And again.\n"
    "Dr. Ann Lee: Thank you.\n"
)


def test_mapping_exactly_the_reported_labels_maps_every_turn(
    errors_of: Errors, tmp_path: Path, study: Path, run: Run
) -> None:
    raw = _raw(tmp_path, SPELLINGS)
    result = run("import", "transcript", str(raw), "--into", str(study))
    assert result.exit_code == 2
    # three spellings of one label are one label: mapped once, they map all three turns
    assert '2 labels not mapped: "Dr. Ann Lee" (2 turns, first at line 1), ' in result.stderr
    assert '"SAM JONES" (3 turns, first at line 2)' in result.stderr
    hint = result.stderr.splitlines()[1].split(": ", 1)[1]
    assert hint == '--speaker "Dr. Ann Lee=ID" --speaker "SAM JONES=ID"'
    # the user writes exactly those options, with the pseudonyms in place of ID
    written = hint.replace("Ann Lee=ID", "Ann Lee=R1").replace("JONES=ID", "JONES=Sam")
    args = shlex.split(written)
    result = run(
        "import", "transcript", str(raw), "--into", str(study), "--add-participants", *args
    )
    assert result.exit_code == 0, result.output
    doc = read_document(study / "transcripts" / "raw.yaml", "raw.yaml")
    assert [t["speaker"] for t in doc.data["turns"]] == ["R1", "Sam", "Sam", "Sam", "R1"]
    assert errors_of(study) == []


def test_label_that_is_a_study_id_maps_to_itself(
    errors_of: Errors, tmp_path: Path, study: Path, run: Run
) -> None:
    raw = _raw(tmp_path, "R1: Hello?\nP1: Hello.\n")
    result = run("import", "transcript", str(raw), "--into", str(study))
    assert result.exit_code == 0, result.output
    doc = read_document(study / "transcripts" / "raw.yaml", "raw.yaml")
    assert doc.data["participants"] == ["P1"]
    assert doc.data["interviewer"] == "R1"
    assert errors_of(study) == []


def test_new_participant_needs_add_participants(tmp_path: Path, study: Path, run: Run) -> None:
    raw = _raw(tmp_path, "R1: Hello?\nP9: Hello.\n")
    result = run("import", "transcript", str(raw), "--into", str(study), "-s", "P9")
    assert result.exit_code == 2
    assert "P9 is not in participants.yaml" in result.output


def test_no_labels_is_a_clear_error_unless_unlabelled(
    errors_of: Errors, tmp_path: Path, study: Path, run: Run
) -> None:
    raw = _raw(tmp_path, "Just one person talking.\n\nA second paragraph.\n", "answer.txt")
    result = run("import", "transcript", str(raw), "--into", str(study))
    assert result.exit_code == 2
    assert "no speaker labels found" in result.output
    result = run("import", "transcript", str(raw), "--into", str(study), "--unlabelled", "P1")
    assert result.exit_code == 0, result.output
    doc = read_document(study / "transcripts" / "answer.yaml", "answer.yaml")
    assert [t["speaker"] for t in doc.data["turns"]] == ["P1", "P1"]
    assert errors_of(study) == []


def test_existing_file_needs_force(tmp_path: Path, study: Path, run: Run) -> None:
    raw = _raw(tmp_path, "R1: Hello?\nP1: Hello.\n", "example.txt")
    result = run("import", "transcript", str(raw), "--into", str(study))
    assert result.exit_code == 2
    assert "transcripts/example.yaml already exists; use --force" in result.output
    result = run("import", "transcript", str(raw), "--into", str(study), "--force")
    assert result.exit_code == 0, result.output


def test_undeclared_interviewer_and_bad_date(tmp_path: Path, study: Path, run: Run) -> None:
    raw = _raw(tmp_path, "R1: Hello?\nP1: Hello.\n")
    result = run("import", "transcript", str(raw), "--into", str(study), "--interviewer", "ZZ")
    assert result.exit_code == 2
    assert "--interviewer ZZ: not declared" in result.output
    result = run("import", "transcript", str(raw), "--into", str(study), "--date", "14/03/2019")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_long_turn_is_folded_and_keeps_its_value(tmp_path: Path, study: Path, run: Run) -> None:
    long = "word " * 60 + "end"
    raw = _raw(tmp_path, f"R1: Hello?\nP1: {long}\n")
    result = run("import", "transcript", str(raw), "--into", str(study))
    assert result.exit_code == 0, result.output
    text = (study / "transcripts" / "raw.yaml").read_text(encoding="utf-8")
    assert "    text: >-\n" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    doc = read_document(study / "transcripts" / "raw.yaml", "raw.yaml")
    assert doc.data["turns"][1]["text"] == " ".join(long.split())


def test_dry_run_writes_nothing(tmp_path: Path, study: Path, run: Run) -> None:
    raw = _raw(tmp_path, "R1: Hello?\nP1: Hello.\n")
    result = run("import", "transcript", str(raw), "--into", str(study), "--dry-run")
    assert result.exit_code == 0
    assert "# transcripts/raw.yaml\nid: raw\n" in result.output
    assert not (study / "transcripts" / "raw.yaml").exists()


def test_not_a_study(tmp_path: Path, run: Run) -> None:
    result = run("import", "transcript", str(_raw(tmp_path)), "--into", str(tmp_path))
    assert result.exit_code == 2
    assert "no ipatool.yaml here" in result.output
