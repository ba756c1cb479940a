"""Checks that need only one transcript file: turn numbers, quotes, coders, duration, group size
(and, from :mod:`ipatool.check.statements`, its experiential statements)."""

from __future__ import annotations

import math

from ipatool.check.quotematch import check_quote
from ipatool.check.statements import check_statements
from ipatool.diagnostics import Diagnostic, make
from ipatool.read.models import TranscriptFile, TranscriptKind
from ipatool.read.yamlio import Locator


def check_transcript_file(model: TranscriptFile, loc: Locator) -> list[Diagnostic]:
    """Every single-file rule for one transcript."""
    return [
        *_turn_numbers(model, loc),
        *_quotes(model, loc),
        *_codes_on_participant_turns(model, loc),
        *_codings_without_coder(model, loc),
        *_metadata(model, loc),
        *check_statements(model, loc),
    ]


def _codings_without_coder(model: TranscriptFile, loc: Locator) -> list[Diagnostic]:
    """IPA311: in a transcript with two or more ``coded_by``, a coding without ``by``.

    Such a coding counts as applied by every coder of the transcript, so intercoder agreement
    takes it for agreement whether or not the coders agreed.
    """
    coders = list(dict.fromkeys(model.coded_by or ()))
    if len(coders) < 2:
        return []
    out: list[Diagnostic] = []
    who = ", ".join(coders)
    for i, turn in enumerate(model.turns):
        for j, app in enumerate(turn.codes):
            if app.by is not None:
                continue
            out.append(
                make(
                    "IPA311",
                    loc.file,
                    loc.span(("turns", i, "codes", j, "code")),
                    f"the code '{app.code}' on turn {turn.n} has no 'by': it counts as applied by "
                    f"every coder of this transcript ({who}), so agreement takes it as agreement",
                    hint=f"say who applied it, e.g. 'by: [{coders[0]}]' or 'by: [{who}]'",
                )
            )
    return out


def _codes_on_participant_turns(model: TranscriptFile, loc: Locator) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    participants = set(model.participants)
    for i, turn in enumerate(model.turns):
        if not turn.codes or turn.speaker in participants:
            continue
        for j, app in enumerate(turn.codes):
            out.append(
                make(
                    "IPA309",
                    loc.file,
                    loc.span(("turns", i, "codes", j, "code")),
                    f"the code '{app.code}' is applied to turn {turn.n}, spoken by "
                    f"'{turn.speaker}', who is not a participant",
                    hint="codes evidence participants' accounts; code the participant's turn instead",
                )
            )
    return out


def _turn_numbers(model: TranscriptFile, loc: Locator) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    first_at: dict[int, int] = {}
    previous: int | None = None
    for i, turn in enumerate(model.turns):
        if turn.n not in first_at and (previous is None or turn.n > previous):
            first_at[turn.n] = i
            previous = turn.n
            continue  # the common case: no position needed
        span = loc.span(("turns", i, "n"))
        if turn.n in first_at:
            line = loc.span(("turns", first_at[turn.n], "n")).line
            out.append(
                make(
                    "IPA203",
                    loc.file,
                    span,
                    f"turn number {turn.n} is used twice (first on line {line})",
                    hint="number the turns 1, 2, 3 ... in file order ('ipatool fmt --renumber' does)",
                )
            )
        elif previous is not None and turn.n < previous:
            out.append(
                make(
                    "IPA204",
                    loc.file,
                    span,
                    f"turn {turn.n} comes after turn {previous}; turn numbers must increase",
                )
            )
        first_at.setdefault(turn.n, i)
        previous = turn.n if previous is None else max(previous, turn.n)
    return out


def _quotes(model: TranscriptFile, loc: Locator) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for i, turn in enumerate(model.turns):
        for j, app in enumerate(turn.codes):
            if app.quote is None:
                continue
            problem = check_quote(turn.text, app.quote)
            if problem is None:
                continue
            span = loc.span(("turns", i, "codes", j, "quote"))
            if not problem.fragment:
                out.append(
                    make(
                        "IPA402",
                        loc.file,
                        span,
                        "the quote is empty",
                        hint="leave 'quote' out to quote the whole turn",
                    )
                )
                continue
            if problem.out_of_order:
                message = (
                    f"the parts of the quote are out of order: '{problem.fragment}' is in "
                    f"turn {turn.n}, but before the part the quote puts ahead of it"
                )
                hint: str | None = "put the parts of the quote in the order they are said"
            else:
                message = f"the quote is not in turn {turn.n}: '{problem.fragment}' was not found"
                hint = f"closest passage: '{problem.closest}'" if problem.closest else None
            out.append(make("IPA401", loc.file, span, message, hint=hint))
    return out


def _metadata(model: TranscriptFile, loc: Locator) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    d = model.duration_min
    if d is not None and (d <= 0 or not math.isfinite(d)):
        out.append(
            make(
                "IPA703",
                loc.file,
                loc.span(("duration_min",)),
                f"the duration must be a positive number of minutes, not {model.duration_min:g}",
            )
        )
    n = len(set(model.participants))
    if model.kind is TranscriptKind.FOCUS_GROUP and n < 2:
        out.append(
            make(
                "IPA701",
                loc.file,
                loc.span(("participants",)),
                f"this focus group has {n} participant{'s' if n != 1 else ''}; "
                "a focus group has 2 or more",
                hint="use kind: interview for a one-to-one interview",
            )
        )
    elif model.kind is TranscriptKind.INTERVIEW and n > 1:
        out.append(
            make(
                "IPA702",
                loc.file,
                loc.span(("participants",)),
                f"this interview has {n} participants; an interview is one-to-one",
                hint="use kind: focus_group for a group discussion",
            )
        )
    speakers = {t.speaker for t in model.turns}
    for k, pid in enumerate(model.participants):
        if pid not in speakers and model.turns:
            out.append(
                make(
                    "IPA705",
                    loc.file,
                    loc.span(("participants", k)),
                    f"participant '{pid}' never speaks in this transcript",
                )
            )
    return out
