"""Turning a raw transcript into a study transcript file (and new participants, when asked).

:func:`plan_import` does all the checking and returns the file text to write; nothing is
written until every file of an import has been planned without errors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipatool.importers import read_transcript
from ipatool.importers.base import ImportFailed
from ipatool.importers.speakers import Speakers, apply_speakers, is_id
from ipatool.yamlio import read_document
from ipatool.yamlwrite import CommentedMap, CommentedSeq, apply_block_styles, dump, flow_list

KINDS = ("interview", "focus_group")


@dataclass
class StudyIds:
    """What an import needs to know about the study it goes into."""

    root: Path
    participants: list[str]
    interviewers: list[str]
    transcript_ids: dict[str, str]  # transcript id -> study-relative file

    @property
    def known(self) -> frozenset[str]:
        return frozenset(self.participants) | frozenset(self.interviewers)


@dataclass
class ImportOptions:
    """The choices given on the command line for ``ipatool import transcript``."""

    speakers: dict[str, str] = field(default_factory=dict)
    transcript_id: str | None = None
    kind: str | None = None
    interviewers: Sequence[str] = ()
    unlabelled: str | None = None
    title: str | None = None
    date: dt.date | None = None
    add_participants: bool = False
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


def _ids_from(data: Any, key: str) -> list[str]:
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [str(p["id"]) for p in items if isinstance(p, dict) and p.get("id") is not None]


def read_study_ids(root: Path) -> StudyIds:
    """Participant, interviewer and transcript ids of the study at ``root``."""
    config = root / "ipatool.yaml"
    if not config.is_file():
        raise ImportFailed(
            f"{root}: no ipatool.yaml here; give the study folder with --into "
            "(or run 'ipatool init' to start one)"
        )
    cfg = read_document(config, "ipatool.yaml")
    if not cfg.ok:
        raise ImportFailed(f"ipatool.yaml cannot be read: {cfg.diagnostics[0].message}")
    participants: list[str] = []
    ppath = root / "participants.yaml"
    if ppath.is_file():
        doc = read_document(ppath, "participants.yaml")
        if not doc.ok:
            raise ImportFailed(f"participants.yaml cannot be read: {doc.diagnostics[0].message}")
        participants = _ids_from(doc.data, "participants")
    from ipatool.layout import transcript_paths

    transcripts: dict[str, str] = {}
    for path in transcript_paths(root):
        rel = path.relative_to(root).as_posix()
        doc = read_document(path, rel)
        if doc.ok and isinstance(doc.data, dict) and doc.data.get("id") is not None:
            transcripts[str(doc.data["id"])] = rel
    return StudyIds(root, participants, _ids_from(cfg.data, "interviewers"), transcripts)


def id_from_filename(path: Path) -> str:
    """A transcript id from a file name: ``Focus group 1.vtt`` -> ``Focus-group-1``."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-._")
    return stem or "transcript"


def plan_import(
    path: Path, file: str, opts: ImportOptions, study: StudyIds, *, taken: set[str]
) -> PlannedTranscript:
    """Read one raw transcript and build its study file; raises :class:`ImportFailed`."""
    tid = opts.transcript_id or id_from_filename(path)
    if not is_id(tid):
        raise ImportFailed(f"{file}: {tid!r} is not a valid transcript id; give one with --id")
    for ident in (*opts.interviewers, *([opts.unlabelled] if opts.unlabelled else [])):
        if not is_id(ident):
            raise ImportFailed(f"{ident!r} is not a valid id")
    known_labels = set(opts.speakers)
    raw = read_transcript(path, file, known_labels)
    speakers = Speakers(opts.speakers, study.known, opts.unlabelled)
    turns = apply_speakers(file, raw.turns, speakers)

    problems: list[str] = []
    undeclared = [i for i in opts.interviewers if i not in study.interviewers]
    if undeclared:
        problems.append(
            f"--interviewer {', '.join(undeclared)}: not declared under 'interviewers' in "
            "ipatool.yaml; add it there first"
        )
    interviewer_ids = set(study.interviewers) | set(opts.interviewers)
    order: list[str] = []
    for speaker, _ in turns:
        if speaker not in order:
            order.append(speaker)
    participants = [s for s in order if s not in interviewer_ids]
    spoken_interviewers = [s for s in order if s in interviewer_ids]
    new = [p for p in participants if p not in study.participants]
    if new and not opts.add_participants:
        problems.append(
            f"{file}: {', '.join(new)} {'is' if len(new) == 1 else 'are'} not in "
            "participants.yaml; add them there, or import with --add-participants"
        )
    if not participants:
        problems.append(
            f"{file}: every speaker is an interviewer; a transcript needs a participant"
        )
    target = study.root / "transcripts" / f"{tid}.yaml"
    rel = target.relative_to(study.root).as_posix()
    if tid in taken:
        problems.append(f"{file}: the transcript id {tid!r} is used twice in this import")
    elif tid in study.transcript_ids and study.transcript_ids[tid] != rel:
        problems.append(
            f"{file}: the study already has a transcript {tid!r} "
            f"({study.transcript_ids[tid]}); choose another id with --id"
        )
    elif target.exists() and not opts.force:
        problems.append(f"{file}: {rel} already exists; use --force to replace it")
    if problems:
        raise ImportFailed("\n".join(problems))

    kind = opts.kind or ("focus_group" if len(participants) > 1 else "interview")
    interviewers = list(opts.interviewers) or spoken_interviewers
    doc = CommentedMap()
    doc["id"] = tid
    doc["kind"] = kind
    if opts.title:
        doc["title"] = opts.title
    if opts.date:
        doc["date"] = opts.date
    if interviewers:
        doc["interviewer"] = interviewers[0] if len(interviewers) == 1 else flow_list(interviewers)
    doc["participants"] = flow_list(participants)
    items = CommentedSeq()
    for n, (speaker, text) in enumerate(turns, start=1):
        turn = CommentedMap()
        turn["n"] = n
        turn["speaker"] = speaker
        turn["text"] = text
        items.append(turn)
    doc["turns"] = items
    apply_block_styles(doc)
    return PlannedTranscript(
        source=file,
        transcript_id=tid,
        path=target,
        text=dump(doc),
        turns=len(turns),
        speakers=order,
        new_participants=new,
        notes=raw.notes,
    )
