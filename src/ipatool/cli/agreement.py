"""``ipatool agreement``: intercoder agreement on the double-coded transcripts of a study."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ipatool.cli.common import Exit, is_terminal, load_checked_study, stdout

if TYPE_CHECKING:
    from rich.console import Console

    from ipatool.analysis.agreement import AgreementRow, AgreementTable
    from ipatool.analysis.agreement.summary import Spread


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


class Unit(StrEnum):
    TURN = "turn"
    CHARACTER = "character"


def agreement(
    study: Annotated[Path | None, typer.Argument(help="The study folder (default: here).")] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="text (a table) or json.")
    ] = Format.TEXT,
    code: Annotated[
        list[str] | None,
        typer.Option("--code", "-c", help="Only this code (repeat for several)."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Compute even when the study has validation errors."),
    ] = False,
    unit: Annotated[
        Unit,
        typer.Option(
            "--unit",
            help="turn (each coder applied the code to a participant turn or not) or character "
            "(which characters of each turn each coder's quotes cover).",
        ),
    ] = Unit.TURN,
) -> None:
    """Measure how far the coders agree, code by code.

    Percent agreement, Cohen's and Fleiss' kappa and Krippendorff's alpha, per code and
    pooled; then the turns and codes the coders disagree on."""
    from ipatool.analysis.agreement import agreement_table

    loaded = load_checked_study(study, force=force)
    out = stdout()
    if unit is Unit.CHARACTER:
        from ipatool.cli import agreement_characters

        agreement_characters.write(loaded, code or None, output_format is Format.JSON, out.file)
        raise typer.Exit(int(Exit.OK))
    from ipatool.cli.turns import turn_texts

    table = agreement_table(loaded, code or None, turn_texts(loaded))
    if output_format is Format.JSON:
        out.file.write(json.dumps(table.to_json(), indent=2, ensure_ascii=False) + "\n")
        raise typer.Exit(int(Exit.OK))
    if table.empty:
        out.print("No transcript has two or more coders in coded_by: nothing to compare.")
        raise typer.Exit(int(Exit.OK))
    if table.method_note:
        out.file.write(
            table.method_note + " The figures follow because agreement was asked for.\n\n"
        )
    if is_terminal():
        _rich_table(table, out)
    else:
        out.file.write(plain_text(table))
    raise typer.Exit(int(Exit.OK))


def _rows(table: AgreementTable) -> list[AgreementRow]:
    """The codes some coder applied, then the pooled row (codes nobody applied: one line below)."""
    return table.applied_rows + ([table.pooled] if table.pooled is not None else [])


def _ci(row: AgreementRow) -> str:
    if row.alpha_ci95 is None:
        return ""
    return f"[{row.alpha_ci95[0]:.2f}, {row.alpha_ci95[1]:.2f}]"


def _cells(table: AgreementTable, row: AgreementRow) -> list[str]:
    pct = row.percent_agreement
    cells = [
        "All items pooled" if row.pooled else row.code,
        str(row.items),
        " ".join(f"{c} {row.applied.get(c, 0)}" for c in table.coders),
        "undefined" if pct.value is None else f"{pct.value * 100:.1f}%",
    ]
    cells.append("; ".join(f"{a}-{b} {p.kappa.text()}" for p in row.cohen for a, b in [p.coders]))
    if len(table.coders) >= 3:
        cells.append(row.fleiss_kappa.text() if row.fleiss_kappa else "")
    cells += [row.krippendorff_alpha.text(), _ci(row)]
    return cells


def _headers(table: AgreementTable) -> list[str]:
    heads = ["Code", "Items", "Applied", "Agreement", "Cohen's kappa"]
    if len(table.coders) >= 3:
        heads.append("Fleiss' kappa")
    heads += ["Krippendorff's alpha", "95% CI"]
    return heads


def _spread_text(s: Spread | None, percent: bool = False) -> str:
    if s is None or s.median is None or s.low is None or s.high is None:
        return "undefined"
    if percent:
        return f"{s.median * 100:.1f}% ({s.low * 100:.1f}-{s.high * 100:.1f})"
    return f"{s.median:.2f} ({s.low:.2f} to {s.high:.2f})"


def summary_lines(table: AgreementTable) -> list[str]:
    """The median and range of each coefficient over the codes applied, and the codes never applied."""
    out: list[str] = []
    s = table.summary()
    if s.codes:
        out.append(f"Median (range) over the {s.codes} codes applied, where defined:")
        out.append(f"  agreement {_spread_text(s.percent_agreement, percent=True)}")
        for (a, b), spread in s.cohen:
            out.append(f"  Cohen's kappa {a}-{b} {_spread_text(spread)} [{spread.codes} codes]")
        if s.fleiss_kappa is not None:
            out.append(
                f"  Fleiss' kappa {_spread_text(s.fleiss_kappa)} [{s.fleiss_kappa.codes} codes]"
            )
        alpha = s.krippendorff_alpha
        out.append(f"  Krippendorff's alpha {_spread_text(alpha)} [{alpha.codes} codes]")
        out.append(
            "All items pooled treats every turn x code item as independent and mixes rare and "
            "common codes: read it with the median."
        )
    never = table.never_applied
    if never:
        out.append(
            f"Never applied in the compared transcripts ({len(never)}, kappa and alpha undefined): "
            + ", ".join(r.code for r in never)
        )
    return out


def _notes(table: AgreementTable) -> list[str]:
    """One line per undefined coefficient, with its reason (codes never applied: one line)."""
    out: list[str] = []
    for row in _rows(table):
        name = row.label if row.pooled else row.code
        reasons: dict[str, list[str]] = {}
        for p in row.cohen:
            if p.kappa.undefined:
                reasons.setdefault(p.kappa.undefined, []).append(
                    f"Cohen's kappa {p.coders[0]}-{p.coders[1]}"
                )
        if row.fleiss_kappa is not None and row.fleiss_kappa.undefined:
            reasons.setdefault(row.fleiss_kappa.undefined, []).append("Fleiss' kappa")
        if row.krippendorff_alpha.undefined:
            reasons.setdefault(row.krippendorff_alpha.undefined, []).append("Krippendorff's alpha")
        for reason, what in reasons.items():
            out.append(f"{name}: {', '.join(what)} undefined: {reason}")
    return out


def _without_by(table: AgreementTable) -> list[str]:
    n = table.items_without_by
    if not n:
        return []
    return [
        f"{n} item{' rests' if n == 1 else 's rest'} on codings without 'by', counted as applied by "
        "every coder of the transcript (so as agreement); say who applied each (validate: IPA311)"
    ]


def disagreement_lines(table: AgreementTable) -> list[str]:
    """The disagreement list: one line per turn x code, then the extract each coding marks."""
    if not table.disagreements:
        return ["No disagreements: on every item the coders made the same decision."]
    n = len(table.disagreements)
    out = [
        f"Disagreements ({n} turn x code item{'' if n == 1 else 's'}), for the consensus meeting:"
    ]
    for d in table.disagreements:
        flag = " [a coding without 'by']" if d.without_by else ""
        out.append(
            f"  {d.transcript} turn {d.turn} ({d.speaker}) {d.code}: applied by "
            f"{', '.join(d.applied_by)}; not by {', '.join(d.not_applied_by)}{flag}"
        )
        for q in d.quotes:
            whole = " (whole turn)" if q.whole_turn else ""
            out.append(f'      {", ".join(q.by)}: "{q.text}"{whole}')
        if d.turn_text is not None and not any(q.whole_turn for q in d.quotes):
            out.append(f'      turn: "{d.turn_text}"')
    return out


def _summary(table: AgreementTable) -> str:
    return (
        f"{table.units} participant turns in {len(table.transcripts)} transcript(s) coded by "
        f"{', '.join(table.coders)}; items = turns x codes"
    )


def plain_text(table: AgreementTable) -> str:
    """The agreement table as aligned plain text (for pipes and files)."""
    rows = [_headers(table)] + [_cells(table, r) for r in _rows(table)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [_summary(table), ""]
    for k, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += ["", *summary_lines(table)]
    notes = _notes(table) + _without_by(table)
    if notes:
        lines += ["", *notes]
    lines += ["", *disagreement_lines(table)]
    return "\n".join(lines) + "\n"


def _rich_table(table: AgreementTable, console: Console) -> None:
    from rich.table import Table

    t = Table(title="Intercoder agreement", caption=_summary(table))
    for i, head in enumerate(_headers(table)):
        t.add_column(head, justify="left" if i in (0, 2, 4) else "right")
    for row in _rows(table):
        t.add_row(*_cells(table, row), style="bold" if row.pooled else None)
    console.print(t)
    for line in summary_lines(table):
        console.print(line, markup=False, highlight=False)
    for line in _notes(table) + _without_by(table):
        console.print(line, style="dim", markup=False)
    console.print()
    for line in disagreement_lines(table):
        console.print(line, markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(agreement)
