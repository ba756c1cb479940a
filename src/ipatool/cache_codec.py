"""The JSON form of what the cache keeps of a transcript: its facts, digest and findings.

JSON, not pickle: an entry that someone planted or damaged can at worst be refused (the
decoders raise, and the cache treats that as a miss), never run code.
"""

from __future__ import annotations

import datetime as dt
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
    TurnInfo,
)


def _ref(r: Ref) -> list[Any]:
    return [r.id, list(r.span)]


def _unref(v: list[Any]) -> Ref:
    return Ref(v[0], Span(*v[1]))


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
        speakers=[str(x) for x in f["speakers"]],
        codes=sorted({code for codes in evidence.values() for code in codes}),
        by=[str(x) for x in f["by"]],
        note_by=[str(x) for x in f["note_by"]],
        evidence=evidence,
        partial=bool(f["partial"]),
    )
    return facts, diags


def encode_digest(digest: TranscriptDigest) -> dict[str, Any]:
    """A JSON-ready form of a digest (the material of the tables). A coding's extract is left
    out when it is its quote, its coders are one string joined by ``+`` (which ids cannot contain), and turns are two
    parallel lists: less to decode."""
    return {
        "id": digest.id,
        "kind": digest.kind.value,
        "title": digest.title,
        "date": digest.date.isoformat() if digest.date else None,
        "duration_min": digest.duration_min,
        "interviewers": list(digest.interviewers),
        "participants": list(digest.participants),
        "coded_by": None if digest.coded_by is None else list(digest.coded_by),
        "turn_n": [t.n for t in digest.turns],
        "turn_speaker": [t.speaker for t in digest.turns],
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


def _strings(value: Any) -> tuple[str, ...]:
    if type(value) is not list or not all(type(v) is str for v in value):
        raise TypeError("expected a list of ids")
    return tuple(value)


def _coders(known: dict[str, tuple[str, ...]], key: str) -> tuple[str, ...]:
    """The coders of a stored ``by`` key, made once per distinct key."""
    if type(key) is not str:
        raise TypeError("damaged coders")
    made = known[key] = tuple(key.split("+")) if key else ()
    return made


def decode_digest(d: dict[str, Any], rel: str) -> TranscriptDigest:
    """A digest from its JSON form, for the file ``rel``. Raises on a damaged entry."""
    ns, speakers = d["turn_n"], d["turn_speaker"]
    if type(ns) is not list or type(speakers) is not list or len(ns) != len(speakers):
        raise TypeError("damaged turns")
    known: dict[str, tuple[str, ...]] = {}
    codings = [
        Coding(
            code,
            None if by is None else known.get(by) or _coders(known, by),
            turn,
            speaker,
            quote,
            quote if extract is None else extract,
            exemplar,
        )
        for code, by, turn, speaker, quote, extract, exemplar in d["codings"]
    ]
    _check_types(ns, speakers, codings)
    coded_by = d["coded_by"]
    return TranscriptDigest(
        file=rel,
        id=str(d["id"]),
        kind=TranscriptKind(d["kind"]),
        title=d["title"],
        date=dt.date.fromisoformat(d["date"]) if d["date"] else None,
        duration_min=d["duration_min"],
        interviewers=_strings(d["interviewers"]),
        participants=_strings(d["participants"]),
        coded_by=None if coded_by is None else _strings(coded_by),
        turns=list(map(TurnInfo, ns, speakers)),
        codings=codings,
        partial=bool(d["partial"]),
    )


def _check_types(ns: list[Any], speakers: list[Any], codings: list[Coding]) -> None:
    """Refuse (TypeError) a digest whose turns or codings hold values of the wrong type: a
    planted or damaged entry must be read again from its file, not break a table."""
    if not (
        all(type(n) is int for n in ns)
        and all(type(s) is str for s in speakers)
        and all(
            type(c.code) is str
            and type(c.turn) is int
            and type(c.speaker) is str
            and type(c.extract) is str
            and type(c.exemplar) is bool
            and (c.quote is None or type(c.quote) is str)
            for c in codings
        )
    ):
        raise TypeError("damaged digest")


def _evidence(data: Any) -> Evidence:
    """Evidence from JSON, refused (TypeError) unless it has exactly the expected shape."""
    if type(data) is not dict:
        raise TypeError("evidence is not a mapping")
    kinds: set[type] = set()
    for key, codes in data.items():
        kinds.add(type(key))
        if type(codes) is not dict:
            raise TypeError("evidence is damaged")
        kinds.update(map(type, codes))
        for speakers in codes.values():
            if type(speakers) is not list:
                raise TypeError("evidence is damaged")
            kinds.update(map(type, speakers))
    if kinds - {str}:
        raise TypeError("evidence is damaged")
    return data
