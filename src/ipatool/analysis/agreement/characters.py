"""Agreement at the character level (``ipatool agreement --unit character``), as NVivo's coding
comparison reports it.

For each code and each compared transcript (two or more coders), every character of its
participant turns is a unit: a coder applied the code to it when one of the coder's codings of
that code on the turn covers it (the quote's fragments, located as validate locates them, or the
whole turn without a quote; a coding without ``by`` covers it for every coder of the transcript).
Percent agreement and Cohen's kappa are given per pair of coders, Krippendorff's alpha over all
of them, per transcript ("source") and pooled over the transcripts. So two coders who mark
different sentences of one long turn are seen to differ, which the turn as unit cannot show.

The turns' texts are passed in (the loaded study keeps extracts, not texts): analysis does no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from ipatool.analysis.agreement.coefficients import (
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from ipatool.check.quotematch import locate
from ipatool.read.study import Study

Pattern = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CharacterFigures:
    """Figures over the characters of one transcript (``transcript``) or of all (``None``)."""

    transcript: str | None
    characters: int
    coded: dict[str, int]  # coder -> characters they applied the code to
    pairs: tuple[tuple[tuple[str, str], float | None, float | None], ...]  # (pair, %, kappa)
    alpha: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "transcript": self.transcript,
            "characters": self.characters,
            "coded": dict(self.coded),
            "pairs": [
                {"coders": list(p), "percent_agreement": pa, "cohen_kappa": k}
                for p, pa, k in self.pairs
            ],
            "krippendorff_alpha": self.alpha,
        }


@dataclass(frozen=True, slots=True)
class CharacterRow:
    code: str
    sources: tuple[CharacterFigures, ...]
    pooled: CharacterFigures

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "sources": [s.to_json() for s in self.sources],
            "pooled": self.pooled.to_json(),
        }


@dataclass
class CharacterTable:
    coders: list[str]
    transcripts: list[str]
    rows: list[CharacterRow]
    unlocated: int  # codings whose quote could not be found in its turn (left out)

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": "character",
            "coders": list(self.coders),
            "transcripts": list(self.transcripts),
            "codes": [r.to_json() for r in self.rows],
            "unlocated_codings": self.unlocated,
        }


def _figures(
    transcript: str | None, coders: tuple[str, ...], patterns: Counter[Pattern]
) -> CharacterFigures:
    distinct = sorted(patterns)
    freq = [patterns[p] for p in distinct]
    matrix = [[p[i] for p in distinct] for i in range(len(coders))]
    pairs = []
    for (i, a), (j, b) in combinations(enumerate(coders), 2):
        pairs.append(
            (
                (a, b),
                percent_agreement([matrix[i], matrix[j]], freq),
                cohen_kappa(matrix[i], matrix[j], frequencies=freq),
            )
        )
    coded = {
        c: sum(f for p, f in zip(distinct, freq, strict=True) if p[i]) for i, c in enumerate(coders)
    }
    return CharacterFigures(
        transcript,
        sum(freq),
        coded,
        tuple(pairs),
        krippendorff_alpha(matrix, frequencies=freq),
    )


def character_agreement(
    study: Study, texts: Mapping[tuple[str, int], str], codes: Sequence[str] | None = None
) -> CharacterTable:
    """Character-level agreement per code (those some coder applied), per transcript and pooled.

    ``texts`` maps (transcript id, turn number) to the turn's text. Only transcripts whose coders
    are the same set are pooled together; a coder who did not code a transcript is left out of
    the figures of that transcript, and pooled figures use the coders of the first transcript
    where they differ (a study's double-coded transcripts usually share their coders).
    """
    per_code: dict[str, dict[str, Counter[Pattern]]] = {}
    transcripts: list[str] = []
    coders_of: dict[str, tuple[str, ...]] = {}
    unlocated = 0
    wanted = set(codes) if codes is not None else None
    for t in study.transcripts:
        coders = tuple(dict.fromkeys(study.coders_of(t)))
        if len(coders) < 2:
            continue
        transcripts.append(t.id)
        coders_of[t.id] = coders
        participants = set(t.participant_ids)
        turns = {turn.n for turn in t.turns if turn.speaker in participants}
        covered: dict[tuple[str, int], list[set[int]]] = {}
        for coding in t.codings:
            if coding.turn not in turns or (wanted is not None and coding.code not in wanted):
                continue
            text = texts.get((t.id, coding.turn))
            if text is None:
                continue
            ranges = locate(text, coding.quote)
            if ranges is None:
                unlocated += 1
                continue
            who = set(study.applied_by(t, coding))
            slots = covered.setdefault((coding.code, coding.turn), [set() for _ in coders])
            chars = {i for start, end in ranges for i in range(start, end)}
            for k, c in enumerate(coders):
                if c in who:
                    slots[k] |= chars
        codes_here = {code for code, _n in covered}
        for code in codes_here:
            counts = per_code.setdefault(code, {}).setdefault(t.id, Counter())
            for n in turns:
                text = texts.get((t.id, n), "")
                marks = covered.get((code, n))
                if marks is None:
                    counts[tuple(0 for _ in coders)] += len(text)
                    continue
                for i in range(len(text)):
                    counts[tuple(1 if i in s else 0 for s in marks)] += 1
    order = [c for c in study.code_places() if c in per_code] + sorted(
        set(per_code) - set(study.code_places())
    )
    rows: list[CharacterRow] = []
    for code in order:
        sources = []
        pooled: Counter[Pattern] = Counter()
        first = None
        for tid in transcripts:
            found = per_code[code].get(tid)
            if found is None:
                n_chars = sum(
                    len(texts.get((tid, turn.n), ""))
                    for t in study.transcripts
                    if t.id == tid
                    for turn in t.turns
                    if turn.speaker in set(t.participant_ids)
                )
                found = Counter({tuple(0 for _ in coders_of[tid]): n_chars})
            sources.append(_figures(tid, coders_of[tid], found))
            first = first or coders_of[tid]
            if coders_of[tid] == first:
                pooled.update(found)
        rows.append(CharacterRow(code, tuple(sources), _figures(None, first or (), pooled)))
    coders_seen = list(dict.fromkeys(c for tid in transcripts for c in coders_of[tid]))
    return CharacterTable(coders_seen, transcripts, rows, unlocated)
