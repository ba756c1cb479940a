"""Load a study folder into a :class:`Study`, collecting every reading and shape problem.

Settings, participants and themes are small and kept with their node trees (for positions).
Each transcript is read, shape-checked and checked on its own, then reduced to a digest, one file
at a time, so memory stays flat however many transcripts there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ipatool.diagnostics import TOP, Diagnostic, make
from ipatool.models import ParticipantsFile, StudyConfig, ThemesFile, TranscriptFile
from ipatool.shape import validate_model
from ipatool.study import Coding, NoteInfo, Ref, Study, TranscriptDigest, TurnInfo
from ipatool.transcript_checks import check_transcript_file
from ipatool.yamlio import Locator, YamlDocument, node_span, read_document

TRANSCRIPTS_DIR = "transcripts"


class StudyNotFound(Exception):
    """The path is not a study folder (exit 2, not a finding)."""


def transcript_paths(root: Path) -> list[Path]:
    """The transcript files of a study, in a stable order."""
    folder = root / TRANSCRIPTS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()),
        key=lambda p: p.relative_to(root).as_posix(),
    )


def find_study_root(path: Path) -> Path:
    """Check that ``path`` is a study folder; raise :class:`StudyNotFound` with a reason."""
    if not path.exists():
        raise StudyNotFound(f"{path}: no such folder")
    if not path.is_dir():
        raise StudyNotFound(f"{path}: is a file; give the study folder (the one with ipatool.yaml)")
    if not (path / Study.CONFIG).is_file():
        raise StudyNotFound(
            f"{path}: no ipatool.yaml here; this is not a study folder "
            "(run 'ipatool init' to start one)"
        )
    return path


def load_study(root: Path) -> tuple[Study, list[Diagnostic]]:
    """Read every file of the study at ``root``; never raises for bad content."""
    study = Study(root=str(root))
    diags: list[Diagnostic] = []

    config_doc = _read_small(root, Study.CONFIG, study, diags, required=True)
    if config_doc is not None:
        study.config, errs = validate_model(config_doc, StudyConfig, what="ipatool.yaml")
        diags += errs

    doc = _read_small(root, Study.PARTICIPANTS, study, diags, required=True)
    if doc is not None:
        parts, errs = validate_model(doc, ParticipantsFile, what="participants.yaml")
        diags += errs
        if parts is not None:
            study.participants = list(parts.participants)

    doc = _read_small(root, Study.THEMES, study, diags, required=True)
    if doc is not None:
        themes, errs = validate_model(doc, ThemesFile, what="themes.yaml")
        diags += errs
        if themes is not None:
            study.themes = list(themes.themes)

    for path in transcript_paths(root):
        rel = path.relative_to(root).as_posix()
        study.files.append(rel)
        digest, errs = load_transcript(path, rel)
        diags += errs
        if digest is not None:
            study.transcripts.append(digest)
    return study, diags


def _read_small(
    root: Path, name: str, study: Study, diags: list[Diagnostic], *, required: bool
) -> YamlDocument | None:
    path = root / name
    if not path.is_file():
        if required:
            diags.append(make("IPA010", name, TOP, f"the study has no {name}"))
        return None
    study.files.append(name)
    doc = read_document(path, name)
    diags += doc.diagnostics
    if not doc.ok:
        return None
    study.locators[name] = doc.locator
    return doc


def load_transcript(path: Path, rel: str) -> tuple[TranscriptDigest | None, list[Diagnostic]]:
    """Read, shape-check and check one transcript file; return its digest and findings."""
    doc = read_document(path, rel)
    diags = list(doc.diagnostics)
    if not doc.ok:
        return None, diags
    model, errs = validate_model(doc, TranscriptFile, what="a transcript")
    diags += errs
    if model is None:
        return None, diags
    digest = make_digest(model, doc.locator)
    diags += check_transcript_file(model, digest, doc.locator)
    return digest, diags


def _refs(loc: Locator, path: tuple[str | int, ...], ids: Iterable[str] | None) -> tuple[Ref, ...]:
    if ids is None:
        return ()
    _key_node, node, depth = loc.find(path)
    items = list(ids)
    if node is not None and depth == len(path) and node.__class__.__name__ == "SequenceNode":
        return tuple(Ref(i, node_span(n)) for i, n in zip(items, node.value, strict=False))
    span = node_span(node) if node is not None and depth == len(path) else loc.span(path)
    return tuple(Ref(i, span) for i in items)


def make_digest(model: TranscriptFile, loc: Locator) -> TranscriptDigest:
    """Reduce a validated transcript to what checks and tables need, with positions."""
    file = loc.file
    _, turns_node, _ = loc.find(("turns",))
    turn_nodes = turns_node.value if turns_node is not None else []
    turns: list[TurnInfo] = []
    codings: list[Coding] = []
    notes: list[NoteInfo] = []
    words = 0
    for turn, tnode in zip(model.turns, turn_nodes, strict=False):
        fields = {k.value: v for k, v in tnode.value}
        turns.append(TurnInfo(turn.n, Ref(turn.speaker, node_span(fields["speaker"]))))
        words += len(turn.text.split())
        if turn.codes:
            code_nodes = fields["codes"].value
            for app, cnode in zip(turn.codes, code_nodes, strict=False):
                cfields = {k.value: v for k, v in cnode.value}
                by: tuple[Ref, ...] | None = None
                if app.by is not None:
                    bnode = cfields["by"]
                    if bnode.__class__.__name__ == "SequenceNode":
                        by = tuple(
                            Ref(b, node_span(n)) for b, n in zip(app.by, bnode.value, strict=False)
                        )
                    else:
                        by = tuple(Ref(b, node_span(bnode)) for b in app.by)
                codings.append(
                    Coding(
                        code=Ref(app.code, node_span(cfields["code"])),
                        by=by,
                        turn=turn.n,
                        speaker=turn.speaker,
                        quote=app.quote,
                        extract=app.quote if app.quote is not None else turn.text,
                        exemplar=app.exemplar,
                    )
                )
        if turn.notes:
            for note, nnode in zip(turn.notes, fields["notes"].value, strict=False):
                nby = None
                if note.by is not None:
                    nfields = {k.value: v for k, v in nnode.value}
                    nby = Ref(note.by, node_span(nfields["by"]))
                notes.append(NoteInfo(turn.n, note.kind.value, note.text, nby))
    return TranscriptDigest(
        file=file,
        id=Ref(model.id, loc.span(("id",))),
        kind=model.kind,
        title=model.title,
        date=model.date,
        duration_min=model.duration_min,
        interviewers=_refs(loc, ("interviewer",), model.interviewer),
        participants=_refs(loc, ("participants",), model.participants),
        coded_by=_refs(loc, ("coded_by",), model.coded_by) if model.coded_by is not None else None,
        turns=turns,
        codings=codings,
        notes=notes,
        words=words,
    )
