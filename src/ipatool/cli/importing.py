"""``ipatool import``: raw transcripts and demographics spreadsheets into a study.

The sub-app :data:`import_app` holds one command per source (``transcript``, ``participants``);
other modules attach more (``qdpx``) with ``@import_app.command()``.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ipatool.cli.common import Exit, fail, stderr, stdout, study_path
from ipatool.files import PARTICIPANTS

if TYPE_CHECKING:
    from ipatool.importers.transcript import ImportPlan

import_app = typer.Typer(
    name="import",
    help="Bring transcripts, demographics and projects into a study.\n\n"
    "Raw transcripts (txt, docx, vtt, srt), demographics (csv, xlsx), REFI-QDA projects (qdpx)\n"
    "and codebooks (qdc).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class Kind(StrEnum):
    INTERVIEW = "interview"
    FOCUS_GROUP = "focus_group"


def _display(path: Path) -> str:
    return path.as_posix()


def _warn(lines: list[str]) -> None:
    console = stderr()
    for line in lines:
        console.print(f"ipatool: warning: {line}", markup=False)


_FilesArg = Annotated[
    list[Path], typer.Argument(help="Raw transcripts: .txt, .docx, .vtt or .srt files.")
]
_SpeakerOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--speaker",
        "-s",
        help='Map a speaker label to an id: --speaker "Roger Bingham=RB". Repeat for each '
        "speaker. A label that already is an id can be given alone: --speaker id1. The real "
        "names given are looked for in the text.",
    ),
]
_IntoOpt = Annotated[Path | None, typer.Option("--into", help="The study folder (default: here).")]
_IdOpt = Annotated[
    str | None, typer.Option("--id", help="The transcript's id (default: from the file name).")
]
_KindOpt = Annotated[
    Kind | None,
    typer.Option(
        "--kind",
        help="interview or focus_group (default: focus_group when more than one "
        "participant speaks).",
    ),
]
_InterviewerOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--interviewer", help="The interviewer's id (declared in ipatool.yaml); repeat for several."
    ),
]
_UnlabelledOpt = Annotated[
    str | None,
    typer.Option(
        "--unlabelled",
        help="The id of whoever speaks text that has no speaker label (for a file that is "
        "one person's answer).",
    ),
]
_TitleOpt = Annotated[str | None, typer.Option("--title", help="A title for tables.")]
_DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", help="When it took place: YYYY-MM-DD (default: from the file, if given)."
    ),
]
_DurationOpt = Annotated[
    str | None,
    typer.Option(
        "--duration",
        metavar="MINUTES",
        help="Its length in minutes (default: from the file, if given).",
    ),
]
_SkipLinesOpt = Annotated[
    int,
    typer.Option(
        "--skip-lines", metavar="N", help="Skip the first N lines of each file (a preamble)."
    ),
]
_StartAtOpt = Annotated[
    str | None,
    typer.Option(
        "--start-at", metavar="TEXT", help="Start reading at the first line containing TEXT."
    ),
]
_AddParticipantsOpt = Annotated[
    bool,
    typer.Option(
        "--add-participants",
        help="Add speakers missing from participants.yaml to it (never an interviewer).",
    ),
]
_ReplaceNamesOpt = Annotated[
    bool,
    typer.Option(
        "--replace-names",
        help="Write the pseudonym in brackets ([Pat]) where a real name given to --speaker is "
        "found in the text.",
    ),
]
_ForceOpt = Annotated[
    bool, typer.Option("--force", help="Replace a transcript file that already exists.")
]
_DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Print the transcript YAML instead of writing files.")
]


@import_app.command("transcript")
def transcript(
    files: _FilesArg,
    speaker: _SpeakerOpt = None,
    into: _IntoOpt = None,
    transcript_id: _IdOpt = None,
    kind: _KindOpt = None,
    interviewer: _InterviewerOpt = None,
    unlabelled: _UnlabelledOpt = None,
    title: _TitleOpt = None,
    date: _DateOpt = None,
    duration: _DurationOpt = None,
    skip_lines: _SkipLinesOpt = 0,
    start_at: _StartAtOpt = None,
    add_participants: _AddParticipantsOpt = False,
    replace_names: _ReplaceNamesOpt = False,
    force: _ForceOpt = False,
    dry_run: _DryRunOpt = False,
) -> None:
    """Import raw transcripts as transcripts with numbered turns.

    Real names are replaced by ids through --speaker; an unmapped speaker is an error, never
    guessed."""
    from ipatool.importers.base import ReadOptions
    from ipatool.importers.speakers import parse_speaker_options, speaker_names
    from ipatool.importers.transcript import (
        ImportOptions,
        parse_date,
        parse_duration,
        plan_imports,
        write_import,
    )

    root = study_path(into)
    opts = ImportOptions(
        speakers=parse_speaker_options(speaker or []),
        names=speaker_names(speaker or []),
        transcript_id=transcript_id,
        kind=kind.value if kind is not None else None,
        interviewers=interviewer or [],
        unlabelled=unlabelled,
        title=title,
        date=parse_date(date),
        duration=parse_duration(duration),
        read=ReadOptions(skip_lines=skip_lines, start_at=start_at),
        add_participants=add_participants,
        replace_names=replace_names,
        force=force,
    )
    plan = plan_imports(files, opts, root)
    _warn(plan.notes)
    if plan.problems:
        _stop(plan.problems)
    if dry_run:
        for planned in plan.planned:
            sys.stdout.write(f"# {planned.path.relative_to(root).as_posix()}\n{planned.text}")
        return
    write_import(plan)
    _report_written(plan)


def _stop(problems: list[str]) -> NoReturn:
    """Print each problem, say nothing was written, and exit 2."""
    console = stderr()
    for problem in problems:
        console.print(f"ipatool: {problem}", markup=False)
    console.print("ipatool: nothing was written", markup=False)
    raise typer.Exit(int(Exit.CANNOT_RUN))


def _report_written(plan: ImportPlan) -> None:
    """One line per transcript written, and the participants added."""
    console = stdout()
    for planned in plan.planned:
        rel = planned.path.relative_to(plan.root).as_posix()
        console.print(
            f"wrote {rel}: {planned.turns} turns, speakers {', '.join(planned.speakers)}",
            markup=False,
        )
    if plan.participants_text is not None:
        console.print(
            f"added {', '.join(plan.new_participants)} to participants.yaml "
            "(fill in their details)",
            markup=False,
        )


@import_app.command("participants")
def participants(
    spreadsheet: Annotated[
        Path, typer.Argument(help="A .csv or .xlsx file with one row per participant.")
    ],
    into: Annotated[
        Path | None, typer.Option("--into", help="The study folder (default: here).")
    ] = None,
    id_column: Annotated[
        str | None,
        typer.Option(
            "--id-column",
            help="The column holding participant ids (default: one called id, participant, "
            "pseudonym or case).",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="The sheet to read (default: the first).")
    ] = None,
    missing: Annotated[
        list[str] | None,
        typer.Option(
            "--missing",
            help="A cell text read as a missing value; repeat for several. Replaces the "
            "default set (na, NA, n/a, N/A, -, .); empty cells are always missing, and "
            '--missing "" keeps only them.',
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report, but write nothing.")
    ] = False,
) -> None:
    """Import demographics into participants.yaml.

    Values are typed by the fields declared in ipatool.yaml. Empty cells and missing-value markers (na, N/A, -) become missing values;
    columns that match no field are left out and listed."""
    from ipatool.files import atomic_write
    from ipatool.importers.participants import (
        DEFAULT_MISSING,
        plan_participants,
        read_fields,
        read_table,
        update_participants_text,
    )

    root = study_path(into)
    markers = DEFAULT_MISSING if missing is None else tuple(missing)
    fields = read_fields(root)
    table = read_table(spreadsheet, _display(spreadsheet), sheet)
    plan = plan_participants(table, fields, id_column, markers)
    _warn(plan.notes)
    if plan.errors:
        for error in plan.errors:
            stderr().print(f"ipatool: {error}", markup=False)
        count = len(plan.errors)
        fail(f"{count} value(s) cannot be imported; nothing was written")
    text, updated, added = update_participants_text(root, plan.values, [f.name for f in fields])
    columns = ", ".join(f"{col} -> {name}" for name, col in plan.columns.items()) or "none"
    verb = "would update" if dry_run else "updated"
    stdout().print(f"ids: column {plan.id_column}; columns: {columns}", markup=False)
    if not dry_run and (updated or added):
        atomic_write(root / PARTICIPANTS, text)
    stdout().print(
        f"participants.yaml: {verb} {len(updated)}, {'would add' if dry_run else 'added'} "
        f"{len(added)}, unchanged {len(plan.values) - len(updated) - len(added)}",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
