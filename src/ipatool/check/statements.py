"""Experiential statements within one transcript: on participants' turns, quoting their words.

A statement (the case-first path, Smith, Flowers & Larkin, 2022) rests on a participant's own
words: it must sit on a turn spoken by one of the transcript's participants (IPA620), and its
``quote`` must be an extract of that turn, checked by the same matcher as codings' quotes
(IPA401, IPA402). Statement ids unique across the study are a cross-file rule
(:mod:`ipatool.check.experiential`).
"""

from __future__ import annotations

from ipatool.check.quotematch import check_quote
from ipatool.diagnostics import Diagnostic, make
from ipatool.read.models import TranscriptFile
from ipatool.read.yamlio import Locator


def check_statements(model: TranscriptFile, loc: Locator) -> list[Diagnostic]:
    """Every single-file rule for a transcript's experiential statements."""
    out: list[Diagnostic] = []
    participants = set(model.participants)
    for i, turn in enumerate(model.turns):
        for j, st in enumerate(turn.statements):
            path = ("turns", i, "statements", j)
            if turn.speaker not in participants:
                out.append(
                    make(
                        "IPA620",
                        loc.file,
                        loc.span((*path, "id")),
                        f"the statement '{st.id}' is on turn {turn.n}, spoken by "
                        f"'{turn.speaker}', who is not a participant of this transcript",
                        hint="an experiential statement rests on a participant's own words: "
                        "put it on their turn",
                    )
                )
            if st.quote is not None:
                out += _quote(st.quote, turn.text, turn.n, loc, (*path, "quote"))
    return out


def _quote(
    quote: str, text: str, n: int, loc: Locator, path: tuple[str | int, ...]
) -> list[Diagnostic]:
    problem = check_quote(text, quote)
    if problem is None:
        return []
    span = loc.span(path)
    if not problem.fragment:
        return [
            make(
                "IPA402",
                loc.file,
                span,
                "the statement's quote is empty",
                hint="leave 'quote' out when the statement rests on the whole turn",
            )
        ]
    if problem.out_of_order:
        message = (
            f"the parts of the statement's quote are out of order: '{problem.fragment}' is in "
            f"turn {n}, but before the part the quote puts ahead of it"
        )
        hint: str | None = "put the parts of the quote in the order they are said"
    else:
        message = f"the statement's quote is not in turn {n}: '{problem.fragment}' was not found"
        hint = f"closest passage: '{problem.closest}'" if problem.closest else None
    return [make("IPA401", loc.file, span, message, hint=hint)]
