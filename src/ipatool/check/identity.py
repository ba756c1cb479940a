"""Identity rules: ids that must be unique within a file or across the study."""

from __future__ import annotations

from collections.abc import Iterator

from ipatool.diagnostics import Diagnostic, make
from ipatool.read.study import Study


def duplicate_participants(study: Study) -> Iterator[Diagnostic]:
    first: dict[str, int] = {}
    for i, p in enumerate(study.participants):
        if p.id in first:
            line = study.span(Study.PARTICIPANTS, ("participants", first[p.id], "id")).line
            yield make(
                "IPA201",
                Study.PARTICIPANTS,
                study.span(Study.PARTICIPANTS, ("participants", i, "id")),
                f"participant id '{p.id}' is used twice (first on line {line})",
            )
        else:
            first[p.id] = i


def duplicate_transcripts(study: Study) -> Iterator[Diagnostic]:
    first: dict[str, str] = {}
    for t in study.facts:
        if t.id.id in first:
            yield make(
                "IPA202",
                t.file,
                t.id.span,
                f"transcript id '{t.id.id}' is also the id of {first[t.id.id]}",
                hint="every transcript needs its own id",
            )
        else:
            first[t.id.id] = t.file


def duplicate_titles(study: Study) -> Iterator[Diagnostic]:
    """Two transcripts with the same title (spaces and case aside): their rows in the sample
    table, and their quotes' citations, cannot be told apart."""
    first: dict[str, str] = {}
    for t in study.facts:
        if t.title is None:
            continue
        key = " ".join(t.title.id.split()).casefold()
        if key in first:
            yield make(
                "IPA707",
                t.file,
                t.title.span,
                f"the title '{t.title.id}' is also the title of {first[key]}: their rows in the "
                "tables, and the sources of their quotes, cannot be told apart",
                hint="give each transcript its own title (or leave title out: ipatool then "
                "numbers them, 'One-to-one interview 2')",
            )
        else:
            first[key] = t.file


def duplicate_theme_ids(study: Study) -> Iterator[Diagnostic]:
    first: dict[str, tuple[str, int]] = {}

    def seen(kind: str, ident: str, path: tuple[str | int, ...]) -> Iterator[Diagnostic]:
        span = study.span(Study.THEMES, path)
        if ident in first:
            other_kind, line = first[ident]
            yield make(
                "IPA205",
                Study.THEMES,
                span,
                f"{kind} id '{ident}' is already the id of a {other_kind} (line {line})",
                hint="theme, subtheme and code ids must all be different",
            )
        else:
            first[ident] = (kind, span.line)

    for ti, theme in enumerate(study.themes):
        yield from seen("theme", theme.id, ("themes", ti, "id"))
        for si, sub in enumerate(theme.subthemes):
            yield from seen("subtheme", sub.id, ("themes", ti, "subthemes", si, "id"))
            for ci, code in enumerate(sub.codes):
                path = ("themes", ti, "subthemes", si, "codes", ci, "id")
                yield from seen("code", code.id, path)


def duplicate_people_and_fields(study: Study) -> Iterator[Diagnostic]:
    cfg = study.config
    if cfg is None:
        return
    for key, people in (("coders", cfg.coders), ("interviewers", cfg.interviewers)):
        ids: set[str] = set()
        for i, person in enumerate(people):
            if person.id in ids:
                yield make(
                    "IPA206",
                    Study.CONFIG,
                    study.span(Study.CONFIG, (key, i, "id")),
                    f"'{person.id}' is declared twice in {key}",
                )
            ids.add(person.id)
    names: set[str] = set()
    for i, f in enumerate(cfg.fields):
        if f.name in names:
            yield make(
                "IPA207",
                Study.CONFIG,
                study.span(Study.CONFIG, ("fields", i, "name")),
                f"the field '{f.name}' is declared twice",
            )
        names.add(f.name)


def participants_who_are_researchers(study: Study) -> Iterator[Diagnostic]:
    """A participant whose id is also a coder's or an interviewer's id in ipatool.yaml.

    Such a turn's speaker reads as both the interviewer and a participant, and a coder's id on
    a participant mixes who was studied with who studied them; it is reported once per
    participant id, at its first entry in participants.yaml.
    """
    cfg = study.config
    if cfg is None:
        return
    roles: dict[str, list[tuple[str, int]]] = {}
    for key, role, people in (
        ("coders", "a coder", cfg.coders),
        ("interviewers", "an interviewer", cfg.interviewers),
    ):
        for i, person in enumerate(people):
            found = roles.setdefault(person.id, [])
            if role not in (r for r, _ in found):
                found.append((role, study.span(Study.CONFIG, (key, i, "id")).line))
    reported: set[str] = set()
    for i, p in enumerate(study.participants):
        if p.id not in roles or p.id in reported:
            continue
        reported.add(p.id)
        where = " and ".join(f"{role} (ipatool.yaml line {line})" for role, line in roles[p.id])
        yield make(
            "IPA208",
            Study.PARTICIPANTS,
            study.span(Study.PARTICIPANTS, ("participants", i, "id")),
            f"participant id '{p.id}' is also the id of {where}",
            hint="give the participant a pseudonym of their own, different from every "
            "coder's and interviewer's id",
        )


CHECKS = [
    duplicate_participants,
    duplicate_transcripts,
    duplicate_titles,
    duplicate_theme_ids,
    duplicate_people_and_fields,
    participants_who_are_researchers,
]
