"""``ipatool agreement --unit character``: reads the compared transcripts' turn texts and prints
character-level agreement per code, per transcript and pooled (the turns' texts come from
:mod:`ipatool.cli.turns`)."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

from ipatool.cli.turns import turn_texts

if TYPE_CHECKING:
    from ipatool.analysis.agreement.characters import CharacterFigures, CharacterTable
    from ipatool.read.study import Study


def _pct(x: float | None) -> str:
    return "undefined" if x is None else f"{x * 100:.1f}%"


def _num(x: float | None) -> str:
    return "undefined" if x is None else f"{x:.2f}"


def _line(name: str, f: CharacterFigures) -> str:
    pairs = "; ".join(f"{a}-{b} {_pct(pa)} kappa {_num(k)}" for (a, b), pa, k in f.pairs)
    coded = " ".join(f"{c} {n}" for c, n in f.coded.items())
    return f"  {name}: {f.characters} characters, coded {coded}; {pairs}; alpha {_num(f.alpha)}"


def plain_text(table: CharacterTable) -> str:
    lines = [
        f"Character-level agreement: the characters of the participant turns of "
        f"{len(table.transcripts)} transcript(s) coded by {', '.join(table.coders)}; for each "
        "code, each coder applied it to a character or not",
        "",
    ]
    for row in table.rows:
        lines.append(row.code)
        for s in row.sources:
            lines.append(_line(s.transcript or "", s))
        if len(row.sources) > 1:
            lines.append(_line("pooled", row.pooled))
    if table.unlocated:
        lines += ["", f"{table.unlocated} coding(s) left out: the quote is not in its turn"]
    return "\n".join(lines) + "\n"


def write(study: Study, codes: list[str] | None, as_json: bool, out: IO[str]) -> None:
    from ipatool.analysis.agreement.characters import character_agreement

    table = character_agreement(study, turn_texts(study), codes)
    if as_json:
        out.write(json.dumps(table.to_json(), indent=2, ensure_ascii=False) + "\n")
    elif not table.transcripts:
        out.write("No transcript has two or more coders in coded_by: nothing to compare.\n")
    else:
        out.write(plain_text(table))
