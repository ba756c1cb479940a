"""``ipatool agreement --unit character``: reads the compared transcripts' turn texts and prints
character-level agreement per code, per transcript and pooled. The turn readers here also serve
``render`` (the words and notes the cache does not keep)."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from ipatool.analysis.agreement.characters import CharacterFigures, CharacterTable
    from ipatool.read.study import Study, TurnNote


def turn_texts(study: Study, *, every: bool = False) -> dict[tuple[str, int], str]:
    """(transcript id, turn number) -> text, for every transcript with two or more coders (or,
    with ``every``, for every transcript)."""
    from ipatool.exchange.export import read_transcript

    out: dict[tuple[str, int], str] = {}
    for t in study.transcripts:
        if not every and len(set(study.coders_of(t))) < 2:
            continue
        for turn in read_transcript(study, t).turns:
            out.setdefault((t.id, turn.n), turn.text)
    return out


def turn_notes(study: Study) -> dict[tuple[str, int], tuple[TurnNote, ...]]:
    """Every turn's exploratory notes, for the record table and ``--notes`` (read here: the
    cache keeps no notes, and analysis does no I/O)."""
    from ipatool.exchange.export import read_transcript
    from ipatool.read.study import TurnNote

    out: dict[tuple[str, int], tuple[TurnNote, ...]] = {}
    for t in study.transcripts:
        for turn in read_transcript(study, t).turns:
            if turn.notes and (t.id, turn.n) not in out:
                out[(t.id, turn.n)] = tuple(
                    TurnNote(turn.n, turn.speaker, n.kind, n.by, n.text) for n in turn.notes
                )
    return out


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
