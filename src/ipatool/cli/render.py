"""``ipatool render``: write the study's tables in md, html, tex, csv, docx and json."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Annotated

import typer

from ipatool.cli.common import (
    Exit,
    default_jobs,
    fail,
    load_checked_study,
    stderr,
    stdout,
    study_path,
)

FORMAT_NAMES = ("md", "html", "tex", "csv", "docx", "json")
TABLE_NAMES = (
    "sentence",
    "sample",
    "themes",
    "recurrence",
    "quotes",
    "pets",
    "codebook",
    "agreement",
)


def _check_choices(values: list[str], allowed: tuple[str, ...], what: str) -> list[str]:
    wrong = [v for v in values if v not in allowed]
    if wrong:
        fail(
            f"unknown {what} {', '.join(repr(w) for w in wrong)}; choose from {', '.join(allowed)}"
        )
    return values


def render(
    study: Annotated[Path | None, typer.Argument(help="The study folder (default: here).")] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help=f"An output format (repeatable): {', '.join(FORMAT_NAMES)}. Default: all.",
        ),
    ] = None,
    tables: Annotated[
        list[str] | None,
        typer.Option(
            "--table", "-t", help=f"A table (repeatable): {', '.join(TABLE_NAMES)}. Default: all."
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output folder (default: STUDY/rendered).")
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="A folder of templates searched before the study's templates/ and the built-ins.",
        ),
    ] = None,
    codes: Annotated[
        bool, typer.Option("--codes", help="List codes under subthemes in the themes table.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Render even if the study has validation errors.")
    ] = False,
    identifiers: Annotated[
        Path | None,
        typer.Option(
            "--identifiers",
            help="A file of real names and other identifiers (one per line); the study and every "
            "rendered file are checked, and nothing is written if one appears.",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes for reading and writing a large study (default: cores, max 4).",
        ),
    ] = None,
) -> None:
    """Render the study's tables through Jinja templates; print each file written."""
    from ipatool.analysis import Options
    from ipatool.analysis.registry import TABLES
    from ipatool.cli.reporters import report_text
    from ipatool.fsutil import UnsafePath, atomic_write, safe_join
    from ipatool.render import RenderError, render_study
    from ipatool.render.formats import FORMATS

    gc.disable()  # one short run: its millions of table cells and rows hold no cycles to collect
    fmts = _check_choices(formats or [], tuple(FORMATS), "format")
    names = _check_choices(tables or [], tuple(TABLES), "table")
    if templates is not None and not templates.is_dir():
        fail(f"{templates}: the templates folder does not exist")
    root = study_path(study)
    workers = jobs or default_jobs()
    loaded = load_checked_study(study, force=force, identifiers=identifiers, jobs=workers)
    err = stderr()
    if loaded.config is None:
        fail(
            f"{root / 'ipatool.yaml'}: the study settings did not load, so nothing can be rendered"
        )
    try:
        rendered = render_study(
            loaded,
            formats=fmts or None,
            tables=names or None,
            templates=templates,
            options=Options(codes=codes),
            jobs=workers,
        )
    except RenderError as exc:
        fail(f"{exc}\nnothing was written")
    for warning in rendered.warnings:
        err.print(f"ipatool: warning: {warning}", markup=False)
    for left_out in rendered.omitted:
        err.print(
            f"ipatool: the {left_out.name} table is left out: {left_out.reason}", markup=False
        )
    if not rendered.files:
        fail("nothing to render: every requested table was left out; nothing was written")
    if identifiers is not None:
        from ipatool.identifiers import compile_identifiers, read_identifiers, scan_outputs

        pattern = compile_identifiers(read_identifiers(identifiers))
        leaks = scan_outputs(rendered.files, pattern) if pattern is not None else []
        if leaks:
            report_text(leaks, err, "")
            fail(
                "identifiers appear in the rendered tables (file:line:col above); nothing was "
                "written",
                Exit.FINDINGS,
            )
    folder = out if out is not None else root / "rendered"
    console = stdout()
    try:
        targets = [(safe_join(folder, rel), data) for rel, data in rendered.files.items()]
        for path, data in targets:
            atomic_write(path, data)
            console.print(str(path), markup=False)
    except (UnsafePath, OSError) as exc:
        fail(f"could not write the output: {exc}")
    raise typer.Exit(int(Exit.OK))


def register(app: typer.Typer) -> None:
    app.command()(render)
