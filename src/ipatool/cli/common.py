"""Helpers shared by the command modules: consoles, exit codes, error reporting."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from ipatool.cli.reporters import report_text, summary_line
from ipatool.files import enclosing_study

if TYPE_CHECKING:
    from ipatool.read.study import Study


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
    """Print ``ipatool: message`` on standard error and exit with ``code``; brackets in the
    message (``[P2]``, ``[101, 144)``) are printed as written, not read as markup."""
    stderr().print(f"[bold red]ipatool:[/] {escape(message)}", markup=True)
    raise typer.Exit(int(code))


def study_path(path: Path | None) -> Path:
    """The study a command works on: ``path`` as given (checked later, as written); with none,
    the current folder or, as git does, the nearest parent holding an ipatool.yaml (so a
    command works from inside ``transcripts/``); the current folder when there is none."""
    if path is not None:
        return path
    here = Path.cwd()
    return enclosing_study(here) or here


def is_terminal() -> bool:
    return sys.stdout.isatty()


PROGRESS_MIN_FILES = 50
"""Show a progress bar only when there is this much to read, and only on a terminal."""


@contextlib.contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None] | None]:
    """A callback drawing a transient rich progress bar on a terminal; None elsewhere."""
    if not sys.stderr.isatty():
        yield None
        return
    # here: only a terminal draws a bar, and rich.progress is slow to import
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr(),
        transient=True,
    )
    task: list[Any] = []

    def update(done: int, total: int) -> None:
        if total < PROGRESS_MIN_FILES:
            return
        if not task:
            bar.start()
            task.append(bar.add_task(description, total=total))
        bar.update(task[0], completed=done)

    try:
        yield update
    finally:
        if task:
            bar.stop()


def default_jobs() -> int:
    """Worker processes for reading large studies: the machine's cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def load_checked_study(
    path: Path | None, *, force: bool, identifiers: Path | None = None, jobs: int = 1
) -> Study:
    """Load and validate a study for a command that needs a valid one: a non-study exits 2;
    validation errors are printed and exit 1, unless ``force`` (then a notice, and on).
    Transcripts are read from the cache where possible, else by ``jobs`` processes, with a
    progress bar on a terminal."""
    from ipatool.check.validate import (
        validate_study,  # here: --help does without the cache (~10 ms)
    )

    if identifiers is not None and not identifiers.is_file():
        fail(f"{identifiers}: the identifiers file does not exist")
    with progress_bar("Reading transcripts") as progress:
        result = validate_study(
            study_path(path),
            identifiers=identifiers,
            use_cache=True,
            jobs=jobs,
            progress=progress,
        )
    if result.errors:
        err = stderr()
        report_text(result.errors, err, str(path) if path is not None else "")
        err.print(summary_line(result.errors, len(result.study.files)))
        if not force:
            fail(
                "the study has validation errors; fix them, or go ahead anyway with --force",
                Exit.FINDINGS,
            )
        err.print("ipatool: going ahead despite validation errors (--force)")
    return result.study
