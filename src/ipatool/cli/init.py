"""``ipatool init``: start a new study folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipatool.cli.common import fail, stdout


def init(
    folder: Annotated[Path, typer.Argument(help="The new study folder (new or empty).")],
    example: Annotated[
        bool,
        typer.Option("--example", help="Copy the bundled example study (MBT therapists) instead."),
    ] = False,
) -> None:
    """Create a study skeleton that validates clean: settings, participants, themes, a tiny
    example transcript, a README and a .gitignore that keeps identifiers and output out of git."""
    from ipatool.write.scaffold import copy_example, create_study

    try:
        written = copy_example(folder) if example else create_study(folder)
    except OSError as exc:
        fail(str(exc))
    out = stdout()
    out.print(f"created {folder.as_posix()} with {len(written)} files", markup=False)
    out.print(f"next: cd {folder.as_posix()} && ipatool validate", markup=False)


def register(app: typer.Typer) -> None:
    app.command()(init)
