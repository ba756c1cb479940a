"""Helpers for the broken-study cases: build a case's study in a temporary folder.

A case folder under ``tests/broken_studies/`` holds only the files it changes; the rest of the
study comes from ``tests/broken_studies/_base`` (a small study that validates cleanly).
``expected.yaml`` lists every diagnostic the case gives, as ``"file:line:col severity CODE"``,
and may also say:

- ``remove``: base files the case deletes;
- ``encode``: ``{file: encoding}`` to write an overlay file in another encoding (``latin-1``,
  ``utf-16``), for the not-UTF-8 cases;
- ``identifiers``: identifiers to write to a file outside the study and pass as
  ``--identifiers``.

The text ``@NUL@`` in an overlay file is written as a NUL byte.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

BROKEN = Path(__file__).resolve().parents[1] / "broken_studies"
BASE = BROKEN / "_base"
EXPECTED = "expected.yaml"
NUL_MARKER = "@NUL@"


@dataclass
class Case:
    """A broken study ready to validate."""

    name: str
    root: Path
    identifiers: Path | None
    expected: list[str]
    spec: dict[str, Any]


def case_names() -> list[str]:
    return sorted(p.name for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_"))


def load_spec(name: str) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((BROKEN / name / EXPECTED).read_text(encoding="utf-8"))
    return spec


def overlay_files(name: str) -> list[Path]:
    folder = BROKEN / name
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != EXPECTED)


def build(name: str, tmp_path: Path) -> Case:
    """Copy the base study, apply the case's overlay, and return it with its expectations."""
    spec = load_spec(name)
    folder = BROKEN / name
    root = tmp_path / "study"
    shutil.copytree(BASE, root)
    for rel in spec.get("remove") or []:
        target = root / rel
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    encodings: dict[str, str] = spec.get("encode") or {}
    for src in overlay_files(name):
        rel = src.relative_to(folder).as_posix()
        text = src.read_text(encoding="utf-8")
        data = text.encode(encodings.get(rel, "utf-8"))
        data = data.replace(NUL_MARKER.encode(), b"\x00")
        dest = root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
    identifiers = None
    if spec.get("identifiers"):
        identifiers = tmp_path / "identifiers.txt"
        identifiers.write_text("\n".join(spec["identifiers"]) + "\n", encoding="utf-8")
    return Case(name, root, identifiers, list(spec.get("diagnostics") or []), spec)


def as_line(file: str, line: int, column: int, severity: str, code: str) -> str:
    return f"{file}:{line}:{column} {severity} {code}"


def base_text(rel: str) -> str:
    """A file of the base study, to edit in a test."""
    return (BASE / rel).read_text(encoding="utf-8")


def study_with(tmp_path: Path, files: dict[str, str | None]) -> Path:
    """The base study with some files replaced (text) or removed (None)."""
    root = tmp_path / "study"
    shutil.copytree(BASE, root)
    for rel, text in files.items():
        target = root / rel
        if text is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def findings(root: Path, identifiers: Path | None = None) -> list[tuple[str, str, int, int]]:
    """(code, file, line, column) of every diagnostic, sorted."""
    from ipatool.check.validate import validate_study

    result = validate_study(root, identifiers=identifiers)
    return sorted((d.code, d.file, d.span.line, d.span.column) for d in result.diagnostics)
