"""``ipatool history``: the study's analytic audit trail from its commits."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipatool.cli.common import Exit, stdout, study_path


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def history(
    study: Annotated[Path | None, typer.Argument(help="The study folder (default: here).")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only the commits after this revision.")
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="text or json.")
    ] = Format.TEXT,
) -> None:
    """Show what each commit changed in the coding.

    For each commit that touched the study: date, author, message, and what it changed in
    the codebook and the themes, and how many codings."""
    from ipatool.review.history import study_history
    from ipatool.review.historyformat import history_text

    entries = study_history(study_path(study), since)
    out = stdout()
    if output_format is Format.JSON:
        out.file.write(
            json.dumps([e.to_json() for e in entries], indent=2, ensure_ascii=False) + "\n"
        )
    else:
        out.file.write(history_text(entries))
    raise typer.Exit(int(Exit.OK))


def register(app: typer.Typer) -> None:
    app.command()(history)
