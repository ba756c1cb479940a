"""``ipatool validate``: run every check and report findings."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipatool.cli.common import (
    Exit,
    default_jobs,
    fail,
    progress_bar,
    stderr,
    stdout,
    study_path,
)
from ipatool.cli.reporters import REPORTERS, summary_line


class Format(StrEnum):
    AUTO = "auto"
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def validate(
    study: Annotated[Path | None, typer.Argument(help="The study folder (default: here).")] = None,
    output_format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="text, json, github, or auto (github on GitHub Actions)."
        ),
    ] = Format.AUTO,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    identifiers: Annotated[
        Path | None,
        typer.Option(
            "--identifiers",
            help="A file of real names and other identifiers (one per line, kept outside the "
            "repository); every occurrence in the study is an error.",
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every file afresh (do not use .ipatool-cache).")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes for reading large studies (default: cores, max 4).",
        ),
    ] = None,
) -> None:
    """Check every file of a study and print what is wrong.

    Each finding is printed as file:line:col, with a hint on how to fix it. Exit 0 clean, 1
    errors (or warnings, with --strict), 2 cannot run."""
    from ipatool.check.validate import check_study  # here: --help does without the cache (~10 ms)

    root = study_path(study)
    if identifiers is not None and not identifiers.is_file():
        fail(f"{identifiers}: the identifiers file does not exist")
    with progress_bar("Reading transcripts") as progress:
        result = check_study(
            root,
            identifiers=identifiers,
            use_cache=not no_cache,
            jobs=jobs or default_jobs(),
            progress=progress,
        )
    fmt = output_format
    if fmt is Format.AUTO:
        fmt = Format.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else Format.TEXT
    diags = result.diagnostics
    REPORTERS[fmt.value](diags, stdout(), str(study) if study is not None else "")
    if fmt is not Format.JSON:
        stderr().print(summary_line(diags, len(result.files)))
    failing = result.errors or (strict and result.warnings)
    raise typer.Exit(int(Exit.FINDINGS if failing else Exit.OK))


def register(app: typer.Typer) -> None:
    app.command()(validate)
