"""``ipatool export qdpx|codebook`` and ``ipatool import qdpx|codebook``: REFI-QDA exchange."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from ipatool.cli.common import Exit, fail, load_checked_study, stderr, stdout, study_path
from ipatool.cli.importing import import_app
from ipatool.files import THEMES

if TYPE_CHECKING:
    from rich.console import Console

    from ipatool.exchange.report import ImportReport
    from ipatool.read.study import Study

export_app = typer.Typer(
    name="export",
    help="Export a study to other software.\n\n"
    "A REFI-QDA project (.qdpx) or codebook (.qdc), for NVivo, ATLAS.ti, MAXQDA or QualCoder.",
    no_args_is_help=True,
)


class Method(StrEnum):
    IPA = "ipa"
    THEMATIC = "thematic"


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


StudyArg = Annotated[Path | None, typer.Argument(help="The study folder (default: here).")]
T = TypeVar("T")

ForceOpt = Annotated[
    bool, typer.Option("--force", help="Export even when the study has validation errors.")
]


def _export(
    study: Path | None, force: bool, output: Path, run: Callable[[Study, Path], T]
) -> tuple[Study, T]:
    """Load a valid study, check the output path, run one export; any problem exits clearly."""

    loaded = load_checked_study(study, force=force)
    if output.is_dir():
        fail(f"{output}: is a folder; give a file name for the output")
    if not output.parent.exists():
        fail(f"{output.parent}: no such folder")
    return loaded, run(loaded, output)


@export_app.command("qdpx")
def export_qdpx(
    output: Annotated[Path, typer.Option("--output", "-o", help="The .qdpx file to write.")],
    study: StudyArg = None,
    force: ForceOpt = False,
) -> None:
    """Write the study as a REFI-QDA project (.qdpx).

    For NVivo, ATLAS.ti, MAXQDA or QualCoder."""
    from ipatool.exchange.export import export_qdpx as run

    _, result = _export(study, force, output, run)
    err = stderr()
    for problem in result.problems:
        err.print(f"warning: {problem}", markup=False)
    err.print(
        f"wrote {output}: {result.sources} sources, {result.selections} selections, "
        f"{result.codings} codings, {result.notes} notes, {result.cases} cases",
        markup=False,
    )


@export_app.command("codebook")
def export_codebook(
    output: Annotated[Path, typer.Option("--output", "-o", help="The .qdc file to write.")],
    study: StudyArg = None,
    force: ForceOpt = False,
) -> None:
    """Write the theme hierarchy as a REFI-QDA codebook (.qdc)."""
    from ipatool.exchange.export import export_codebook as run

    loaded, _ = _export(study, force, output, run)
    codes = sum(len(s.codes) for t in loaded.themes for s in t.subthemes)
    themes = len(loaded.themes)
    stderr().print(
        f"wrote {output}: {themes} theme{'s' if themes != 1 else ''}, "
        f"{codes} code{'s' if codes != 1 else ''}",
        markup=False,
    )


@import_app.command("qdpx")
def import_qdpx(
    file: Annotated[Path, typer.Argument(help="The .qdpx file (or a bare .qde).")],
    into: Annotated[
        Path | None,
        typer.Option("--into", help="The new study folder (default: named after the file)."),
    ] = None,
    method: Annotated[
        Method, typer.Option("--method", help="The study's method in ipatool.yaml.")
    ] = Method.THEMATIC,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="The import report as text or json.")
    ] = ReportFormat.TEXT,
) -> None:
    """Make a new study folder from a REFI-QDA project.

    What could not be carried over is reported."""
    from ipatool.check.validate import validate_study
    from ipatool.cli.reporters import REPORTERS
    from ipatool.exchange.importer import import_qdpx as run

    if not file.is_file():
        fail(f"{file}: no such file")
    target = into if into is not None else Path(file.stem)
    report = run(file, target, method=method.value)
    result = validate_study(target)
    out = stdout()
    if output_format is ReportFormat.JSON:
        data = report.to_json()
        data["study"] = str(target)
        data["validation_errors"] = len(result.errors)
        out.file.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        made = ", ".join(f"{n} {what}" for what, n in report.made.items())
        out.print(f"imported {file} into {target}: {made}", markup=False)
        if report.missing_sources:
            out.print(
                f"{len(report.missing_sources)} source text(s) not in the archive: "
                + "; ".join(report.missing_sources),
                markup=False,
            )
        if report.not_carried:
            out.print("not carried (the study format has no place for these):", markup=False)
            for what, n in sorted(report.not_carried.items()):
                out.print(f"  {n} {what}", markup=False)
        for message in report.messages:
            out.print(f"note: {message}", markup=False)
        _print_offsets(out, report)
    if result.errors:
        REPORTERS["text"](result.errors, stderr(), "")
        fail(f"the imported study has {len(result.errors)} validation error(s)", Exit.FINDINGS)


def _print_offsets(out: Console, report: ImportReport) -> None:
    """The counting convention of each source, the doubtful ones, and unplaced selections."""
    for decision in report.offsets:
        out.print(f"offsets: {decision.source}: {decision.summary()}", markup=False)
    doubtful = report.doubtful
    if doubtful:
        out.print(
            f"doubtful offsets in {len(doubtful)} of {len(report.offsets)} source(s) "
            "(imported anyway; check their quotes):",
            markup=False,
        )
        for decision in doubtful:
            out.print(f"  {decision.source}: {'; '.join(decision.doubts)}", markup=False)
    if report.unplaced:
        out.print(
            f"{len(report.unplaced)} selection(s) could not be placed (left out):", markup=False
        )
        for line in report.unplaced:
            out.print(f"  {line}", markup=False)


@import_app.command("codebook")
def import_codebook(
    file: Annotated[Path, typer.Argument(help="The REFI-QDA codebook (.qdc).")],
    into: Annotated[
        Path | None, typer.Option("--into", help="The study folder (default: here).")
    ] = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="The import report as text or json.")
    ] = ReportFormat.TEXT,
) -> None:
    """Bring a codebook's codes into themes.yaml.

    Codes, descriptions and nesting: a new file, or merged into the existing one (clashes
    reported, nothing there changed)."""
    from ipatool.check.validate import validate_study
    from ipatool.cli.reporters import REPORTERS
    from ipatool.exchange.codebook_import import import_codebook as run

    root = study_path(into)
    if not file.is_file():
        fail(f"{file}: no such file")
    has_themes = (root / THEMES).is_file()
    before = validate_study(root).errors if has_themes else []
    report = run(file, root)
    seen = {(d.file, d.code, d.message) for d in before}
    new_errors = [d for d in validate_study(root).errors if (d.file, d.code, d.message) not in seen]
    out = stdout()
    if output_format is ReportFormat.JSON:
        data = report.to_json()
        data["study"] = str(root)
        data["new_validation_errors"] = len(new_errors)
        out.file.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        made = ", ".join(f"{n} {what}" for what, n in report.made.items())
        out.print(f"imported codebook {file} into {root}: {made}", markup=False)
        if report.clashes:
            out.print(
                f"{len(report.clashes)} clash(es); themes.yaml keeps what it has:", markup=False
            )
            for clash in report.clashes:
                out.print(f"  {clash}", markup=False)
        for what, n in sorted(report.not_carried.items()):
            out.print(f"not carried: {n} {what}", markup=False)
        for message in report.messages:
            out.print(f"note: {message}", markup=False)
    if new_errors:
        REPORTERS["text"](new_errors, stderr(), "")
        fail(f"the import added {len(new_errors)} validation error(s)", Exit.FINDINGS)


def register(app: typer.Typer) -> None:
    """Add ``export``; ``import qdpx`` and ``import codebook`` joined the import group when this
    module was imported (once, however often the app is built)."""
    app.add_typer(export_app, name="export")
