"""A small study for a git repository, and helpers to change and commit it."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

CONFIG: dict[str, Any] = {
    "title": "A study to review",
    "method": "ipa",
    "coders": [{"id": "A", "name": "Ann"}, {"id": "B", "name": "Ben"}],
    "interviewers": [{"id": "R", "name": "Rita"}],
    "fields": [
        {"name": "gender", "kind": "category", "levels": ["female", "male"]},
        {"name": "age", "kind": "number", "unit": "years"},
    ],
    "rules": {"recurrence_threshold": 0.5, "min_participants_per_theme": 2},
}

THEMES: dict[str, Any] = {
    "themes": [
        {
            "id": "T1",
            "label": "Trust",
            "subthemes": [
                {
                    "id": "S1",
                    "label": "Early trust",
                    "codes": [
                        {"id": "c1", "label": "First meeting", "definition": "The first meeting."},
                        {"id": "c2", "label": "Testing", "definition": "Clients test."},
                    ],
                },
                {
                    "id": "S2",
                    "label": "Staying",
                    "codes": [{"id": "c3", "label": "Staying with", "definition": "Staying."}],
                },
            ],
        },
        {
            "id": "T2",
            "label": "Change",
            "subthemes": [
                {
                    "id": "S3",
                    "label": "Small steps",
                    "codes": [{"id": "c4", "label": "Small steps", "definition": "Steps."}],
                }
            ],
        },
    ]
}

PEOPLE = [
    {"id": "P1", "gender": "female", "age": 30},
    {"id": "P2", "gender": "male", "age": 41},
    {"id": "P3", "gender": "female", "age": 52},
    {"id": "P4", "gender": "female", "age": 45},
]

CODINGS = {  # transcript -> turn -> codes
    "I1": {2: ["c1", "c2"], 4: []},
    "I2": {2: ["c1"], 4: ["c3"]},
    "I3": {2: ["c3", "c4"], 4: []},
    "I4": {2: ["c4"], 4: []},
}


def transcript(tid: str, codings: dict[int, list[str]]) -> dict[str, Any]:
    person = "P" + tid[1:]
    turns: list[dict[str, Any]] = []
    for n in (1, 2, 3, 4):
        if n % 2:
            turns.append({"n": n, "speaker": "R", "text": f"Question {n}?"})
            continue
        turn: dict[str, Any] = {"n": n, "speaker": person, "text": f"Answer {n} of {person}."}
        if codings.get(n):
            turn["codes"] = [{"code": c} for c in codings[n]]
        turns.append(turn)
    return {
        "id": tid,
        "kind": "interview",
        "interviewer": "R",
        "participants": [person],
        "coded_by": ["A"],
        "turns": turns,
    }


class GitStudy:
    """A study folder ``study/`` in a git repository; edit its files, commit, run ipatool."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self.root = top / "study"

    def init(self, name: str, email: str) -> None:
        """A new repository whose commits are by ``name``."""
        self.git("init", "-q")
        self.git("config", "user.email", email)
        self.git("config", "user.name", name)
        self.git("config", "commit.gpgsign", "false")

    def replace(self, rel: str, old: str, new: str) -> None:
        """Replace the first ``old`` (which must be there) in a file's text."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.top, capture_output=True, text=True, check=True
        )
        return done.stdout

    def write(self, rel: str, data: Any) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        path.write_text(text, encoding="utf-8")

    def read(self, rel: str) -> Any:
        return yaml.safe_load((self.root / rel).read_text(encoding="utf-8"))

    def edit(self, rel: str, change: Callable[[Any], None]) -> None:
        data = self.read(rel)
        change(data)
        self.write(rel, data)

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


def codes_of(data: dict[str, Any], n: int) -> list[dict[str, Any]]:
    """The ``codes`` list of turn ``n`` of a transcript's data (made when absent)."""
    turn = next(t for t in data["turns"] if t["n"] == n)
    return turn.setdefault("codes", [])  # type: ignore[no-any-return]
