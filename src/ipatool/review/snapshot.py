"""A study as it is at one revision, read from blobs (never from a checkout).

Each blob is parsed once however many revisions hold it: its models and digest are kept by
blob id. What cannot be read (a syntax error, a file of the wrong shape, no ``ipatool.yaml``)
is kept as a problem naming the file, and the rest of the study is still read.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ipatool.files import CONFIG, PARTICIPANTS, PETS, THEMES, TRANSCRIPTS_DIR
from ipatool.read.loader import make_digest
from ipatool.read.models import (
    Participant,
    ParticipantsFile,
    PetsFile,
    StudyConfig,
    Theme,
    ThemesFile,
    TranscriptFile,
)
from ipatool.read.shape import validate_model
from ipatool.read.study import Study, TranscriptDigest
from ipatool.read.yamlio import YamlDocument, YamlPath, parse_bytes
from ipatool.review.gitread import Repository


@dataclass(frozen=True, slots=True)
class Parsed:
    """One blob read as a study file: a small file's model, or a transcript's digest (None
    when it could not be read), and what was wrong."""

    model: BaseModel | None
    digest: TranscriptDigest | None
    problems: tuple[str, ...]


class Documents:
    """Parsed blobs (values with positions) and transcript models, by blob id, the most recent
    :data:`KEPT` only. A transcript compared is parsed again for its model and its lines; the
    same blob is often the other side's too, so it is parsed once. Only a few are kept: holding
    many makes reading the rest much slower (a diff of a thousand transcripts twice as slow). A
    history keeps every current model instead (``bounded`` False; see :class:`Reader`)."""

    KEPT = 64

    def __init__(self, *, bounded: bool = True) -> None:
        self.documents: OrderedDict[str, YamlDocument] = OrderedDict()
        self.models: OrderedDict[str, TranscriptFile | None] = OrderedDict()
        self.bounded = bounded

    def document(self, oid: str, file: str, raw: bytes) -> YamlDocument:
        """The parsed blob ``oid`` (read as ``file``)."""
        key = f"{oid}:{file}"
        doc = self.documents.get(key)
        if doc is None:
            doc = self.documents[key] = parse_bytes(raw, file)
            _bound(self.documents, self.KEPT)
        else:
            self.documents.move_to_end(key)
        return doc

    def transcript(self, oid: str, file: str, raw: bytes) -> TranscriptFile | None:
        """The transcript model of the blob ``oid`` (read as ``file``), or None if it has none."""
        key = f"{oid}:{file}"
        if key in self.models:
            self.models.move_to_end(key)
            return self.models[key]
        made, _errs = validate_model(self.document(oid, file, raw), TranscriptFile, what=file)
        self.keep_model(oid, file, made)
        return made

    def keep_document(self, oid: str, file: str, doc: YamlDocument) -> None:
        """Keep a small file's document, for the lines of its changes."""
        key = f"{oid}:{file}"
        self.documents[key] = doc
        _bound(self.documents, self.KEPT)

    def keep_model(self, oid: str, file: str, model: TranscriptFile | None) -> None:
        """Keep a transcript's model (None: it has none), for the comparison that follows."""
        key = f"{oid}:{file}"
        self.models[key] = model
        self.models.move_to_end(key)
        if self.bounded:
            _bound(self.models, self.KEPT)

    def retain(self, oids: set[str]) -> None:
        """Drop the models of blobs not in ``oids`` (a history: those no longer current)."""
        for key in [k for k in self.models if k.split(":", 1)[0] not in oids]:
            del self.models[key]


def _bound(kept: OrderedDict[str, Any], size: int) -> None:
    while len(kept) > size:
        kept.popitem(last=False)


@dataclass
class Snapshot:
    """The study at one side of a comparison."""

    label: str
    """The revision as the user gave it (or "the working tree")."""
    files: dict[str, str]
    """Path inside the study -> blob id, for every study file."""
    study: Study
    transcript_file: dict[str, str] = field(default_factory=dict)
    """Transcript id -> its file, for the transcripts that read (their digests are in
    :attr:`study`; the whole model is parsed again only for a transcript compared)."""
    problems: list[str] = field(default_factory=list)
    """What could not be read, each naming its file."""
    blobs: dict[str, bytes] = field(default_factory=dict, repr=False)
    """The repository's blobs (shared), for finding lines."""
    documents: Documents = field(default_factory=Documents, repr=False)
    """Parsed blobs of the files compared (shared by the sides of one reader)."""
    transcript_lines: bool = True
    """False when the lines of changes in transcripts are not wanted (a history only counts
    them): a transcript is then never parsed again for its lines."""

    def transcript(self, tid: str) -> TranscriptFile | None:
        """The whole model of a transcript that read, parsed again from its blob. Models are
        not kept for every transcript: holding thousands makes reading them much slower."""
        file = self.transcript_file.get(tid)
        oid = None if file is None else self.files.get(file)
        if file is None or oid is None or oid not in self.blobs:
            return None
        return self.documents.transcript(oid, file, self.blobs[oid])

    def line(self, file: str, path: YamlPath) -> int | None:
        """The line of ``path`` in one of this side's files (the file parsed again, once)."""
        oid = self.files.get(file)
        if oid is None or oid not in self.blobs:
            return None
        if not self.transcript_lines and file.startswith(TRANSCRIPTS_DIR + "/"):
            return None
        return self.documents.document(oid, file, self.blobs[oid]).locator.span(path).line

    @property
    def exists(self) -> bool:
        return CONFIG in self.files

    def blob_of(self, transcript: str) -> str | None:
        file = self.transcript_file.get(transcript)
        return None if file is None else self.files.get(file)


class Reader:
    """Parses blobs into study files, each blob once.

    With ``keep_models`` (a history), a transcript's model is kept from the parse that made its
    digest until :meth:`retain` drops it, so the commit that changes the transcript next
    compares it without parsing it again; with ``transcript_lines`` False, changes in transcripts get no line (a
    history only counts them), so no transcript is parsed again for its lines either."""

    def __init__(
        self, repo: Repository, *, keep_models: bool = False, transcript_lines: bool = True
    ) -> None:
        self.repo = repo
        self.parsed: dict[tuple[str, str], Parsed] = {}
        self.documents = Documents(bounded=not keep_models)
        self.keep_models = keep_models
        self.transcript_lines = transcript_lines

    def retain(self, snap: Snapshot) -> None:
        """Keep only the models of this side's transcripts (the newest commit of a history)."""
        self.documents.retain(set(snap.files.values()))

    def parse(self, oid: str, file: str, model: type[BaseModel]) -> Parsed:
        key = (oid, file)
        hit = self.parsed.get(key)
        if hit is None:
            hit, doc, made = _parse(self.repo.blobs[oid], file, model)
            self.parsed[key] = hit
            if self.keep_models and isinstance(made, TranscriptFile):
                self.documents.keep_model(oid, file, made)
            elif model is not TranscriptFile and doc is not None:  # small: kept for its lines
                self.documents.keep_document(oid, file, doc)
        return hit

    def snapshot(self, label: str, files: dict[str, str]) -> Snapshot:
        """The study made of these files (path -> blob id); every blob already read or read now."""
        files = {p: oid for p, oid in files.items() if _is_study_file(p)}
        self.repo.read(list(files.values()))
        snap = Snapshot(
            label,
            files,
            Study(root=label),
            blobs=self.repo.blobs,
            documents=self.documents,
            transcript_lines=self.transcript_lines,
        )
        study = snap.study
        if CONFIG not in files:
            snap.problems.append(f"{label}: the study has no {CONFIG}")
        for name, model in (
            (CONFIG, StudyConfig),
            (PARTICIPANTS, ParticipantsFile),
            (THEMES, ThemesFile),
            (PETS, PetsFile),
        ):
            if name not in files:
                if name not in (CONFIG, PETS):  # pets.yaml: only on the case-first path
                    snap.problems.append(f"{label}: {name} is missing")
                continue
            got = self.parse(files[name], name, model)
            snap.problems += [f"{label}: {p}" for p in got.problems]
            if isinstance(got.model, StudyConfig):
                study.config = got.model
            elif isinstance(got.model, ParticipantsFile):
                study.participants = list(got.model.participants)
            elif isinstance(got.model, ThemesFile):
                study.themes = list(got.model.themes)
                study.gets = list(got.model.gets)
            elif isinstance(got.model, PetsFile):
                study.pets = list(got.model.pets)
        for path in sorted(p for p in files if p.startswith(TRANSCRIPTS_DIR + "/")):
            got = self.parse(files[path], path, TranscriptFile)
            snap.problems += [f"{label}: {p}" for p in got.problems]
            if got.digest is not None:
                tid = got.digest.id
                if tid in snap.transcript_file:
                    snap.problems.append(
                        f"{label}: {path}: the transcript id '{tid}' is also used by "
                        f"{snap.transcript_file[tid]}"
                    )
                    continue
                snap.transcript_file[tid] = path
                study.transcripts.append(got.digest)
        study.files = sorted(files)
        return snap


def _is_study_file(path: str) -> bool:
    if path in (CONFIG, PARTICIPANTS, THEMES, PETS):
        return True
    return path.startswith(TRANSCRIPTS_DIR + "/") and path.endswith((".yaml", ".yml"))


def _parse(
    raw: bytes, file: str, model: type[BaseModel]
) -> tuple[Parsed, YamlDocument | None, BaseModel | None]:
    """One blob parsed and validated; its document and its model as well (a transcript's model
    is not in :class:`Parsed`: only its digest is kept in the study)."""
    doc = parse_bytes(raw, file)
    problems = [_say(d.file, d.span.line, d.span.column, d.message) for d in doc.diagnostics]
    if not doc.ok:
        return Parsed(None, None, tuple(problems or [f"{file}: cannot be read"])), None, None
    made, errs = validate_model(doc, model, what=file)
    problems += [_say(d.file, d.span.line, d.span.column, d.message) for d in errs]
    if isinstance(made, TranscriptFile):
        return Parsed(None, make_digest(made, file), tuple(problems)), doc, made
    return Parsed(made, None, tuple(problems)), doc, made


def _say(file: str, line: int, column: int, message: str) -> str:
    return f"{file}:{line}:{column}: {message}"


def empty(label: str) -> Snapshot:
    """A side where the study does not exist yet (before its first commit)."""
    return Snapshot(label, {}, Study(root=label))


def participants_of(snap: Snapshot) -> dict[str, Participant]:
    return {p.id: p for p in snap.study.participants}


def themes_of(snap: Snapshot) -> list[Theme]:
    return snap.study.themes


def dump(model: BaseModel | None) -> Any:
    return None if model is None else model.model_dump(mode="json", exclude_none=True)
