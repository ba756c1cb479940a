"""Turning raw transcripts into study transcript files (and new participants, when asked).

:func:`plan_imports` does all the checking and returns what to write; nothing is written until
every file of an import has been planned without errors, and then :func:`write_import` writes
it all, each file atomically.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipatool.files import PARTICIPANTS, TRANSCRIPTS_DIR, atomic_write, transcript_paths
from ipatool.importers import read_transcript
from ipatool.importers.base import DEFAULT_READ, ImportFailed, RawTranscript, ReadOptions
from ipatool.importers.names import NameFinder, name_notes
from ipatool.importers.participants import update_participants_text
from ipatool.importers.speakers import (
    Speakers,
    SpokenTurn,
    apply_speakers,
    is_id,
    is_interviewer_name,
)
from ipatool.read.loader import settings_document
from ipatool.read.yamlio import read_document
from ipatool.write.fmt import declared_fields
from ipatool.write.yamlout import CommentedMap, CommentedSeq, apply_block_styles, dump, flow_list

KINDS = ("interview", "focus_group")


@dataclass
class StudyIds:
    """What an import needs to know about the study it goes into."""

    root: Path
    participants: list[str]
    interviewers: list[str]
    transcript_ids: dict[str, str]  # transcript id -> study-relative file
    coders: list[str] = field(default_factory=list)

    @property
    def known(self) -> frozenset[str]:
        return frozenset(self.participants) | frozenset(self.interviewers)


@dataclass
class ImportOptions:
    """The choices given on the command line for ``ipatool import transcript``.

    ``speakers`` maps label keys to ids (:func:`~ipatool.importers.speakers.parse_speaker_options`);
    ``names`` holds the real names as written, with their ids, to look for in the text.
    """

    speakers: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    transcript_id: str | None = None
    kind: str | None = None
    interviewers: Sequence[str] = ()
    unlabelled: str | None = None
    title: str | None = None
    date: dt.date | None = None
    duration: float | None = None
    read: ReadOptions = DEFAULT_READ
    add_participants: bool = False
    replace_names: bool = False
    force: bool = False


@dataclass
class PlannedTranscript:
    """A transcript ready to be written."""

    source: str
    transcript_id: str
    path: Path
    text: str
    turns: int
    speakers: list[str]
    new_participants: list[str]
    notes: list[str]


@dataclass
class ImportPlan:
    """Everything one ``import transcript`` would write, or the problems that stop it."""

    root: Path
    planned: list[PlannedTranscript]
    problems: list[str]
    new_participants: list[str] = field(default_factory=list)
    participants_text: str | None = None  # participants.yaml with the new participants

    @property
    def notes(self) -> list[str]:
        return [note for plan in self.planned for note in plan.notes]


@dataclass
class _Roles:
    """Who speaks in a transcript, in order of first turn."""

    order: list[str]
    participants: list[str]
    interviewers: list[str]
    new: list[str]  # participants not yet in participants.yaml


def parse_date(value: str | None) -> dt.date | None:
    """``--date``: ``YYYY-MM-DD``; raises :class:`ImportFailed` otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ImportFailed(
            f"--date {value!r}: write the date as YYYY-MM-DD, e.g. 2019-03-14"
        ) from None


def parse_duration(value: str | None) -> float | None:
    """``--duration``: a positive number of minutes; raises :class:`ImportFailed` otherwise."""
    if value is None:
        return None
    try:
        minutes = float(value)
    except ValueError:
        minutes = -1.0
    if not minutes > 0 or minutes == float("inf"):
        raise ImportFailed(f"--duration {value!r}: give the length in minutes, e.g. 85")
    return minutes


def _ids_from(data: Any, key: str) -> list[str]:
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [str(p["id"]) for p in items if isinstance(p, dict) and p.get("id") is not None]


def read_study_ids(root: Path) -> StudyIds:
    """Participant, interviewer, coder and transcript ids of the study at ``root``."""
    cfg = settings_document(root)
    if cfg is None:
        raise ImportFailed(
            f"{root}: no ipatool.yaml here; give the study folder with --into "
            "(or run 'ipatool init' to start one)"
        )
    if not cfg.ok:
        raise ImportFailed(f"ipatool.yaml cannot be read: {cfg.diagnostics[0].message}")
    participants: list[str] = []
    ppath = root / PARTICIPANTS
    if ppath.is_file():
        doc = read_document(ppath, PARTICIPANTS)
        if not doc.ok:
            raise ImportFailed(f"participants.yaml cannot be read: {doc.diagnostics[0].message}")
        participants = _ids_from(doc.data, "participants")

    transcripts: dict[str, str] = {}
    for path in transcript_paths(root):
        rel = path.relative_to(root).as_posix()
        doc = read_document(path, rel)
        if doc.ok and isinstance(doc.data, dict) and doc.data.get("id") is not None:
            transcripts[str(doc.data["id"])] = rel
    return StudyIds(
        root,
        participants,
        _ids_from(cfg.data, "interviewers"),
        transcripts,
        coders=_ids_from(cfg.data, "coders"),
    )


def id_from_filename(path: Path) -> str:
    """A transcript id from a file name: ``Focus group 1.vtt`` -> ``Focus-group-1``."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-._")
    return stem or "transcript"


def plan_imports(files: Sequence[Path], opts: ImportOptions, root: Path) -> ImportPlan:
    """Plan the import of ``files`` into the study at ``root``.

    Raises :class:`ImportFailed` for a bad option or an unreadable study; problems of single
    files are collected in the plan, so each file's are reported at once.
    """
    study = read_study_ids(root)
    check_options(opts, study, len(files))
    planned: list[PlannedTranscript] = []
    problems: list[str] = []
    taken: set[str] = set()
    for path in files:
        try:
            plan = plan_import(path, path.as_posix(), opts, study, taken=taken)
        except ImportFailed as exc:
            problems.append(str(exc))
            continue
        taken.add(plan.transcript_id)
        planned.append(plan)
    result = ImportPlan(root, planned, problems)
    for plan in planned:
        result.new_participants += [
            p for p in plan.new_participants if p not in result.new_participants
        ]
    if result.new_participants and not problems:
        result.participants_text, _, _ = update_participants_text(
            root, {p: {} for p in result.new_participants}, declared_fields(root)
        )
    return result


def check_options(opts: ImportOptions, study: StudyIds, count: int) -> None:
    """Options that are wrong whatever the file; raises :class:`ImportFailed` naming them all."""
    problems: list[str] = []
    if opts.transcript_id is not None and count > 1:
        problems.append("--id names one transcript: import one file at a time to give ids")
    given = [("--interviewer", i) for i in opts.interviewers]
    if opts.unlabelled is not None:
        given.append(("--unlabelled", opts.unlabelled))
    problems += [
        f"{option} {ident!r}: not a valid id" for option, ident in given if not is_id(ident)
    ]
    undeclared = [i for i in opts.interviewers if is_id(i) and i not in study.interviewers]
    if undeclared:
        problems.append(
            f"--interviewer {', '.join(undeclared)}: not declared under 'interviewers' in "
            "ipatool.yaml; add it there first"
        )
    if opts.read.skip_lines < 0:
        problems.append(f"--skip-lines {opts.read.skip_lines}: give 0 or more lines to skip")
    if opts.read.start_at is not None and not opts.read.start_at.strip():
        problems.append("--start-at: give the text the transcript starts with")
    if problems:
        raise ImportFailed("\n".join(problems))


def plan_import(
    path: Path, file: str, opts: ImportOptions, study: StudyIds, *, taken: set[str]
) -> PlannedTranscript:
    """Read one raw transcript and build its study file; raises :class:`ImportFailed`."""
    tid = opts.transcript_id or id_from_filename(path)
    if not is_id(tid):
        raise ImportFailed(f"{file}: {tid!r} is not a valid transcript id; give one with --id")
    raw = read_transcript(path, file, set(opts.speakers), opts.read)
    turns = apply_speakers(file, raw.turns, Speakers(opts.speakers, study.known, opts.unlabelled))
    roles = _roles(turns, study, opts)
    target = study.root / TRANSCRIPTS_DIR / f"{tid}.yaml"
    problems = [
        *_speaker_problems(file, turns, roles, study, opts),
        *_target_problems(file, tid, target, study, opts, taken),
    ]
    if problems:
        raise ImportFailed("\n".join(problems))
    texts, hits = NameFinder(opts.names).scan([t.text for t in turns], replace=opts.replace_names)
    meta = _Metadata.of(opts, raw)
    return PlannedTranscript(
        source=file,
        transcript_id=tid,
        path=target,
        text=_document(tid, opts, meta, roles, turns, texts),
        turns=len(turns),
        speakers=roles.order,
        new_participants=roles.new,
        notes=[
            *raw.notes,
            *meta.notes(file),
            *name_notes(file, hits, replace=opts.replace_names),
        ],
    )


def _roles(turns: Sequence[SpokenTurn], study: StudyIds, opts: ImportOptions) -> _Roles:
    interviewer_ids = set(study.interviewers) | set(opts.interviewers)
    order = list(dict.fromkeys(t.speaker for t in turns))
    participants = [s for s in order if s not in interviewer_ids]
    return _Roles(
        order=order,
        participants=participants,
        interviewers=[s for s in order if s in interviewer_ids],
        new=[p for p in participants if p not in study.participants],
    )


def _speaker_problems(
    file: str,
    turns: Sequence[SpokenTurn],
    roles: _Roles,
    study: StudyIds,
    opts: ImportOptions,
) -> list[str]:
    """Interviewers taken for participants, participants not in the study, no participant."""
    problems: list[str] = []
    not_people: set[str] = set()
    for ident in roles.new:
        problem = _interviewer_problem(file, ident, turns, study)
        if problem is not None:
            problems.append(problem)
            not_people.add(ident)
    missing = [p for p in roles.new if p not in not_people]
    if missing and not opts.add_participants:
        problems.append(
            f"{file}: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not in "
            "participants.yaml; add them there, or import with --add-participants"
        )
    if not roles.participants:
        problems.append(
            f"{file}: every speaker is an interviewer; a transcript needs a participant"
        )
    return problems


def _interviewer_problem(
    file: str, ident: str, turns: Sequence[SpokenTurn], study: StudyIds
) -> str | None:
    """Why the new participant ``ident`` is really an interviewer (None when it is not).

    Its label or id names the role (``Interviewer 1``, ``Moderator``, ``Q``), or the id is a
    coder of the study: adding it would make the interviewer a participant, and the tables
    (a focus group of two, the interviewer's words as evidence) wrong.
    """
    labels = dict.fromkeys(t.label for t in turns if t.speaker == ident and t.label is not None)
    named = [label for label in labels if is_interviewer_name(label)]
    if is_interviewer_name(ident):
        named.append(ident)
    declared = ", ".join(study.interviewers)
    where = (
        f"an interviewer declared under 'interviewers' in ipatool.yaml ({declared})"
        if declared
        else "an id you first declare under 'interviewers' in ipatool.yaml"
    )
    if named:
        label = named[0]
        return (
            f'{file}: "{label}" is an interviewer by its name, so it is not added as a '
            f'participant; map it to the interviewer\'s id: --speaker "{label}=ID" '
            f"--interviewer ID, with ID {where}"
        )
    if ident in study.coders:
        return (
            f"{file}: {ident} is a coder in ipatool.yaml, so it is not added as a participant; "
            f"if {ident} interviews here, declare {ident} under 'interviewers' in ipatool.yaml "
            f"and give --interviewer {ident}"
        )
    return None


def _target_problems(
    file: str,
    tid: str,
    target: Path,
    study: StudyIds,
    opts: ImportOptions,
    taken: set[str],
) -> list[str]:
    """The transcript id used twice, or the file to write already there."""
    rel = target.relative_to(study.root).as_posix()
    if tid in taken:
        return [f"{file}: the transcript id {tid!r} is used twice in this import"]
    if tid in study.transcript_ids and study.transcript_ids[tid] != rel:
        return [
            f"{file}: the study already has a transcript {tid!r} "
            f"({study.transcript_ids[tid]}); choose another id with --id"
        ]
    if target.exists() and not opts.force:
        return [f"{file}: {rel} already exists; use --force to replace it"]
    return []


@dataclass(frozen=True)
class _Metadata:
    """The date and length of a transcript: from the command line, else from the file."""

    date: dt.date | None
    duration: float | None
    from_file: tuple[str, ...]  # what was read from the file, for the note

    @classmethod
    def of(cls, opts: ImportOptions, raw: RawTranscript) -> _Metadata:
        read: list[str] = []
        date, duration = opts.date, opts.duration
        if date is None and raw.date is not None:
            date = raw.date
            read.append(f"date {date.isoformat()}")
        if duration is None and raw.duration_min is not None:
            duration = float(raw.duration_min)
            read.append(f"duration {_minutes(duration)} min")
        return cls(date, duration, tuple(read))

    def notes(self, file: str) -> list[str]:
        if not self.from_file:
            return []
        return [
            f"{file}: {' and '.join(self.from_file)} read from the file "
            "(give --date / --duration to set them)"
        ]


def _minutes(duration: float) -> int | float:
    """85.0 -> 85 (written as a whole number when it is one)."""
    return int(duration) if duration.is_integer() else duration


def _document(
    tid: str,
    opts: ImportOptions,
    meta: _Metadata,
    roles: _Roles,
    turns: Sequence[SpokenTurn],
    texts: Sequence[str],
) -> str:
    """The transcript file's text, its keys in the order docs/format.md shows."""
    kind = opts.kind or ("focus_group" if len(roles.participants) > 1 else "interview")
    interviewers = list(opts.interviewers) or roles.interviewers
    doc = CommentedMap()
    doc["id"] = tid
    doc["kind"] = kind
    if opts.title:
        doc["title"] = opts.title
    if meta.date is not None:
        doc["date"] = meta.date
    if meta.duration is not None:
        doc["duration_min"] = _minutes(meta.duration)
    if interviewers:
        doc["interviewer"] = interviewers[0] if len(interviewers) == 1 else flow_list(interviewers)
    doc["participants"] = flow_list(roles.participants)
    items = CommentedSeq()
    for n, (turn, text) in enumerate(zip(turns, texts, strict=True), start=1):
        item = CommentedMap()
        item["n"] = n
        item["speaker"] = turn.speaker
        item["text"] = text
        items.append(item)
    doc["turns"] = items
    apply_block_styles(doc)
    return dump(doc)


def write_import(plan: ImportPlan) -> None:
    """Write every planned transcript, then participants.yaml, each atomically."""

    if plan.problems:
        raise ImportFailed("the import has problems; nothing was written")
    for planned in plan.planned:
        atomic_write(planned.path, planned.text)
    if plan.participants_text is not None:
        atomic_write(plan.root / PARTICIPANTS, plan.participants_text)
