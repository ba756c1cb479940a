"""What the cache keeps of a transcript: its facts, digest and findings, as JSON.

:mod:`ipatool.read.cache` stores JSON values by content key; this module says what a transcript's
entries hold, and reads and writes them through it (one way: the store never imports this).

JSON, not pickle: an entry that someone planted or damaged can at worst be refused (every
decoder checks the exact shape and raises, and :func:`read_entry` treats that as a miss), never
run code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ipatool.diagnostics import Diagnostic, Span
from ipatool.read.cache import Damaged, DigestCache, decode_diagnostic, encode_diagnostic
from ipatool.read.models import TranscriptKind
from ipatool.read.study import (
    Coding,
    Evidence,
    Ref,
    StatementRef,
    StatementText,
    TranscriptDigest,
    TranscriptFacts,
    TurnInfo,
)

Entry = tuple[TranscriptFacts | None, TranscriptDigest | None, list[Diagnostic]]
"""What was read of one transcript: its facts, its digest (when asked for), its findings."""


def read_entry(cache: DigestCache, key: str, rel: str, *, digest: bool) -> Entry | None:
    """What the cache holds for a content key (as file ``rel``): facts and findings, and the
    digest when ``digest`` is asked for. None when anything needed is missing or damaged."""
    stored = cache.facts_entry(key)
    if stored is None:
        return None
    try:
        facts, diags = decode_facts(stored, rel)
        made = decode_digest(cache.digest_entry(key), rel) if digest else None
    except Damaged:
        return None
    if digest and made is None and facts is not None:
        return None
    return facts, made, diags


def write_entry(
    cache: DigestCache,
    key: str,
    facts: TranscriptFacts | None,
    digest: TranscriptDigest | None,
    diags: list[Diagnostic],
) -> None:
    """Store what was read of a transcript (a cache that cannot be written is skipped)."""
    cache.put_facts_entry(key, encode_facts(facts, diags))
    if digest is not None:
        cache.put_digest_entry(key, encode_digest(digest))


# Facts


def encode_facts(facts: TranscriptFacts | None, diags: list[Diagnostic]) -> dict[str, Any]:
    """A JSON-ready form of a transcript's facts and single-file findings."""
    out: dict[str, Any] = {"diagnostics": [encode_diagnostic(d) for d in diags], "facts": None}
    if facts is not None:
        out["facts"] = {
            "id": _encode_ref(facts.id),
            "kind": facts.kind.value,
            "interviewers": _encode_refs(facts.interviewers),
            "participants": _encode_refs(facts.participants),
            "coded_by": None if facts.coded_by is None else _encode_refs(facts.coded_by),
            "speakers": facts.speakers,
            "by": facts.by,
            "note_by": facts.note_by,
            "evidence": facts.evidence,
            "partial": facts.partial,
            "statements": [[s.id, s.turn, s.speaker, list(s.span)] for s in facts.statements],
            "title": None if facts.title is None else _encode_ref(facts.title),
        }
    return out


def decode_facts(data: dict[str, Any], rel: str) -> tuple[TranscriptFacts | None, list[Diagnostic]]:
    """Facts and findings from their JSON form, for the file ``rel`` (identical files share an
    entry). Raises on a damaged entry."""
    diags = [decode_diagnostic(d, rel) for d in data["diagnostics"]]
    f = data["facts"]
    if f is None:
        return None, diags
    evidence = _decode_evidence(f["evidence"])
    coded_by = f["coded_by"]
    title = f["title"]
    facts = TranscriptFacts(
        file=rel,
        id=_decode_ref(f["id"]),
        kind=TranscriptKind(f["kind"]),
        interviewers=_decode_refs(f["interviewers"]),
        participants=_decode_refs(f["participants"]),
        coded_by=None if coded_by is None else _decode_refs(coded_by),
        speakers=_ids(f["speakers"]),
        codes=sorted({code for codes in evidence.values() for code in codes}),
        by=_ids(f["by"]),
        note_by=_ids(f["note_by"]),
        evidence=evidence,
        partial=bool(f["partial"]),
        statements=[_decode_statement_ref(row) for row in _list(f["statements"])],
        title=None if title is None else _decode_ref(title),
    )
    return facts, diags


def _decode_statement_ref(row: Any) -> StatementRef:
    ident, turn, speaker, span = _list(row)
    return StatementRef(_id(ident), _int(turn), _id(speaker), Span(*_list(span)))


def _encode_ref(r: Ref) -> list[Any]:
    return [r.id, list(r.span)]


def _encode_refs(refs: tuple[Ref, ...]) -> list[Any]:
    return [_encode_ref(r) for r in refs]


def _decode_ref(v: list[Any]) -> Ref:
    ident, span = v
    return Ref(_id(ident), Span(*span))


def _decode_refs(data: Any) -> tuple[Ref, ...]:
    return tuple(_decode_ref(r) for r in _list(data))


def _decode_evidence(data: Any) -> Evidence:
    """Evidence (``by`` key -> code -> speakers) from JSON, refused (TypeError) unless it has
    exactly that shape, every key and speaker a string."""
    if type(data) is not dict:
        raise TypeError("evidence is not a mapping")
    for key, codes in data.items():
        _id(key)
        if type(codes) is not dict:
            raise TypeError("evidence is damaged")
        for code, speakers in codes.items():
            _id(code)
            _ids(speakers)
    return data


# Digests


def encode_digest(digest: TranscriptDigest) -> dict[str, Any]:
    """A JSON-ready form of a digest (the material of the tables). A coding's extract is left
    out when it is its quote, its coders are one string joined by ``+`` (which ids cannot
    contain), and turns are two parallel lists of numbers and speakers."""
    return {
        "id": digest.id,
        "kind": digest.kind.value,
        "title": digest.title,
        "date": digest.date.isoformat() if digest.date else None,
        "duration_min": digest.duration_min,
        "interviewers": list(digest.interviewers),
        "participants": list(digest.participants),
        "coded_by": None if digest.coded_by is None else list(digest.coded_by),
        "turn_n": [turn.n for turn in digest.turns],
        "turn_speaker": [turn.speaker for turn in digest.turns],
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
        "statements": [
            [s.id, s.turn, s.speaker, s.text, s.quote, None if s.quote is not None else s.extract]
            for s in digest.statements
        ],
        "conceptual": list(digest.conceptual_turns),
    }


def decode_digest(d: dict[str, Any], rel: str) -> TranscriptDigest:
    """A digest from its JSON form, for the file ``rel``. Raises on a damaged entry."""
    numbers, speakers = _list(d["turn_n"]), _ids(d["turn_speaker"])
    if len(numbers) != len(speakers):
        raise ValueError("turn numbers and speakers differ in length")
    coded_by = d["coded_by"]
    return TranscriptDigest(
        file=rel,
        id=_id(d["id"]),
        kind=TranscriptKind(d["kind"]),
        title=d["title"],
        date=dt.date.fromisoformat(d["date"]) if d["date"] else None,
        duration_min=d["duration_min"],
        interviewers=tuple(_ids(d["interviewers"])),
        participants=tuple(_ids(d["participants"])),
        coded_by=None if coded_by is None else tuple(_ids(coded_by)),
        turns=tuple(
            TurnInfo(_int(n), speaker) for n, speaker in zip(numbers, speakers, strict=True)
        ),
        codings=[_decode_coding(row) for row in _list(d["codings"])],
        partial=bool(d["partial"]),
        statements=[_decode_statement(row) for row in _list(d["statements"])],
        conceptual_turns=tuple(_int(n) for n in _list(d["conceptual"])),
    )


def _decode_statement(row: Any) -> StatementText:
    """A statement from its stored row of six values (its extract left out when it is its
    quote), refused (TypeError) unless each is of the right type."""
    ident, turn, speaker, text, quote, extract = _list(row)
    if quote is not None:
        _text(quote)
    if extract is None:
        if quote is None:
            raise TypeError("a statement with neither quote nor extract")
        extract = quote
    return StatementText(_id(ident), _int(turn), _id(speaker), _text(text), quote, _text(extract))


def _decode_coding(row: Any) -> Coding:
    """A coding from its stored row of seven values, refused (TypeError) unless each is of
    the right type: a planted or damaged entry must be read again from its file."""
    code, by, turn, speaker, quote, extract, exemplar = _list(row)
    if quote is not None:
        _text(quote)
    if extract is None:
        if quote is None:
            raise TypeError("a coding with neither quote nor extract")
        extract = quote
    if type(exemplar) is not bool:
        raise TypeError("damaged coding")
    return Coding(
        code=_id(code),
        by=_decode_coders(by),
        turn=_int(turn),
        speaker=_id(speaker),
        quote=quote,
        extract=_text(extract),
        exemplar=exemplar,
    )


def _decode_coders(key: Any) -> tuple[str, ...] | None:
    """The coders of a stored ``by`` key (None: every coder of the transcript)."""
    if key is None:
        return None
    return tuple(_id(key).split("+")) if key else ()


# Checked values: exactly the type written (no bool for int), else TypeError


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise TypeError("expected a list")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("expected a whole number")
    return value


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("expected text")
    return value


_id = _text
"""An id: text (ids are checked when a file is read, not again here)."""


def _ids(value: Any) -> list[str]:
    """A stored list of ids."""
    return [_id(v) for v in _list(value)]
