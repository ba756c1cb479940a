"""Fixtures for the importer tests: a fresh study made by ``ipatool init`` and a CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipatool.check.validate import validate_study
from ipatool.cli.app import build_app


@pytest.fixture
def run() -> Callable[..., object]:
    app = build_app()
    runner = CliRunner()

    def invoke(*args: str) -> object:
        return runner.invoke(app, list(args))

    return invoke


@pytest.fixture
def study(starter: Callable[..., Path]) -> Path:
    """The starter study (coder R1, participant P1, one tiny transcript) to import into."""
    return starter("study")


def _errors_of(root: Path) -> list[str]:
    result = validate_study(root)
    return [f"{d.file}:{d.span.line}: {d.code} {d.message}" for d in result.errors]


@pytest.fixture
def errors_of() -> Callable[[Path], list[str]]:
    """Error-level findings of ``ipatool validate`` on a study, as readable strings."""
    return _errors_of
