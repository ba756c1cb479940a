"""``--add-participants`` never adds the interviewer (by its label or id) or a coder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ipatool.importers.speakers import is_interviewer_name

Run = Callable[..., Any]
Errors = Callable[[Path], list[str]]

ROLE_NAMES = [
    "Interviewer",
    "interviewer",
    "INTERVIEWER 1",
    "Interviewer1",
    "Researcher",
    "Researcher 2",
    "Moderator",
    "Facilitator",
    "Q",
    "I",
    "Int",
    "Int.",
    "I 1",
]
NOT_ROLE_NAMES = ["Ingrid", "Iris", "Quentin", "Interviewee", "P1", "Integrity", "Sam", "QA"]


@pytest.mark.parametrize("label", ROLE_NAMES)
def test_role_names_are_interviewers(label: str) -> None:
    assert is_interviewer_name(label)


@pytest.mark.parametrize("label", NOT_ROLE_NAMES)
def test_other_names_are_not(label: str) -> None:
    assert not is_interviewer_name(label)


def _raw(tmp_path: Path, label: str) -> Path:
    path = tmp_path / "raw.txt"
    path.write_text(f"{label}: How was it?\nSam Jones: Fine.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("label", ["Interviewer", "Interviewer1", "Moderator", "Q", "Int"])
def test_a_role_label_mapped_to_itself_is_not_added(
    tmp_path: Path, study: Path, run: Run, label: str
) -> None:
    before = (study / "participants.yaml").read_text(encoding="utf-8")
    result = run(
        "import", "transcript", str(_raw(tmp_path, label)), "--into", str(study),
        "-s", label, "-s", "Sam Jones=Sam", "--add-participants",
    )  # fmt: skip
    assert result.exit_code == 2
    assert (
        f'"{label}" is an interviewer by its name, so it is not added as a participant; map it '
        f'to the interviewer\'s id: --speaker "{label}=ID" --interviewer ID, with ID an '
        "interviewer declared under 'interviewers' in ipatool.yaml (R1)"
    ) in result.stderr
    assert result.stderr.endswith("ipatool: nothing was written\n")
    assert (study / "participants.yaml").read_text(encoding="utf-8") == before
    assert not (study / "transcripts" / "raw.yaml").exists()


def test_a_role_label_mapped_to_an_undeclared_id_is_not_added(
    tmp_path: Path, study: Path, run: Run
) -> None:
    result = run(
        "import", "transcript", str(_raw(tmp_path, "Researcher")), "--into", str(study),
        "-s", "Researcher=KW", "-s", "Sam Jones=Sam", "--add-participants",
    )  # fmt: skip
    assert result.exit_code == 2
    assert '"Researcher" is an interviewer by its name' in result.stderr
    assert "KW" not in (study / "participants.yaml").read_text(encoding="utf-8")


def test_without_add_participants_the_interviewer_advice_is_given(
    tmp_path: Path, study: Path, run: Run
) -> None:
    result = run(
        "import", "transcript", str(_raw(tmp_path, "Interviewer")), "--into", str(study),
        "-s", "Interviewer", "-s", "Sam Jones=P1",
    )  # fmt: skip
    assert result.exit_code == 2
    assert '"Interviewer" is an interviewer by its name' in result.stderr
    assert "not in participants.yaml" not in result.stderr  # not told to add it


def test_a_coder_is_not_added_as_a_participant(tmp_path: Path, study: Path, run: Run) -> None:
    config = study / "ipatool.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("    name: First Researcher\n", "    name: First Researcher\n  - id: C2\n", 1),
        encoding="utf-8",
    )
    raw = tmp_path / "raw.txt"
    raw.write_text("C2: How was it?\nP1: Fine.\n", encoding="utf-8")
    result = run(
        "import", "transcript", str(raw), "--into", str(study), "-s", "C2", "--add-participants"
    )
    assert result.exit_code == 2
    assert (
        "C2 is a coder in ipatool.yaml, so it is not added as a participant; if C2 interviews "
        "here, declare C2 under 'interviewers' in ipatool.yaml and give --interviewer C2"
    ) in result.stderr


def test_the_advice_works(errors_of: Errors, tmp_path: Path, study: Path, run: Run) -> None:
    result = run(
        "import", "transcript", str(_raw(tmp_path, "Interviewer 1")), "--into", str(study),
        "-s", "Interviewer 1=R1", "-s", "Sam Jones=Sam", "--add-participants",
        "--interviewer", "R1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (study / "transcripts" / "raw.yaml").read_text(encoding="utf-8")
    assert "kind: interview\ninterviewer: R1\nparticipants: [Sam]\n" in text
    assert errors_of(study) == []


def test_a_participant_already_in_the_study_is_not_questioned(
    errors_of: Errors, tmp_path: Path, study: Path, run: Run
) -> None:
    # the guard is only for new participants: an existing one keeps its place
    raw = tmp_path / "raw.txt"
    raw.write_text("R1: How was it?\nQ: Fine.\n", encoding="utf-8")
    result = run("import", "transcript", str(raw), "--into", str(study), "-s", "Q=P1")
    assert result.exit_code == 0, result.output
    assert "participants: [P1]" in (study / "transcripts" / "raw.yaml").read_text("utf-8")
