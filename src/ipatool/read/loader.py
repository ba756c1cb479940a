"""Load a study folder into a :class:`Study`, collecting every reading and shape problem.

Settings, participants and themes are small and kept with their node trees (for positions).
Each transcript is read, shape-checked and checked on its own, then reduced to its facts (and a
digest when tables need one), one file at a time, so memory stays flat however many transcripts
there are. Finding the study and its files is ``layout``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError
from yaml.nodes import Node

from ipatool.check.transcripts import check_transcript_file
from ipatool.diagnostics import TOP, Diagnostic, make
from ipatool.files import CONFIG, PARTICIPANTS, PETS, THEMES, transcript_paths
from ipatool.read.cache import DigestCache
from ipatool.read.models import (
    NoteKind,
    ParticipantsFile,
    PetsFile,
    StudyConfig,
    ThemesFile,
    TranscriptFile,
)
from ipatool.read.shape import validate_model
from ipatool.read.study import (
    Coding,
    Ref,
    StatementRef,
    StatementText,
    Study,
    TranscriptDigest,
    TranscriptFacts,
    TurnInfo,
    by_key,
)
from ipatool.read.yamlio import (
    DeferredLocator,
    Locator,
    YamlDocument,
    YamlPath,
    node_span,
    parse_bytes,
    read_document,
)

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) while transcripts are read (as in ``validate``)."""


def load_study(
    root: Path,
    *,
    cache: DigestCache | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    digests: bool = True,
) -> tuple[Study, list[Diagnostic]]:
    """Read every file of the study at ``root``; never raises for bad content.

    ``cache`` reuses what was read of unchanged transcripts; ``jobs`` > 1 reads large studies
    in that many processes; ``progress`` is told how far reading has got; ``digests=False``
    keeps only the facts checks need (what ``validate`` uses), not the tables' material.
    """
    study = Study(root=str(root))
    diags: list[Diagnostic] = []

    study.config = _load_small(root, CONFIG, StudyConfig, study, diags, cache)
    parts = _load_small(root, PARTICIPANTS, ParticipantsFile, study, diags, cache)
    if parts is not None:
        study.participants = list(parts.participants)
    themes = _load_small(root, THEMES, ThemesFile, study, diags, cache)
    if themes is not None:
        study.themes = list(themes.themes)
        study.gets = list(themes.gets)
    if (root / PETS).is_file():  # optional: only a case-first study has one
        pets = _load_small(root, PETS, PetsFile, study, diags, cache)
        if pets is not None:
            study.pets = list(pets.pets)

    paths = transcript_paths(root)
    rels = [p.relative_to(root).as_posix() for p in paths]
    study.files += rels
    results = read_transcripts(
        paths, rels, cache=cache, jobs=jobs, progress=progress, digests=digests
    )
    for result in results:
        diags += result.diagnostics
        if result.facts is not None:
            study.facts.append(result.facts)
        if result.digest is not None:
            study.transcripts.append(result.digest)
    if cache is not None:
        cache.save(set(rels))
    return study, diags


def read_settings(root: Path) -> tuple[StudyConfig | None, list[Diagnostic]]:
    """The settings of the study at ``root`` (its ``ipatool.yaml``), read and shape-checked,
    with what is wrong with the file. :func:`load_study` reads the file the same way."""
    diags: list[Diagnostic] = []
    config = _load_small(root, CONFIG, StudyConfig, Study(root=str(root)), diags, cache=None)
    return config, diags


def settings_document(root: Path) -> YamlDocument | None:
    """``ipatool.yaml`` as a parsed document (plain values with positions), not yet checked
    against its model, or None when the study has none: for the importers, which take what they
    can (ids, fields) from settings that may not validate yet. :func:`read_settings` is the
    checked reading."""
    path = root / CONFIG
    return read_document(path, CONFIG) if path.is_file() else None


class TranscriptResult(NamedTuple):
    """What reading one transcript gives: its facts, its digest (when asked for), findings."""

    facts: TranscriptFacts | None
    digest: TranscriptDigest | None
    diagnostics: list[Diagnostic]


PARALLEL_MIN_FILES = 16
PARALLEL_MIN_BYTES = 8 * 1024 * 1024
"""Below these, starting worker processes costs more than it saves."""


def read_transcripts(
    paths: list[Path],
    rels: list[str],
    *,
    cache: DigestCache | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    digests: bool = True,
) -> list[TranscriptResult]:
    """Read every transcript, from the cache where possible, in parallel where it pays."""
    results: list[TranscriptResult | None] = [None] * len(paths)
    keys: list[str | None] = [None] * len(paths)
    todo: list[int] = []
    for i, (path, rel) in enumerate(zip(paths, rels, strict=True)):
        if cache is not None:
            keys[i] = key = cache.key_for(path, rel)
            hit = cache.read_entry(key, rel, digest=digests) if key is not None else None
            if hit is not None:
                results[i] = TranscriptResult(*hit)
                continue
        todo.append(i)
    done = len(paths) - len(todo)
    if progress is not None:
        progress(done, len(paths))
    todo_bytes = sum(_size(paths[i]) for i in todo)
    workers = min(jobs, len(todo))
    if workers > 1 and len(todo) >= PARALLEL_MIN_FILES and todo_bytes >= PARALLEL_MIN_BYTES:
        # here: only a large study is read in parallel, and multiprocessing is slow to import
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            args = [(paths[i], rels[i], digests) for i in todo]
            for i, entry in zip(todo, pool.map(_load_in_worker, args, chunksize=4), strict=True):
                results[i] = entry
                done += 1
                if progress is not None:
                    progress(done, len(paths))
    else:
        for i in todo:
            results[i] = load_transcript(paths[i], rels[i], digest=digests)
            done += 1
            if progress is not None:
                progress(done, len(paths))
    if cache is not None:
        for i in todo:
            key, result = keys[i], results[i]
            if key is not None and result is not None:
                cache.write_entry(key, result)
    return [r for r in results if r is not None]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _load_in_worker(args: tuple[Path, str, bool]) -> TranscriptResult:
    path, rel, digest = args
    return load_transcript(path, rel, digest=digest)


M = TypeVar("M", bound=BaseModel)


def _load_small(
    root: Path,
    name: str,
    model: type[M],
    study: Study,
    diags: list[Diagnostic],
    cache: DigestCache | None,
) -> M | None:
    """Read and shape-check a settings, participants or themes file. With a cache, a file
    unchanged since it last loaded without a finding is taken from the cache, and parsed again
    only if a check asks where something in it is."""
    path = root / name
    if not path.is_file():
        diags.append(make("IPA010", name, TOP, f"the study has no {name}"))
        return None
    study.files.append(name)
    try:
        raw = path.read_bytes()
    except OSError:
        raw = None
    key = cache.content_key(raw) if cache is not None and raw is not None else None
    if cache is not None and key is not None:
        stored = cache.get_small(name, key)
        if stored is not None:
            with contextlib.suppress(ValidationError):
                loaded = model.model_validate(stored)
                study.locators[name] = DeferredLocator(name, path)
                study.complete.add(name)
                return loaded
    doc = read_document(path, name) if raw is None else parse_bytes(raw, name)
    diags += doc.diagnostics
    if not doc.ok:
        return None
    study.locators[name] = doc.locator
    made, errs = validate_model(doc, model, what=name)
    diags += errs
    if made is not None and not doc.diagnostics and not errs:
        study.complete.add(name)
        if cache is not None and key is not None:
            cache.put_small(name, key, made.model_dump(mode="json", by_alias=True))
    return made


def load_transcript(path: Path, rel: str, *, digest: bool = True) -> TranscriptResult:
    """Read, shape-check and check one transcript file: its facts, digest and findings."""
    doc = read_document(path, rel)
    diags = list(doc.diagnostics)
    if not doc.ok:
        return TranscriptResult(None, None, diags)
    model, errs = validate_model(doc, TranscriptFile, what="a transcript")
    diags += errs
    kept: list[int] | None = None
    if model is None:
        model, kept = _salvage(doc.data)
        if model is None:
            return TranscriptResult(None, None, diags)
    loc = doc.locator if kept is None else _TurnsRemapped(doc.file, doc.root, kept)
    facts = make_facts(model, loc, partial=kept is not None)
    found = check_transcript_file(model, loc)
    if kept is not None:  # dropped turns may hide a participant's words: no silence warnings
        found = [d for d in found if d.code != "IPA705"]
    diags += found
    made = make_digest(model, doc.file) if digest else None
    if made is not None:
        made.partial = kept is not None
    return TranscriptResult(facts, made, diags)


class _TurnsRemapped(Locator):
    """A locator for a salvaged model: turn ``i`` of the model is turn ``kept[i]`` of the file."""

    def __init__(self, file: str, root: Node | None, kept: list[int]) -> None:
        super().__init__(file, root)
        self.kept = kept

    def find(self, path: YamlPath) -> tuple[Node | None, Node | None, int]:
        if (
            len(path) >= 2
            and path[0] == "turns"
            and isinstance(path[1], int)
            and 0 <= path[1] < len(self.kept)
        ):
            path = ("turns", self.kept[path[1]], *path[2:])
        return super().find(path)


_OPTIONAL_TOP = ("title", "date", "duration_min", "interviewer", "coded_by")


def _salvage(data: Any) -> tuple[TranscriptFile | None, list[int] | None]:
    """A transcript model from the parts of a file that are well-formed, so one bad turn
    does not hide every other finding in the file. Returns the model and the indices of the
    turns kept; (None, None) when the file's required top-level keys are themselves broken."""
    if not isinstance(data, dict):
        return None, None
    try:
        TranscriptFile.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    else:  # pragma: no cover - only called after a failure
        return None, None
    bad_turns: set[int] = set()
    drop: set[str] = set()
    for err in errors:
        loc = err["loc"]
        if len(loc) >= 2 and loc[0] == "turns" and isinstance(loc[1], int):
            bad_turns.add(loc[1])
        elif loc and loc[0] in _OPTIONAL_TOP:
            drop.add(str(loc[0]))
        elif loc and loc[0] in TranscriptFile.model_fields:
            return None, None
        # unknown top-level keys are dropped below
    reduced = {k: v for k, v in data.items() if k in TranscriptFile.model_fields and k not in drop}
    turns = reduced.get("turns")
    if not isinstance(turns, list):
        return None, None
    kept = [i for i in range(len(turns)) if i not in bad_turns]
    reduced["turns"] = [turns[i] for i in kept]
    try:
        return TranscriptFile.model_validate(reduced), kept
    except ValidationError:
        return None, None


def _refs(loc: Locator, path: tuple[str | int, ...], ids: Iterable[str] | None) -> tuple[Ref, ...]:
    if ids is None:
        return ()
    _key_node, node, depth = loc.find(path)
    items = list(ids)
    if node is not None and depth == len(path) and node.__class__.__name__ == "SequenceNode":
        return tuple(Ref(i, node_span(n)) for i, n in zip(items, node.value, strict=False))
    span = node_span(node) if node is not None and depth == len(path) else loc.span(path)
    return tuple(Ref(i, span) for i in items)


def make_facts(model: TranscriptFile, loc: Locator, *, partial: bool = False) -> TranscriptFacts:
    """The ids a transcript uses, for cross-file checks (positions only for the few top-level ones)."""
    speakers: set[str] = set()
    codes: set[str] = set()
    by: set[str] = set()
    note_by: set[str] = set()
    evidence: dict[str, dict[str, set[str]]] = {}
    statements: list[StatementRef] = []
    for i, turn in enumerate(model.turns):
        speakers.add(turn.speaker)
        for j, st in enumerate(turn.statements):
            span = loc.span(("turns", i, "statements", j, "id"))
            statements.append(StatementRef(st.id, turn.n, turn.speaker, span))
        for app in turn.codes:
            codes.add(app.code)
            applied = None if app.by is None else tuple(app.by)
            if applied is not None:
                by.update(applied)
            evidence.setdefault(by_key(applied), {}).setdefault(app.code, set()).add(turn.speaker)
        for note in turn.notes:
            if note.by is not None:
                note_by.add(note.by)
    return TranscriptFacts(
        file=loc.file,
        id=Ref(model.id, loc.span(("id",))),
        kind=model.kind,
        interviewers=_refs(loc, ("interviewer",), model.interviewer),
        participants=_refs(loc, ("participants",), model.participants),
        coded_by=_refs(loc, ("coded_by",), model.coded_by) if model.coded_by is not None else None,
        speakers=sorted(speakers),
        codes=sorted(codes),
        by=sorted(by),
        note_by=sorted(note_by),
        evidence={
            key: {code: sorted(speakers) for code, speakers in sorted(codes.items())}
            for key, codes in sorted(evidence.items())
        },
        partial=partial,
        statements=statements,
        title=None if model.title is None else Ref(model.title, loc.span(("title",))),
    )


def make_digest(model: TranscriptFile, file: str) -> TranscriptDigest:
    """Reduce a validated transcript to what the tables need."""
    turns: list[TurnInfo] = []
    codings: list[Coding] = []
    statements: list[StatementText] = []
    conceptual: list[int] = []
    for turn in model.turns:
        turns.append(TurnInfo(turn.n, turn.speaker))
        for st in turn.statements:
            extract = st.quote if st.quote is not None else turn.text
            statements.append(
                StatementText(st.id, turn.n, turn.speaker, st.text, st.quote, extract)
            )
        if any(n.kind is NoteKind.CONCEPTUAL for n in turn.notes):
            conceptual.append(turn.n)
        for app in turn.codes or ():
            codings.append(
                Coding(
                    code=app.code,
                    by=None if app.by is None else tuple(app.by),
                    turn=turn.n,
                    speaker=turn.speaker,
                    quote=app.quote,
                    extract=app.quote if app.quote is not None else turn.text,
                    exemplar=app.exemplar,
                )
            )
    return TranscriptDigest(
        file=file,
        id=model.id,
        kind=model.kind,
        title=model.title,
        date=model.date,
        duration_min=model.duration_min,
        interviewers=tuple(model.interviewer or ()),
        participants=tuple(model.participants),
        coded_by=None if model.coded_by is None else tuple(model.coded_by),
        turns=tuple(turns),
        codings=codings,
        statements=statements,
        conceptual_turns=tuple(conceptual),
    )
