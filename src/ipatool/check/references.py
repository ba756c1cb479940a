"""Reference rules: every id a transcript uses must be declared, and declarations should be used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ipatool.check.loaded import participants_loaded, themes_loaded, transcripts_loaded
from ipatool.diagnostics import Diagnostic, Span, make
from ipatool.files import TRANSCRIPT_SUFFIXES, TRANSCRIPTS_DIR
from ipatool.read.refs import Role, find_refs
from ipatool.read.shape import suggest
from ipatool.read.study import Study


def codes_defined(study: Study) -> Iterator[Diagnostic]:
    if not themes_loaded(study):
        return  # themes.yaml failed to load: its own diagnostics say why
    defined = study.code_places()
    choices = sorted(defined)
    for t in study.facts:
        for code in t.codes:
            if code in defined:
                continue
            hint = suggest(code, choices) or "define it in themes.yaml under a subtheme"
            for span in find_refs(Path(study.root), t.file, Role.CODE, code):
                yield make(
                    "IPA301",
                    t.file,
                    span,
                    f"the code '{code}' is not defined in themes.yaml",
                    hint=hint,
                )


def codes_used(study: Study) -> Iterator[Diagnostic]:
    if not study.facts or not transcripts_loaded(study):
        return  # with a transcript unread, "never applied" may be wrong
    used = {code for t in study.facts for code in t.codes}
    for ti, theme in enumerate(study.themes):
        for si, sub in enumerate(theme.subthemes):
            for ci, code in enumerate(sub.codes):
                if code.id not in used:
                    yield make(
                        "IPA302",
                        Study.THEMES,
                        study.span(
                            Study.THEMES, ("themes", ti, "subthemes", si, "codes", ci, "id")
                        ),
                        f"the code '{code.id}' is never applied to a transcript",
                    )


def coders_declared(study: Study) -> Iterator[Diagnostic]:
    if study.config is None:
        return
    coders = study.coder_ids
    root = Path(study.root)
    for t in study.facts:
        for ref in t.coded_by or ():
            if ref.id not in coders:
                yield _unknown_coder(t.file, ref.id, ref.span, coders)
        coded_by = set(study.coders_of(t))
        for ident in t.by:
            if ident not in coders:
                for span in find_refs(root, t.file, Role.BY, ident):
                    yield _unknown_coder(t.file, ident, span, coders)
            elif ident not in coded_by:
                for span in find_refs(root, t.file, Role.BY, ident):
                    yield make(
                        "IPA307",
                        t.file,
                        span,
                        f"'{ident}' is named in 'by' but is not one of this transcript's "
                        f"coders (coded_by: {', '.join(sorted(coded_by)) or 'none'})",
                        hint=f"add '{ident}' to coded_by, or correct 'by'",
                    )
        for ident in t.note_by:
            if ident not in coders:
                for span in find_refs(root, t.file, Role.NOTE_BY, ident):
                    yield _unknown_coder(t.file, ident, span, coders)


def _unknown_coder(file: str, ident: str, span: Span, coders: list[str]) -> Diagnostic:
    hint = suggest(ident, coders) or "declare coders in ipatool.yaml under 'coders'"
    return make(
        "IPA306", file, span, f"'{ident}' is not a coder declared in ipatool.yaml", hint=hint
    )


def speakers_known(study: Study) -> Iterator[Diagnostic]:
    if study.config is None:
        return  # the interviewers are unknown while ipatool.yaml does not load
    interviewers = set(study.interviewer_ids)
    for t in study.facts:
        allowed = set(t.participant_ids) | interviewers | {r.id for r in t.interviewers}
        choices = sorted(allowed)
        for speaker in t.speakers:
            if speaker in allowed:
                continue
            suggestion = suggest(speaker, choices)
            spans = find_refs(Path(study.root), t.file, Role.SPEAKER, speaker)
            for k, span in enumerate(spans):
                hint = suggestion
                if hint is None and k == 0:
                    hint = "add them to this transcript's participants, or declare them as an interviewer"
                yield make(
                    "IPA303",
                    t.file,
                    span,
                    f"speaker '{speaker}' is neither a participant of this transcript nor an interviewer",
                    hint=hint,
                )


def participants_declared(study: Study) -> Iterator[Diagnostic]:
    if not participants_loaded(study):
        return  # participants.yaml failed to load: its own diagnostics say why
    known = [p.id for p in study.participants]
    known_set = set(known)
    for t in study.facts:
        for ref in t.participants:
            if ref.id not in known_set:
                yield make(
                    "IPA304",
                    t.file,
                    ref.span,
                    f"participant '{ref.id}' is not in participants.yaml",
                    hint=suggest(ref.id, known) or "add an entry for them to participants.yaml",
                )


def participants_in_transcripts(study: Study) -> Iterator[Diagnostic]:
    if not study.facts or not transcripts_loaded(study):
        return
    present = {pid for t in study.facts for pid in t.participant_ids}
    for i, p in enumerate(study.participants):
        if p.id not in present:
            yield make(
                "IPA305",
                Study.PARTICIPANTS,
                study.span(Study.PARTICIPANTS, ("participants", i, "id")),
                f"participant '{p.id}' takes part in no transcript",
                hint="add them to a transcript's participants, or remove them if they withdrew",
            )


def interviewers_declared(study: Study) -> Iterator[Diagnostic]:
    if study.config is None:
        return
    declared = study.interviewer_ids
    for t in study.facts:
        for ref in t.interviewers:
            if ref.id not in declared:
                yield make(
                    "IPA308",
                    t.file,
                    ref.span,
                    f"'{ref.id}' is not an interviewer declared in ipatool.yaml",
                    hint=suggest(ref.id, declared)
                    or "declare them under 'interviewers' in ipatool.yaml",
                )


def study_has_transcripts(study: Study) -> Iterator[Diagnostic]:
    if not study.facts and not any(f.startswith(f"{TRANSCRIPTS_DIR}/") for f in study.files):
        yield make(
            "IPA706",
            Study.CONFIG,
            study.span(Study.CONFIG, ()),
            "the study has no transcripts yet (no "
            + " or ".join(TRANSCRIPT_SUFFIXES)
            + f" file in {TRANSCRIPTS_DIR}/ or its subfolders)",
            hint="add one with 'ipatool import transcript FILE'",
        )


CHECKS = [
    codes_defined,
    codes_used,
    coders_declared,
    speakers_known,
    participants_declared,
    participants_in_transcripts,
    interviewers_declared,
    study_has_transcripts,
]
