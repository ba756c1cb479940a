"""Theme rules: no empty themes, and every theme evidenced by enough participants.

The evidence rule follows Smith (2011) by sample size N, unless a number overrides it: every
participant when N is 1-3; at least three when N is 4-8; when N is over 8, at least three with a
measure of each theme's prevalence reported (``rules.prevalence``, the recurrence table's n/N),
or else half the sample (rounded up).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from ipatool.check.loaded import transcripts_loaded
from ipatool.diagnostics import Diagnostic, make
from ipatool.read.models import Method, Rules
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


@dataclass(frozen=True, slots=True)
class EvidenceRule:
    """How many participants each theme needs, and which band of the rule says so."""

    need: int
    band: str
    """``1-3``, ``4-8``, ``over 8``, ``over 8, no prevalence`` or ``override``."""
    expected: str
    """The expectation as a message says it: "every participant (3) is expected"."""
    source: str
    """Where it comes from: "Smith, 2011: samples of 4-8", "rules.min_participants_per_theme"."""


_BANDS = {
    "1-3": "samples of 1-3",
    "4-8": "samples of 4-8",
    "over 8": "samples over 8",
    "over 8, no prevalence": "samples over 8 without each theme's prevalence reported",
}


def evidence_rule(rules: Rules, sample: int, ipa: bool = True) -> EvidenceRule:
    """The evidence rule for a sample of ``sample`` participants under ``rules``."""
    setting = rules.min_participants_per_theme
    if setting != "auto":
        need = min(setting, sample)
        capped = f", capped at the sample of {sample}" if need < setting else ""
        return EvidenceRule(
            need,
            "override",
            f"at least {need} are expected",
            f"rules.min_participants_per_theme: {setting}{capped}",
        )
    if sample <= 3:
        band, need, expected = "1-3", sample, f"every participant ({sample}) is expected"
    elif sample <= 8:
        band, need, expected = "4-8", 3, "at least 3 are expected"
    elif rules.prevalence:
        band, need = "over 8", 3
        expected = "at least 3 are expected, with the theme's prevalence reported"
    else:
        band, need = "over 8, no prevalence", math.ceil(sample / 2)
        expected = f"at least {need} (half the sample of {sample}) are expected"
    cite = "Smith, 2011: " if ipa else "the evidence rule for "
    return EvidenceRule(need, band, expected, cite + _BANDS[band])


def evidence(study: Study) -> Iterator[Diagnostic]:
    """Themes and subthemes evidenced by too few participants (Smith, 2011)."""
    if study.config is None or not study.facts or not transcripts_loaded(study):
        return  # with a transcript unread, the counts would be too low
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
    ipa = study.config.method is Method.IPA
    rule = evidence_rule(study.config.rules, len(study.participants), ipa)
    for ti, theme in enumerate(study.themes):
        if not any(sub.codes for sub in theme.subthemes):
            continue  # reported as an empty theme (IPA601)
        yield from _one(study, "theme", theme.id, ("themes", ti, "id"), by_theme, rule)
        for si, sub in enumerate(theme.subthemes):
            if not sub.codes:
                continue
            path = ("themes", ti, "subthemes", si, "id")
            yield from _one(study, "subtheme", sub.id, path, by_sub, rule)


def _one(
    study: Study,
    kind: str,
    ident: str,
    path: tuple[str | int, ...],
    found: dict[str, set[str]],
    rule: EvidenceRule,
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
    elif n < rule.need:
        yield make(
            "IPA602",
            Study.THEMES,
            span,
            f"the {kind} '{ident}' is evidenced by {n} participant{'s' if n != 1 else ''}; "
            f"{rule.expected} ({rule.source})",
        )


CHECKS = [empty_themes, evidence]
