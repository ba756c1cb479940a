"""``ipatool history``: the study's analytic audit trail from its commits."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipatool.cli.common import Exit, stdout, study_path
from ipatool.files import CONFIG


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def split_arguments(args: list[str]) -> tuple[Path | None, list[Path]]:
    """The study folder (the first argument, when it is a folder holding an ipatool.yaml), then
    the paths (written after ``--``, as in git)."""
    if args and (Path(args[0]) / CONFIG).is_file():
        return Path(args[0]), [Path(a) for a in args[1:]]
    return None, [Path(a) for a in args]


def history(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[STUDY] [-- PATH...]",
            help="The study folder (default: here), then paths inside it, as in git (from the "
            "current folder): only the commits that touched them, and what they changed there.",
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only the commits after this revision.")
    ] = None,
    path: Annotated[
        list[Path] | None,
        typer.Option("--path", "-p", help="A path inside the study (repeatable), as after --."),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="text or json.")
    ] = Format.TEXT,
) -> None:
    """Show what each commit changed in the coding.

    For each commit that touched the study: date, author, message, and what it changed in
    the codebook and the themes, and how many codings."""
    from ipatool.review.history import study_history, within
    from ipatool.review.historyformat import history_text

    study, paths = split_arguments(list(args or []))
    root = study_path(study)
    inside = within(root, [*paths, *(path or [])])
    entries = study_history(root, since, inside)
    out = stdout()
    if output_format is Format.JSON:
        out.file.write(
            json.dumps([e.to_json() for e in entries], indent=2, ensure_ascii=False) + "\n"
        )
    else:
        out.file.write(history_text(entries, "those paths" if inside else "the study"))
    raise typer.Exit(int(Exit.OK))


def register(app: typer.Typer) -> None:
    app.command()(history)
