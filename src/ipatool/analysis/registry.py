"""The table registry: each table's name, builder and caption, in rendering order.

To add a table, write a builder ``Context -> TableData`` (or :class:`Omitted` when the study has
nothing for it) and add a :class:`TableSpec` here, then add one template per Jinja format under
``templates/<format>/<name>.<ext>.j2`` (CSV, DOCX and JSON draw every table from its data).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ipatool.analysis.agreement.disagreement_table import build_disagreements
from ipatool.analysis.agreement.figures import reflexive_note
from ipatool.analysis.agreement.table import build_agreement
from ipatool.analysis.codebook import build_codebook
from ipatool.analysis.coreq import build_coreq
from ipatool.analysis.experiential import build_case_pets, build_gets
from ipatool.analysis.grid import Builder, Context, Omitted, TableData
from ipatool.analysis.history import build_history
from ipatool.analysis.methods import build_methods
from ipatool.analysis.participants import build_participants
from ipatool.analysis.quality import build_quality
from ipatool.analysis.quotebank import build_quotes
from ipatool.analysis.record import build_record
from ipatool.analysis.sample import build_sample, build_sentence
from ipatool.analysis.srqr import build_srqr
from ipatool.analysis.themes import build_recurrence, build_themes


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table the tool can render."""

    name: str
    build: Builder
    summary: str
    numbered: bool = True
    default: bool = True
    """Drawn when no table is named; otherwise only when asked for by name."""
    unless_named: Callable[[Context], str | None] | None = None
    """A reason the study gives to leave the table out when no table is named (None: none)."""
    applies: Callable[[Context], bool] | None = None
    """Whether the table belongs to the study's path at all (None: always). One that does not
    (the GET table of a 2009 study, the code tables of a study with GETs and no codes) is left
    out without a word when no table is named; named, it is drawn or says why not."""


def _codes_path(ctx: Context) -> bool:
    """The study has the 2009 hierarchy (themes > subthemes > codes), or takes no other path."""
    return bool(ctx.study.themes) or not ctx.study.case_first


def _case_first(ctx: Context) -> bool:
    """The study has group experiential themes (the case-first path)."""
    return bool(ctx.study.gets)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "sentence", build_sentence, "the participant sentence of the Methods", numbered=False
        ),
        TableSpec(
            "methods",
            build_methods,
            "the Methods sentences on the sample's roles and the procedure's durations",
            numbered=False,
        ),
        TableSpec("sample", build_sample, "the sample by interview / focus group (Table 1)"),
        TableSpec("participants", build_participants, "demographics, one row per participant"),
        TableSpec(
            "themes", build_themes, "superordinate themes and subthemes", applies=_codes_path
        ),
        TableSpec(
            "recurrence",
            build_recurrence,
            "themes by participant, n/N, %, recurrent",
            applies=_codes_path,
        ),
        TableSpec(
            "quality",
            build_quality,
            "quality indicators per theme (Nizza, Farr & Smith, 2021)",
            applies=_codes_path,
        ),
        TableSpec(
            "gets",
            build_gets,
            "group experiential themes, subthemes, PETs and contributing participants (n/N)",
            applies=_case_first,
        ),
        TableSpec("quotes", build_quotes, "the quote bank", applies=_codes_path),
        TableSpec(
            "pets",
            build_case_pets,
            "personal experiential themes per participant: their own PETs with statements "
            "and extracts (case-first), or the group themes each evidences (2009)",
        ),
        TableSpec(
            "codebook",
            build_codebook,
            "codes with definitions, uses and participants",
            applies=_codes_path,
        ),
        TableSpec(
            "coreq", build_coreq, "the COREQ checklist, filled from the study where it can be"
        ),
        TableSpec(
            "srqr",
            build_srqr,
            "the SRQR checklist, filled from the study where it can be (only when named)",
            default=False,
        ),
        TableSpec(
            "agreement",
            build_agreement,
            "intercoder agreement per code and pooled",
            unless_named=lambda ctx: reflexive_note(ctx.study),
        ),
        TableSpec(
            "disagreements",
            build_disagreements,
            "turns and codes the coders differ on, for the consensus meeting (only when named)",
            default=False,
        ),
        TableSpec(
            "record",
            build_record,
            "each participant's coded and annotated turns with notes by kind (only when named)",
            default=False,
        ),
        TableSpec(
            "history",
            build_history,
            "the analytic audit trail: the commits that changed the coding (only when named)",
            default=False,
        ),
    )
}
"""Every table, in rendering order."""


def build_tables(
    ctx: Context, names: list[str] | None = None
) -> tuple[list[TableData], list[Omitted]]:
    """The named tables (default: all but those drawn only by name), in registry order, each
    computed once; and those left out."""
    wanted = (
        [n for n in TABLES if TABLES[n].default] if not names else [n for n in TABLES if n in names]
    )
    built: list[TableData] = []
    omitted: list[Omitted] = []
    for n in wanted:
        applies = TABLES[n].applies
        if not names and applies is not None and not applies(ctx):
            continue
        check = TABLES[n].unless_named
        reason = check(ctx) if check is not None and not names else None
        if reason is not None:
            omitted.append(Omitted(n, f"{reason} Name the table to draw it all the same."))
            continue
        out = TABLES[n].build(ctx)
        if isinstance(out, Omitted):
            omitted.append(out)
        else:
            built.append(out)
    return built, omitted
