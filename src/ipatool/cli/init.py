"""``ipatool init``: start a new study folder, offer git, and say what to do next."""

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
    coder: Annotated[
        str | None,
        typer.Option(
            "--coder",
            metavar="ID",
            help="Your id (e.g. your initials) as the study's first coder and interviewer "
            "(default: R1, to replace in ipatool.yaml).",
        ),
    ] = None,
    git: Annotated[
        bool | None,
        typer.Option(
            "--git/--no-git",
            help="Run 'git init' in the new folder (default: when git is installed and the "
            "folder is not inside a git repository already).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start a new study folder that validates.

    The settings (ipatool.yaml, with every key commented), empty participants and themes, an
    empty transcripts/ folder, a README and a .gitignore that keeps identifiers and output
    out of git; then, unless --no-git, 'git init'. Next steps are printed."""
    from ipatool.write.scaffold import (
        PLACEHOLDER_CODER,
        ScaffoldError,
        copy_example,
        create_study,
        git_available,
        set_up_git,
    )

    if git and not git_available():
        fail("--git: git is not installed (not found on PATH); nothing was written")
    if example and coder is not None:
        fail("--coder is for a new study; the bundled example has its own coders")
    try:
        written = copy_example(folder) if example else create_study(folder, coder)
        outcome = set_up_git(folder, git)
    except (OSError, ScaffoldError) as exc:
        fail(str(exc))
    out = stdout()
    where = folder.as_posix()
    out.print(f"created {where} with {len(written)} files", markup=False)
    out.print(f"git: {outcome.reason}", markup=False)
    steps = [f"cd {where}"]
    if example:
        steps += ["ipatool validate", "ipatool render"]
    else:
        me = coder or PLACEHOLDER_CODER
        if coder is None:
            steps.append(
                f"in ipatool.yaml, replace the coder and interviewer {PLACEHOLDER_CODER} "
                "(First Researcher) with your initials and name"
            )
        steps += [
            f'ipatool import transcript ~/interview-1.docx --speaker "Interviewer={me}" '
            '--speaker "Real Name=P1" --add-participants',
            "ipatool validate",
            "ipatool render",
        ]
    if outcome.done:
        steps.append("git add . && git commit -m 'Start the study'")
    out.print("next steps:", markup=False)
    for i, step in enumerate(steps, 1):
        out.print(f"  {i}. {step}", markup=False)


def register(app: typer.Typer) -> None:
    app.command()(init)
