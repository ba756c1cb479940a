"""Case-first rules (Smith, Flowers & Larkin, 2022): statements, PETs and GETs fit together.

Experiential statements sit on participants' turns in the transcripts; ``pets.yaml`` groups one
participant's statements into personal experiential themes (PETs); ``gets:`` in ``themes.yaml``
groups PETs of several participants into group experiential themes (GETs), directly or through
subthemes. These checks say where the pieces do not fit: ids used twice or naming nothing, a
statement or PET placed twice, a PET that reaches into another participant's words, empty or
unused pieces, participants without PETs, and GETs that draw on too few participants under the
evidence rule of :mod:`ipatool.check.themes`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ipatool.check.loaded import participants_loaded, transcripts_loaded
from ipatool.check.themes import EvidenceRule, evidence_rule
from ipatool.diagnostics import Diagnostic, Span, make
from ipatool.read.models import Method
from ipatool.read.study import StatementRef, Study


@dataclass(frozen=True, slots=True)
class Placed:
    """A statement as the PETs see it: where it was written, and the participant who said it."""

    file: str
    statement: StatementRef


def statements_by_id(study: Study) -> dict[str, Placed]:
    """Every statement of the study by id (the first, when an id is used twice)."""
    out: dict[str, Placed] = {}
    for t in study.facts:
        for st in t.statements:
            out.setdefault(st.id, Placed(t.file, st))
    return out


def _pets_span(study: Study, path: tuple[str | int, ...]) -> Span:
    return study.span(Study.PETS, path)


def _gets_span(study: Study, path: tuple[str | int, ...]) -> Span:
    return study.span(Study.THEMES, path)


def _pets_loaded(study: Study) -> bool:
    """pets.yaml, when the study has one, was read and every PET in it validated."""
    return Study.PETS not in study.files or Study.PETS in study.complete or bool(study.pets)


def duplicate_statements(study: Study) -> Iterator[Diagnostic]:
    """IPA621: a statement id used twice (in one transcript or across the study)."""
    first: dict[str, tuple[str, int]] = {}
    for t in study.facts:
        for st in t.statements:
            if st.id in first:
                file, line = first[st.id]
                where = f"line {line}" if file == t.file else f"{file} line {line}"
                yield make(
                    "IPA621",
                    t.file,
                    st.span,
                    f"the statement id '{st.id}' is already used ({where})",
                    hint="every experiential statement needs its own id, e.g. the "
                    "participant's id and a number",
                )
            else:
                first[st.id] = (t.file, st.span.line)


def duplicate_pets_and_gets(study: Study) -> Iterator[Diagnostic]:
    """IPA631: two PETs, or two GETs or GET subthemes, with the same id."""
    seen: dict[str, int] = {}
    for i, pet in enumerate(study.pets):
        span = _pets_span(study, ("pets", i, "id"))
        if pet.id in seen:
            yield make(
                "IPA631",
                Study.PETS,
                span,
                f"the PET id '{pet.id}' is already used (line {seen[pet.id]})",
            )
        else:
            seen[pet.id] = span.line
    kinds: dict[str, tuple[str, int]] = {}
    for gi, get in enumerate(study.gets):
        places: list[tuple[str, str, tuple[str | int, ...]]] = [("GET", get.id, ("gets", gi, "id"))]
        places += [
            ("subtheme", sub.id, ("gets", gi, "subthemes", si, "id"))
            for si, sub in enumerate(get.subthemes)
        ]
        for kind, ident, path in places:
            span = _gets_span(study, path)
            if ident in kinds:
                other, line = kinds[ident]
                yield make(
                    "IPA631",
                    Study.THEMES,
                    span,
                    f"the {kind} id '{ident}' is already the id of a {other} (line {line})",
                    hint="GET and subtheme ids must all be different",
                )
            else:
                kinds[ident] = (kind, span.line)


def pet_statements(study: Study) -> Iterator[Diagnostic]:
    """IPA622-IPA625 and IPA632: each PET's participant and statements."""
    known = {p.id for p in study.participants}
    check_people = participants_loaded(study)
    statements = statements_by_id(study)
    complete = transcripts_loaded(study)
    listed: dict[str, str] = {}
    for i, pet in enumerate(study.pets):
        if check_people and pet.participant not in known:
            yield make(
                "IPA624",
                Study.PETS,
                _pets_span(study, ("pets", i, "participant")),
                f"the PET '{pet.id}' belongs to '{pet.participant}', who is not in "
                "participants.yaml",
            )
        if not pet.statements:
            yield make(
                "IPA632",
                Study.PETS,
                _pets_span(study, ("pets", i, "id")),
                f"the PET '{pet.id}' lists no statements",
                hint="list the ids of the participant's experiential statements it groups",
            )
        for k, ident in enumerate(pet.statements):
            span = _pets_span(study, ("pets", i, "statements", k))
            placed = statements.get(ident)
            if placed is None:
                if complete:
                    yield make(
                        "IPA622",
                        Study.PETS,
                        span,
                        f"the PET '{pet.id}' lists the statement '{ident}', which no "
                        "transcript has",
                    )
                continue
            said_by = placed.statement.speaker
            if said_by != pet.participant:
                yield make(
                    "IPA623",
                    Study.PETS,
                    span,
                    f"the PET '{pet.id}' of '{pet.participant}' lists the statement '{ident}', "
                    f"made on a turn of '{said_by}' ({placed.file}, turn {placed.statement.turn})",
                    hint="a PET groups one participant's statements: move it to a PET of "
                    f"'{said_by}'",
                )
            if ident in listed:
                yield make(
                    "IPA625",
                    Study.PETS,
                    span,
                    f"the statement '{ident}' is already listed by the PET '{listed[ident]}'",
                    hint="each statement belongs to one PET",
                )
            else:
                listed[ident] = pet.id


def unplaced_statements(study: Study) -> Iterator[Diagnostic]:
    """IPA626: a statement no PET lists (only once the study has PETs)."""
    if not study.pets or not _pets_loaded(study):
        return
    listed = {ident for pet in study.pets for ident in pet.statements}
    for t in study.facts:
        for st in t.statements:
            if st.id not in listed:
                yield make(
                    "IPA626",
                    t.file,
                    st.span,
                    f"the statement '{st.id}' (turn {st.turn}, '{st.speaker}') is in no PET",
                    hint=f"list it under one of {st.speaker}'s PETs in pets.yaml",
                )


def participants_without_pets(study: Study) -> Iterator[Diagnostic]:
    """IPA627: on the case-first path, a participant with no PET of their own."""
    if not study.case_first or not _pets_loaded(study):
        return
    owners = {pet.participant for pet in study.pets}
    for i, p in enumerate(study.participants):
        if p.id not in owners:
            yield make(
                "IPA627",
                Study.PARTICIPANTS,
                study.span(Study.PARTICIPANTS, ("participants", i, "id")),
                f"the participant '{p.id}' has no PET in pets.yaml",
                hint="the case-first path analyses every case: give each participant their "
                "personal experiential themes",
            )


def get_pets(study: Study) -> Iterator[Diagnostic]:
    """IPA628-IPA630, IPA632 and IPA633: what each GET and subtheme draws on."""
    owner: dict[str, str] = {}
    for pet in study.pets:
        owner.setdefault(pet.id, pet.participant)
    pets_complete = _pets_loaded(study)
    drawn: dict[str, str] = {}
    rule: EvidenceRule | None = None
    if study.config is not None and study.participants:
        ipa = study.config.method is Method.IPA
        rule = evidence_rule(study.config.rules, len(study.participants), ipa)
    for gi, get in enumerate(study.gets):
        groups: list[tuple[str, str, tuple[str | int, ...], list[str]]] = [
            ("GET", get.id, ("gets", gi), get.pets)
        ]
        groups += [
            ("subtheme", sub.id, ("gets", gi, "subthemes", si), sub.pets)
            for si, sub in enumerate(get.subthemes)
        ]
        whole: set[str] = set()
        for kind, ident, path, pets in groups:
            if kind == "subtheme" and not pets:
                yield make(
                    "IPA632",
                    Study.THEMES,
                    _gets_span(study, (*path, "id")),
                    f"the subtheme '{ident}' of the GET '{get.id}' draws on no PETs",
                )
            people: set[str] = set()
            for k, pet_id in enumerate(pets):
                span = _gets_span(study, (*path, "pets", k))
                if pet_id not in owner:
                    if pets_complete:
                        yield make(
                            "IPA628",
                            Study.THEMES,
                            span,
                            f"the {kind} '{ident}' lists the PET '{pet_id}', which pets.yaml "
                            "does not have",
                        )
                    continue
                people.add(owner[pet_id])
                if pet_id in drawn:
                    yield make(
                        "IPA629",
                        Study.THEMES,
                        span,
                        f"the PET '{pet_id}' is already drawn on by '{drawn[pet_id]}'",
                        hint="each PET feeds one GET (or one of its subthemes)",
                    )
                else:
                    drawn[pet_id] = ident
            whole |= people
            if kind == "subtheme" and people and rule is not None:
                yield from _thin(study, kind, ident, path, people, rule)
        if not whole and not any(pets for *_, pets in groups):
            yield make(
                "IPA632",
                Study.THEMES,
                _gets_span(study, ("gets", gi, "id")),
                f"the GET '{get.id}' draws on no PETs",
                hint="list PETs under 'pets' or under its subthemes",
            )
        elif whole and rule is not None:
            yield from _thin(study, "GET", get.id, ("gets", gi), whole, rule)
    if study.gets and pets_complete:
        yield from _pets_without_get(study, drawn)


def _thin(
    study: Study,
    kind: str,
    ident: str,
    path: tuple[str | int, ...],
    people: set[str],
    rule: EvidenceRule,
) -> Iterator[Diagnostic]:
    n = len(people)
    if n >= rule.need:
        return
    yield make(
        "IPA633",
        Study.THEMES,
        _gets_span(study, (*path, "id")),
        f"the {kind} '{ident}' draws on PETs of {n} participant{'s' if n != 1 else ''}; "
        f"{rule.expected} ({rule.source})",
    )


def _pets_without_get(study: Study, drawn: dict[str, str]) -> Iterator[Diagnostic]:
    for i, pet in enumerate(study.pets):
        if pet.id not in drawn:
            yield make(
                "IPA630",
                Study.PETS,
                _pets_span(study, ("pets", i, "id")),
                f"the PET '{pet.id}' ({pet.participant}) feeds no GET",
                hint="list it under a GET or subtheme in themes.yaml, or turn the check off "
                "for a PET kept as idiosyncratic",
            )


CHECKS = [
    duplicate_statements,
    duplicate_pets_and_gets,
    pet_statements,
    unplaced_statements,
    participants_without_pets,
    get_pets,
]
