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
    NoteInfo,
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
    """A JSON-ready form of a digest (the material of the tables)."""
    return {
        "id": _ref(digest.id),
        "kind": digest.kind.value,
        "title": digest.title,
        "date": digest.date.isoformat() if digest.date else None,
        "duration_min": digest.duration_min,
        "interviewers": _refs(digest.interviewers),
        "participants": _refs(digest.participants),
        "coded_by": _refs(digest.coded_by),
        "turns": [[t.n, _ref(t.speaker)] for t in digest.turns],
        "codings": [
            [_ref(c.code), _refs(c.by), c.turn, c.speaker, c.quote, c.extract, c.exemplar]
            for c in digest.codings
        ],
        "notes": [
            [n.turn, n.kind, n.text, None if n.by is None else _ref(n.by)] for n in digest.notes
        ],
        "partial": digest.partial,
    }


def decode_digest(d: dict[str, Any], rel: str) -> TranscriptDigest:
    """A digest from its JSON form, for the file ``rel``. Raises on a damaged entry."""
    return TranscriptDigest(
        file=rel,
        id=_unref(d["id"]),
        kind=TranscriptKind(d["kind"]),
        title=d["title"],
        date=dt.date.fromisoformat(d["date"]) if d["date"] else None,
        duration_min=d["duration_min"],
        interviewers=_unrefs(d["interviewers"]) or (),
        participants=_unrefs(d["participants"]) or (),
        coded_by=_unrefs(d["coded_by"]),
        turns=[TurnInfo(n, _unref(s)) for n, s in d["turns"]],
        codings=[
            Coding(_unref(code), _unrefs(by), turn, speaker, quote, extract, exemplar)
            for code, by, turn, speaker, quote, extract, exemplar in d["codings"]
        ],
        notes=[
            NoteInfo(turn, kind, text, None if by is None else _unref(by))
            for turn, kind, text, by in d["notes"]
        ],
        partial=d["partial"],
    )


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
