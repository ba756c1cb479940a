"""Reference rules: every id a transcript uses must be declared, and declarations should be used."""

from __future__ import annotations

from collections.abc import Iterator

from ipatool.checks.loaded import participants_loaded, themes_loaded, transcripts_loaded
from ipatool.diagnostics import Diagnostic, Span, make
from ipatool.shape import suggest
from ipatool.study import Study, TranscriptDigest


def codes_defined(study: Study) -> Iterator[Diagnostic]:
    if not themes_loaded(study):
        return  # themes.yaml failed to load: its own diagnostics say why
    defined = study.code_places()
    choices = sorted(defined)
    for t in study.transcripts:
        for c in t.codings:
            if c.code.id not in defined:
                hint = suggest(c.code.id, choices) or "define it in themes.yaml under a subtheme"
                yield make(
                    "IPA301",
                    t.file,
                    c.code.span,
                    f"the code '{c.code.id}' is not defined in themes.yaml",
                    hint=hint,
                )


def codes_used(study: Study) -> Iterator[Diagnostic]:
    if not study.transcripts or not transcripts_loaded(study):
        return  # with a transcript unread, "never applied" may be wrong
    used = {c.code.id for t in study.transcripts for c in t.codings}
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
    for t in study.transcripts:
        for ref in t.coded_by or ():
            if ref.id not in coders:
                yield _unknown_coder(t, ref.id, ref.span, coders)
        coded_by = set(study.coders_of(t))
        for c in t.codings:
            for ref in c.by or ():
                if ref.id not in coders:
                    yield _unknown_coder(t, ref.id, ref.span, coders)
                elif ref.id not in coded_by:
                    yield make(
                        "IPA307",
                        t.file,
                        ref.span,
                        f"'{ref.id}' is named in 'by' but is not one of this transcript's "
                        f"coders (coded_by: {', '.join(sorted(coded_by)) or 'none'})",
                        hint=f"add '{ref.id}' to coded_by, or correct 'by'",
                    )
        for note in t.notes:
            if note.by is not None and note.by.id not in coders:
                yield _unknown_coder(t, note.by.id, note.by.span, coders)


def _unknown_coder(t: TranscriptDigest, ident: str, span: Span, coders: list[str]) -> Diagnostic:
    hint = suggest(ident, coders) or "declare coders in ipatool.yaml under 'coders'"
    return make(
        "IPA306", t.file, span, f"'{ident}' is not a coder declared in ipatool.yaml", hint=hint
    )


def speakers_known(study: Study) -> Iterator[Diagnostic]:
    if study.config is None:
        return  # the interviewers are unknown while ipatool.yaml does not load
    interviewers = set(study.interviewer_ids)
    for t in study.transcripts:
        allowed = set(t.participant_ids) | interviewers | {r.id for r in t.interviewers}
        choices = sorted(allowed)
        reported: set[str] = set()
        for turn in t.turns:
            sp = turn.speaker
            if sp.id in allowed:
                continue
            first = sp.id not in reported
            reported.add(sp.id)
            hint = suggest(sp.id, choices)
            if hint is None and first:
                hint = (
                    "add them to this transcript's participants, or declare them as an interviewer"
                )
            yield make(
                "IPA303",
                t.file,
                sp.span,
                f"speaker '{sp.id}' is neither a participant of this transcript nor an interviewer",
                hint=hint,
            )


def codes_on_participant_turns(study: Study) -> Iterator[Diagnostic]:
    for t in study.transcripts:
        participants = set(t.participant_ids)
        for c in t.codings:
            if c.speaker not in participants:
                yield make(
                    "IPA309",
                    t.file,
                    c.code.span,
                    f"the code '{c.code.id}' is applied to turn {c.turn}, spoken by '{c.speaker}', "
                    "who is not a participant",
                    hint="codes evidence participants' accounts; code the participant's turn instead",
                )


def participants_declared(study: Study) -> Iterator[Diagnostic]:
    if not participants_loaded(study):
        return  # participants.yaml failed to load: its own diagnostics say why
    known = [p.id for p in study.participants]
    known_set = set(known)
    for t in study.transcripts:
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
    if not study.transcripts or not transcripts_loaded(study):
        return
    present = {pid for t in study.transcripts for pid in t.participant_ids}
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
    for t in study.transcripts:
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
    if not study.transcripts and not any(f.startswith("transcripts/") for f in study.files):
        yield make(
            "IPA706",
            Study.CONFIG,
            study.span(Study.CONFIG, ()),
            "the study has no transcripts yet (transcripts/*.yaml)",
            hint="add one with 'ipatool import transcript FILE'",
        )


CHECKS = [
    codes_defined,
    codes_used,
    coders_declared,
    speakers_known,
    codes_on_participant_turns,
    participants_declared,
    participants_in_transcripts,
    interviewers_declared,
    study_has_transcripts,
]
