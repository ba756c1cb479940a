"""Helpers shared by the command modules: consoles, exit codes, error reporting."""

from __future__ import annotations

import os
import sys
from enum import IntEnum
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console


class Exit(IntEnum):
    """Exit codes: 0 clean, 1 findings at error level, 2 could not run."""

    OK = 0
    FINDINGS = 1
    CANNOT_RUN = 2


def stdout() -> Console:
    """A console on standard output; colour only on a terminal (and never with NO_COLOR)."""
    return Console(highlight=False, soft_wrap=True, no_color="NO_COLOR" in os.environ)


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True, no_color="NO_COLOR" in os.environ)


def fail(message: str, code: Exit = Exit.CANNOT_RUN) -> NoReturn:
    """Print ``ipatool: message`` on standard error and exit with ``code``."""
    stderr().print(f"[bold red]ipatool:[/] {message}", markup=True)
    raise typer.Exit(int(code))


def study_path(path: Path | None) -> Path:
    return path if path is not None else Path.cwd()


def is_terminal() -> bool:
    return sys.stdout.isatty()
