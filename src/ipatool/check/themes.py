"""Theme rules: no empty themes, and every theme evidenced by enough participants."""

from __future__ import annotations

from collections.abc import Iterator

from ipatool.check.loaded import transcripts_loaded
from ipatool.diagnostics import Diagnostic, make
from ipatool.read.models import Method
from ipatool.read.study import Study, by_from_key


def empty_themes(study: Study) -> Iterator[Diagnostic]:
    for ti, theme in enumerate(study.themes):
        if not theme.subthemes:
            yield make(
                "IPA601",
                Study.THEMES,
                study.span(Study.THEMES, ("themes", ti, "id")),
                f"the theme '{theme.id}' has no subthemes",
            )
        for si, sub in enumerate(theme.subthemes):
            if not sub.codes:
                yield make(
                    "IPA601",
                    Study.THEMES,
                    study.span(Study.THEMES, ("themes", ti, "subthemes", si, "id")),
                    f"the subtheme '{sub.id}' has no codes",
                )


def evidence(study: Study) -> Iterator[Diagnostic]:
    """Themes and subthemes evidenced by too few participants (Smith, 2011)."""
    if study.config is None or not study.facts or not transcripts_loaded(study):
        return  # with a transcript unread, the counts would be too low
    minimum = study.config.rules.min_participants_per_theme
    places = study.code_places()
    by_sub: dict[str, set[str]] = {}
    by_theme: dict[str, set[str]] = {}
    targets = {  # each code's participant sets, looked up once
        code: (
            by_sub.setdefault(place.subtheme.id, set()),
            by_theme.setdefault(place.theme.id, set()),
        )
        for code, place in places.items()
    }
    for t in study.facts:
        participants = set(t.participant_ids)
        for key, codes in t.evidence.items():
            if not study.counts_by(t, by_from_key(key)):
                continue
            for code, speakers in codes.items():
                target = targets.get(code)
                if target is not None:
                    who = participants.intersection(speakers)
                    target[0].update(who)
                    target[1].update(who)
    sample = len(study.participants)
    need = minimum if sample >= 4 else min(minimum, 1)
    ipa = study.config.method is Method.IPA
    for ti, theme in enumerate(study.themes):
        if not any(sub.codes for sub in theme.subthemes):
            continue  # reported as an empty theme (IPA601)
        yield from _one(study, "theme", theme.id, ("themes", ti, "id"), by_theme, need, ipa)
        for si, sub in enumerate(theme.subthemes):
            if not sub.codes:
                continue
            path = ("themes", ti, "subthemes", si, "id")
            yield from _one(study, "subtheme", sub.id, path, by_sub, need, ipa)


def _one(
    study: Study,
    kind: str,
    ident: str,
    path: tuple[str | int, ...],
    found: dict[str, set[str]],
    need: int,
    ipa: bool,
) -> Iterator[Diagnostic]:
    n = len(found.get(ident, ()))
    span = study.span(Study.THEMES, path)
    if n == 0:
        yield make(
            "IPA603",
            Study.THEMES,
            span,
            f"no participant's words are coded to the {kind} '{ident}'",
            hint="apply its codes to participants' turns, or remove it",
        )
    elif need and n < need:
        guidance = " (Smith, 2011, for samples of 4 or more)" if ipa else ""
        yield make(
            "IPA602",
            Study.THEMES,
            span,
            f"the {kind} '{ident}' is evidenced by {n} participant{'s' if n != 1 else ''}; "
            f"at least {need} are expected{guidance}",
        )


CHECKS = [empty_themes, evidence]
