"""The JSON form of what the cache keeps of a transcript: its facts, digest and findings.

JSON, not pickle: an entry that someone planted or damaged can at worst be refused (the
decoders raise, and the cache treats that as a miss), never run code.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from sys import intern
from types import NoneType
from typing import Any

from ipatool.cache import decode_diagnostic as _undiag
from ipatool.cache import encode_diagnostic as _diag
from ipatool.diagnostics import Diagnostic, Span
from ipatool.models import TranscriptKind
from ipatool.study import (
    Coding,
    Evidence,
    Ref,
    TranscriptDigest,
    TranscriptFacts,
    Turns,
    turn_numbers,
)


def _ref(r: Ref) -> list[Any]:
    return [r.id, list(r.span)]


def _unref(v: list[Any]) -> Ref:
    return Ref(intern(v[0]), Span(*v[1]))


def _refs(refs: tuple[Ref, ...] | None) -> list[Any] | None:
    return None if refs is None else [_ref(r) for r in refs]


def _unrefs(data: list[Any] | None) -> tuple[Ref, ...] | None:
    return None if data is None else tuple(_unref(r) for r in data)


def encode_facts(facts: TranscriptFacts | None, diags: list[Diagnostic]) -> dict[str, Any]:
    """A JSON-ready form of a transcript's facts and single-file findings."""
    out: dict[str, Any] = {"diagnostics": [_diag(d) for d in diags], "facts": None}
    if facts is not None:
        out["facts"] = {
            "id": _ref(facts.id),
            "kind": facts.kind.value,
            "interviewers": _refs(facts.interviewers),
            "participants": _refs(facts.participants),
            "coded_by": _refs(facts.coded_by),
            "speakers": facts.speakers,
            "by": facts.by,
            "note_by": facts.note_by,
            "evidence": facts.evidence,
            "partial": facts.partial,
        }
    return out


def decode_facts(data: dict[str, Any], rel: str) -> tuple[TranscriptFacts | None, list[Diagnostic]]:
    """Facts and findings from their JSON form, for the file ``rel`` (identical files share an
    entry). Raises on a damaged entry."""
    diags = [_undiag(d, rel) for d in data["diagnostics"]]
    f = data["facts"]
    if f is None:
        return None, diags
    evidence = _evidence(f["evidence"])
    facts = TranscriptFacts(
        file=rel,
        id=_unref(f["id"]),
        kind=TranscriptKind(f["kind"]),
        interviewers=_unrefs(f["interviewers"]) or (),
        participants=_unrefs(f["participants"]) or (),
        coded_by=_unrefs(f["coded_by"]),
        speakers=_ids(f["speakers"]),
        codes=sorted({intern(code) for codes in evidence.values() for code in codes}),
        by=_ids(f["by"]),
        note_by=_ids(f["note_by"]),
        evidence=evidence,
        partial=bool(f["partial"]),
    )
    return facts, diags


def _ids(value: Any) -> list[str]:
    """A stored list of ids, interned (``intern`` refuses anything but a str)."""
    if type(value) is not list:
        raise TypeError("expected a list of ids")
    return list(map(intern, value))


def encode_digest(digest: TranscriptDigest) -> dict[str, Any]:
    """A JSON-ready form of a digest (the material of the tables). A coding's extract is left
    out when it is its quote, its coders are one string joined by ``+`` (which ids cannot
    contain), and turns are two parallel lists: less to decode."""
    return {
        "id": digest.id,
        "kind": digest.kind.value,
        "title": digest.title,
        "date": digest.date.isoformat() if digest.date else None,
        "duration_min": digest.duration_min,
        "interviewers": list(digest.interviewers),
        "participants": list(digest.participants),
        "coded_by": None if digest.coded_by is None else list(digest.coded_by),
        "turn_n": list(digest.turns.numbers),
        "turn_speaker": list(digest.turns.speakers),
        "codings": [
            [
                c.code,
                None if c.by is None else "+".join(c.by),
                c.turn,
                c.speaker,
                c.quote,
                None if c.quote is not None else c.extract,
                c.exemplar,
            ]
            for c in digest.codings
        ],
        "partial": digest.partial,
    }


def decode_digest(d: dict[str, Any], rel: str) -> TranscriptDigest:
    """A digest from its JSON form, for the file ``rel``. Raises on a damaged entry.

    Ids are interned (one object per distinct id in the whole study) and the work is done a
    column at a time by C-level maps, type checks included: a large study's codings and
    turns number in the hundreds of thousands."""
    ns, speakers = d["turn_n"], d["turn_speaker"]
    if type(ns) is not list or type(speakers) is not list or not _only(ns, int):
        raise TypeError("damaged turns")
    coded_by = d["coded_by"]
    return TranscriptDigest(
        file=rel,
        id=intern(d["id"]),
        kind=TranscriptKind(d["kind"]),
        title=d["title"],
        date=dt.date.fromisoformat(d["date"]) if d["date"] else None,
        duration_min=d["duration_min"],
        interviewers=_strings(d["interviewers"]),
        participants=_strings(d["participants"]),
        coded_by=None if coded_by is None else _strings(coded_by),
        turns=Turns(turn_numbers(ns), list(map(intern, speakers))),
        codings=_codings(d["codings"]),
        partial=bool(d["partial"]),
    )


def _only(values: Iterable[Any], *kinds: type) -> bool:
    """Is every value of exactly one of these types (not a subclass: no bool for int)?"""
    return set(map(type, values)) <= set(kinds)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(_ids(value))


def _coders(key: Any) -> tuple[str, ...] | None:
    """The coders of a stored ``by`` key (None: every coder of the transcript)."""
    if key is None:
        return None
    if type(key) is not str:
        raise TypeError("damaged coders")
    return tuple(map(intern, key.split("+"))) if key else ()


_NEW_CODING: Callable[[Iterable[Any]], Coding] = functools.partial(tuple.__new__, Coding)
"""A coding from its seven fields in order, made in C (``Coding._make`` without its length
check, which :func:`_codings` does for every row at once)."""


def _codings(rows: Any) -> list[Coding]:
    """The codings of a stored digest, refused (TypeError) unless every row holds seven values
    of the right types: a planted or damaged entry must be read again from its file."""
    if type(rows) is not list:
        raise TypeError("damaged codings")
    if not rows:
        return []
    if set(map(len, rows)) != {7}:
        raise TypeError("damaged codings")
    codes, keys, turns, speakers, quotes, extracts, exemplars = zip(*rows, strict=True)
    if not (
        _only(turns, int)
        and _only(quotes, str, NoneType)
        and _only(extracts, str, NoneType)
        and _only(exemplars, bool)
    ):
        raise TypeError("damaged codings")
    if extracts.count(None) == len(extracts):  # every extract is its quote
        extracts = quotes
    else:
        extracts = tuple(q if e is None else e for q, e in zip(quotes, extracts, strict=True))
    if None in extracts:
        raise TypeError("damaged codings")  # a coding with neither quote nor extract
    coders = {key: _coders(key) for key in set(keys)}
    return list(
        map(
            _NEW_CODING,
            zip(
                map(intern, codes),
                map(coders.__getitem__, keys),
                turns,
                map(intern, speakers),
                quotes,
                extracts,
                exemplars,
                strict=True,
            ),
        )
    )


def _evidence(data: Any) -> Evidence:
    """Evidence from JSON, refused (TypeError) unless it has exactly the expected shape. Its
    speakers are interned in place (``intern`` refuses anything but a str); its keys, which
    JSON decoding already shares, are checked."""
    if type(data) is not dict:
        raise TypeError("evidence is not a mapping")
    kinds: set[type] = set(map(type, data))
    for codes in data.values():
        if type(codes) is not dict:
            raise TypeError("evidence is damaged")
        kinds.update(map(type, codes))
        for speakers in codes.values():
            if type(speakers) is not list:
                raise TypeError("evidence is damaged")
            speakers[:] = map(intern, speakers)
    if kinds - {str}:
        raise TypeError("evidence is damaged")
    return data
