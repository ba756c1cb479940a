"""``ipatool render``: write the study's tables in md, html, tex, csv, docx, json and xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ipatool.check.deidentify import compile_identifiers, read_identifiers, scan_outputs
from ipatool.cli.common import (
    Exit,
    default_jobs,
    fail,
    load_checked_study,
    stderr,
    stdout,
    study_path,
)
from ipatool.cli.reporters import report_text
from ipatool.errors import UserError
from ipatool.files import CONFIG

if TYPE_CHECKING:
    from ipatool.analysis import Omitted, Options
    from ipatool.analysis.audit import AuditCommit
    from ipatool.cli.turns import Turns
    from ipatool.read.study import Study
    from ipatool.render.sink import StagedFolder

FORMAT_NAMES = ("md", "html", "tex", "csv", "docx", "json", "xlsx")
TABLE_NAMES = (
    "sentence",
    "methods",
    "sample",
    "participants",
    "themes",
    "recurrence",
    "quality",
    "gets",
    "quotes",
    "pets",
    "codebook",
    "coreq",
    "srqr",
    "agreement",
    "disagreements",
    "record",
    "history",
)


def _read_turns(study: Study, names: list[str], notes: bool, workbook: bool) -> Turns:
    """What the tables asked for need of the transcripts beyond the cache, each file read once:
    the disagreements table the words of the double-coded transcripts' turns, the record table
    those of every transcript and their notes, ``--notes`` the notes, the workbook every coded
    transcript's turns (read here: analysis does no I/O)."""
    from ipatool.cli.turns import read_turns
    from ipatool.exchange.common import ExchangeError

    texts = "every" if "record" in names else "coded-twice" if "disagreements" in names else None
    try:
        return read_turns(study, texts=texts, notes="record" in names or notes, words=workbook)
    except ExchangeError as exc:
        fail(f"{exc}; the tables asked for need the transcripts' turns")


def _options(root: Path, names: list[str], codes: bool, notes: bool, turns: Turns) -> Options:
    """The analysis options: what was read of the transcripts, and for the history table the
    study's commits."""
    from ipatool.analysis import Options

    return Options(
        codes=codes,
        notes=notes,
        turn_texts=turns.texts,
        turn_notes=turns.notes,
        history=_history(root) if "history" in names else None,
    )


def _history(root: Path) -> tuple[AuditCommit, ...]:
    """The study's commits for the history table; outside a git repository (or in one without
    commits), a clear exit 2."""
    from ipatool.review.history import study_history
    from ipatool.review.historyformat import audit_commits

    try:
        return audit_commits(study_history(root))
    except UserError as exc:
        fail(f"--table history: {exc}; nothing was written")


FORMAT_HINTS = {
    "pdf": "ipatool writes no PDF: for one, render docx and export it as PDF from Word or "
    "LibreOffice (soffice --headless --convert-to pdf rendered/tables.docx), or render tex "
    "and compile it in the output folder (pdflatex tables.tex)",
}
"""What to do instead, for a format people ask for that ipatool does not write."""


def _check_choices(
    values: list[str], allowed: tuple[str, ...], what: str, hints: dict[str, str] | None = None
) -> list[str]:
    wrong = [v for v in values if v not in allowed]
    if wrong:
        advice = [(hints or {})[w] for w in dict.fromkeys(wrong) if w in (hints or {})]
        fail(
            f"unknown {what} {', '.join(repr(w) for w in wrong)}; choose from {', '.join(allowed)}"
            + "".join(f"\n{line}" for line in advice)
        )
    return values


def render(
    study: Annotated[Path | None, typer.Argument(help="The study folder (default: here).")] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="|".join(FORMAT_NAMES),
            help=f"An output format (repeatable): {', '.join(FORMAT_NAMES)}. Default: all but "
            "xlsx.",
        ),
    ] = None,
    tables: Annotated[
        list[str] | None,
        typer.Option(
            "--table",
            "-t",
            help=f"A table (repeatable): {', '.join(TABLE_NAMES)}. Default: all but srqr, "
            "disagreements, record and history.",
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
    notes: Annotated[
        bool,
        typer.Option(
            "--notes",
            help="Print each quote's conceptual notes under it in the quote bank and the pets table.",
        ),
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
            help="Processes for reading transcripts that are not in the cache (default: cores, "
            "max 4).",
        ),
    ] = None,
) -> None:
    """Write the study's tables for the paper.

    Every table is rendered through Jinja templates in each format asked for; each file
    written is printed."""
    # here: --help and validate do without the tables, the templates and the writers
    from ipatool.analysis.registry import TABLES
    from ipatool.files import UnsafePath
    from ipatool.render import prepare, write_formats
    from ipatool.render.formats import FORMATS
    from ipatool.render.sink import StagedFolder

    fmts = _check_choices(formats or [], tuple(FORMATS), "format", FORMAT_HINTS)
    names = _check_choices(tables or [], tuple(TABLES), "table")
    if templates is not None and not templates.is_dir():
        fail(f"{templates}: the templates folder does not exist")
    root = study_path(study)
    workers = jobs or default_jobs()
    loaded = load_checked_study(study, force=force, identifiers=identifiers, jobs=workers)
    err = stderr()
    if loaded.config is None:
        fail(f"{root / CONFIG}: the study settings did not load, so nothing can be rendered")
    workbook = "xlsx" in fmts
    turns = _read_turns(loaded, names, notes, workbook)
    job, omitted = prepare(
        loaded,
        tables=names or None,
        templates=templates,
        options=_options(root, names, codes, notes, turns),
        extracts=workbook,
        words=turns.words,
    )
    del loaded  # the tables are built: the study's memory is free for writing them
    for table in job.tables if job is not None else ():
        for warning in getattr(table.data, "warnings", ()):
            err.print(f"ipatool: warning: {warning}", markup=False)
    if job is None:
        _report_omitted(omitted)
        fail("nothing to render: every requested table was left out; nothing was written")
    folder = out if out is not None else root / "rendered"
    try:
        with StagedFolder(folder) as staged:
            files, warnings = write_formats(job, staged, fmts or None)
            for warning in warnings:
                err.print(f"ipatool: warning: {warning}", markup=False)
            _report_omitted(omitted)
            if identifiers is not None:
                _refuse_identifiers(identifiers, staged, files)
            written = staged.commit(files)
    except (UnsafePath, OSError) as exc:
        fail(f"could not write the output: {exc}")
    console = stdout()
    for path in written:
        console.print(str(path), markup=False)
    raise typer.Exit(int(Exit.OK))


def _report_omitted(omitted: list[Omitted]) -> None:
    for left_out in omitted:
        stderr().print(
            f"ipatool: the {left_out.name} table is left out: {left_out.reason}", markup=False
        )


def _refuse_identifiers(identifiers: Path, staged: StagedFolder, files: list[str]) -> None:
    """Stop, before anything is committed, when an identifier appears in a rendered file."""
    pattern = compile_identifiers(read_identifiers(identifiers))
    leaks = scan_outputs(((n, staged.read(n)) for n in files), pattern) if pattern else []
    if leaks:
        report_text(leaks, stderr(), "")
        fail(
            "identifiers appear in the rendered tables (file:line:col above); nothing was written",
            Exit.FINDINGS,
        )


def register(app: typer.Typer) -> None:
    app.command()(render)
