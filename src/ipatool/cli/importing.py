"""``ipatool import``: raw transcripts and demographics spreadsheets into a study.

The sub-app :data:`import_app` holds one command per source (``transcript``, ``participants``);
other modules attach more (``qdpx``) with ``@import_app.command()``.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipatool.cli.common import Exit, fail, stderr, stdout

import_app = typer.Typer(
    name="import",
    help="Bring raw transcripts (txt, docx, vtt, srt), REFI-QDA projects (qdpx) and demographics (csv, xlsx) into a study.",
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


@import_app.command("transcript")
def transcript(
    files: Annotated[
        list[Path], typer.Argument(help="Raw transcripts: .txt, .docx, .vtt or .srt files.")
    ],
    speaker: Annotated[
        list[str] | None,
        typer.Option(
            "--speaker",
            "-s",
            help='Map a speaker label to an id: --speaker "Roger Bingham=RB". Repeat for each '
            "speaker. A label that already is an id can be given alone: --speaker id1.",
        ),
    ] = None,
    into: Annotated[
        Path | None, typer.Option("--into", help="The study folder (default: here).")
    ] = None,
    transcript_id: Annotated[
        str | None,
        typer.Option("--id", help="The transcript's id (default: from the file name)."),
    ] = None,
    kind: Annotated[
        Kind | None,
        typer.Option(
            "--kind",
            help="interview or focus_group (default: focus_group when more than one "
            "participant speaks).",
        ),
    ] = None,
    interviewer: Annotated[
        list[str] | None,
        typer.Option(
            "--interviewer",
            help="The interviewer's id (declared in ipatool.yaml); repeat for several.",
        ),
    ] = None,
    unlabelled: Annotated[
        str | None,
        typer.Option(
            "--unlabelled",
            help="The id of whoever speaks text that has no speaker label (for a file that is "
            "one person's answer).",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="A title for tables.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="When it took place: YYYY-MM-DD.")
    ] = None,
    add_participants: Annotated[
        bool,
        typer.Option(
            "--add-participants",
            help="Add speakers missing from participants.yaml to it.",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a transcript file that already exists.")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print the transcript YAML instead of writing files."),
    ] = False,
) -> None:
    """Import raw transcripts as study transcripts with numbered turns. Real names are replaced
    by ids through --speaker; an unmapped speaker is an error, never guessed."""
    from ipatool.fsutil import atomic_write
    from ipatool.importers.base import ImportFailed
    from ipatool.importers.participants import update_participants_text
    from ipatool.importers.speakers import parse_speaker_options
    from ipatool.importers.transcript import (
        ImportOptions,
        PlannedTranscript,
        plan_import,
        read_study_ids,
    )

    root = into if into is not None else Path.cwd()
    if transcript_id is not None and len(files) > 1:
        fail("--id names one transcript: import one file at a time to give ids")
    when: dt.date | None = None
    if date is not None:
        try:
            when = dt.date.fromisoformat(date)
        except ValueError:
            fail(f"--date {date!r}: write the date as YYYY-MM-DD, e.g. 2019-03-14")
    try:
        mapping = parse_speaker_options(speaker or [])
        study = read_study_ids(root)
    except ImportFailed as exc:
        fail(str(exc))
    opts = ImportOptions(
        speakers=mapping,
        transcript_id=transcript_id,
        kind=kind.value if kind is not None else None,
        interviewers=interviewer or [],
        unlabelled=unlabelled,
        title=title,
        date=when,
        add_participants=add_participants,
        force=force,
    )
    planned: list[PlannedTranscript] = []
    problems: list[str] = []
    taken: set[str] = set()
    for path in files:
        try:
            plan = plan_import(path, _display(path), opts, study, taken=taken)
        except ImportFailed as exc:
            problems.append(str(exc))
            continue
        taken.add(plan.transcript_id)
        planned.append(plan)
    for plan in planned:
        _warn(plan.notes)
    if problems:
        for problem in problems:
            stderr().print(f"ipatool: {problem}", markup=False)
        stderr().print("ipatool: nothing was written", markup=False)
        raise typer.Exit(int(Exit.CANNOT_RUN))
    new_people: list[str] = []
    for plan in planned:
        new_people += [p for p in plan.new_participants if p not in new_people]
    if dry_run:
        for plan in planned:
            sys.stdout.write(f"# {plan.path.relative_to(root).as_posix()}\n{plan.text}")
        return
    participants_text = None
    if new_people:
        from ipatool.fmt import declared_fields

        try:
            participants_text, _, _ = update_participants_text(
                root, {p: {} for p in new_people}, declared_fields(root)
            )
        except ImportFailed as exc:
            fail(str(exc))
    for plan in planned:
        atomic_write(plan.path, plan.text)
        rel = plan.path.relative_to(root).as_posix()
        stdout().print(
            f"wrote {rel}: {plan.turns} turns, speakers {', '.join(plan.speakers)}",
            markup=False,
        )
    if participants_text is not None:
        atomic_write(root / "participants.yaml", participants_text)
        stdout().print(
            f"added {', '.join(new_people)} to participants.yaml (fill in their details)",
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
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report, but write nothing.")
    ] = False,
) -> None:
    """Import demographics into participants.yaml, typed by the fields declared in
    ipatool.yaml. Empty cells become missing values; columns that match no field are left out."""
    from ipatool.fsutil import atomic_write
    from ipatool.importers.base import ImportFailed
    from ipatool.importers.participants import (
        plan_participants,
        read_fields,
        read_table,
        update_participants_text,
    )

    root = into if into is not None else Path.cwd()
    try:
        fields = read_fields(root)
        table = read_table(spreadsheet, _display(spreadsheet), sheet)
        plan = plan_participants(table, fields, id_column)
    except ImportFailed as exc:
        fail(str(exc))
    _warn(plan.notes)
    if plan.errors:
        for error in plan.errors:
            stderr().print(error, markup=False)
        count = len(plan.errors)
        fail(f"{count} value(s) do not fit their fields; nothing was written", Exit.FINDINGS)
    try:
        text, updated, added = update_participants_text(root, plan.values, [f.name for f in fields])
    except ImportFailed as exc:
        fail(str(exc))
    columns = ", ".join(f"{col} -> {name}" for name, col in plan.columns.items()) or "none"
    verb = "would update" if dry_run else "updated"
    stdout().print(f"columns: {columns}", markup=False)
    if not dry_run and (updated or added):
        atomic_write(root / "participants.yaml", text)
    stdout().print(
        f"participants.yaml: {verb} {len(updated)}, {'would add' if dry_run else 'added'} "
        f"{len(added)}, unchanged {len(plan.values) - len(updated) - len(added)}",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
