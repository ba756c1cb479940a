"""``ipatool fmt``: rewrite a study's files in the canonical layout, comments kept."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ipatool.cli.common import Exit, default_jobs, stderr, stdout, study_path


def fmt(
    study: Annotated[Path | None, typer.Argument(help="The study folder (default: here).")] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Change nothing; list the files fmt would change (exit 1)."),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Change nothing; print what would change as a diff.")
    ] = False,
    renumber: Annotated[
        bool,
        typer.Option(
            "--renumber",
            help="Also number each transcript's turns 1, 2, 3 ... in file order (nothing else "
            "changes: codings and notes live on their turns).",
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Look at every file afresh (do not use .ipatool-cache)."),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes for formatting large studies (default: cores, max 4).",
        ),
    ] = None,
) -> None:
    """Put every study file in the canonical layout.

    Key order, indentation and folded long text are made canonical, keeping every comment and
    never changing what the file says. Exit 0 done (or nothing to do), 1 with --check/--diff
    when files would change, 2 when a file cannot be read."""
    from ipatool.files import find_study_root
    from ipatool.write.memory import all_tidy, tidy_paths

    root = study_path(study)
    find_study_root(root)
    dry = check or diff
    # nothing changed since fmt last saw every file tidy: answered without ruamel or Pydantic
    if not no_cache and not renumber and all_tidy(root):
        stderr().print(f"0 file(s) {_verb(dry)}, {len(tidy_paths(root))} unchanged", markup=False)
        raise typer.Exit(int(Exit.OK))
    from ipatool.write.fmt import Outcome, format_study  # here: ruamel and Pydantic

    results = format_study(
        root,
        write=not dry,
        use_cache=not no_cache,
        jobs=jobs or default_jobs(),
        keep_text=diff,
        renumber=renumber,
    )
    out, err = stdout(), stderr()
    changed = [r for r in results if r.outcome is Outcome.CHANGED]
    failed = [r for r in results if r.outcome is Outcome.FAILED]
    for r in failed:
        for d in r.diagnostics:
            where = f"{r.file}:{d.span.line}:{d.span.column}"
            err.print(f"{where}: error {d.code} {d.message} (left unchanged)", markup=False)
    for r in changed:
        if diff:
            sys.stdout.write(r.diff())
            sys.stdout.flush()
        elif check:
            out.print(f"would reformat {r.file}", markup=False)
        else:
            out.print(f"reformatted {r.file}", markup=False)
    unchanged = len(results) - len(changed) - len(failed)
    summary = f"{len(changed)} file(s) {_verb(dry)}, {unchanged} unchanged"
    if failed:
        summary += f", {len(failed)} could not be formatted"
    err.print(summary, markup=False)
    if failed:
        raise typer.Exit(int(Exit.CANNOT_RUN))
    raise typer.Exit(int(Exit.FINDINGS if dry and changed else Exit.OK))


def _verb(dry: bool) -> str:
    return "would be reformatted" if dry else "reformatted"


def register(app: typer.Typer) -> None:
    app.command()(fmt)
