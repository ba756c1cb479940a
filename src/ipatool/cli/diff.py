"""``ipatool diff``: what a change to a study means, read from git (no checkout)."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipatool.cli.common import Exit, fail, is_terminal, stdout, study_path

STYLES = {"+": "green", "-": "red", "!": "yellow"}


class Format(StrEnum):
    AUTO = "auto"
    TEXT = "text"
    MD = "md"
    JSON = "json"
    GITHUB = "github"


def split_arguments(args: list[str]) -> tuple[list[str], Path | None]:
    """Revisions, then the study folder: the last argument when it is an existing folder."""
    if args and Path(args[-1]).is_dir():
        return args[:-1], Path(args[-1])
    return args, None


def diff(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REV_A [REV_B]] [STUDY]",
            help="None: the working tree against HEAD; one: the working tree against it; two "
            "(or A..B): two commits; A...B: B against where it left A. STUDY: the study "
            "folder (default: here).",
        ),
    ] = None,
    output_format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="text, md (a pull-request comment), json, github (annotations), or auto "
            "(github on GitHub Actions).",
        ),
    ] = Format.AUTO,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when something changed (as git diff).")
    ] = False,
    no_effects: Annotated[
        bool,
        typer.Option("--no-effects", help="Only the changes, not their effects on the tables."),
    ] = False,
) -> None:
    """Compare the study between two revisions by meaning.

    Renamed, merged and moved codes, recoded turns, and their effects on the tables. Exit 0
    (1 with --exit-code if changed), 2 cannot read."""
    from ipatool.review.compare import diff_study
    from ipatool.review.formats import FORMATS

    revisions, study = split_arguments(list(args or []))
    result = diff_study(study_path(study), revisions, effects=not no_effects)
    fmt = output_format
    if fmt is Format.AUTO:
        fmt = Format.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else Format.TEXT
    text = FORMATS[fmt.value](result)
    out = stdout()
    if fmt is Format.TEXT and is_terminal():
        for line in text.splitlines():
            out.print(line, style=STYLES.get(line[:1]), markup=False)
    else:
        out.file.write(text)
    if result.problems:
        fail(
            "part of the study could not be read, and was compared as far as it could be:\n"
            + "\n".join(result.problems)
        )
    raise typer.Exit(int(Exit.FINDINGS if exit_code and result.changed else Exit.OK))


def register(app: typer.Typer) -> None:
    app.command()(diff)
