"""The on-disk cache of a study (``STUDY/.ipatool-cache/``): JSON values kept by content hash.

Keyed by the SHA-256 of a file's bytes with the ipatool version and cache format: each
transcript's facts and single-file findings (all in one file, read at once) and its digest (a
file each), the small files' validated content, the last whole run's findings, and the content
keys of the files ``fmt`` found tidy. An index of (size, mtime, inode) per path spares hashing
an unchanged file. The folder ignores itself in git (it holds a ``.gitignore`` of ``*``).

The warm path (:mod:`ipatool.cli.warm`) imports this module but neither Pydantic nor the
models: only :func:`decode_facts` and :func:`decode_digest` import them, as they run. JSON,
not pickle: a planted or damaged file can at worst be ignored, never run code; anything not
exactly as this version writes it reads as a miss (the decoders check every value's type).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from ipatool import __version__
from ipatool.diagnostics import Diagnostic, Severity, Span
from ipatool.files import atomic_write

if TYPE_CHECKING:  # at run time, only the decoders import the models (see above)
    from ipatool.read.study import Evidence, Ref, TranscriptDigest, TranscriptFacts

CACHE_DIR = ".ipatool-cache"
FORMAT = 11  # 8: strict booleans (a cached `exemplar: yes` was read as true); 9: experiential
# statements in facts and digests; 11: the turns with conceptual notes in digests, titles in facts
_INDEX = "index.json"
_RESULT = "result.json"
_FACTS = "facts.json"
_SMALL = "small.json"
_TIDY = "tidy.json"
_DIGEST_SUFFIX = ".digest.json"

Damaged = (OSError, ValueError, KeyError, TypeError, IndexError)
"""What reading a missing, damaged or planted entry can raise: each is a miss."""

Entry: TypeAlias = "tuple[TranscriptFacts | None, TranscriptDigest | None, list[Diagnostic]]"
"""What was read of one transcript: its facts, its digest (when asked for), its findings."""


class DigestCache:
    """The cache folder of one study: content keys, and the JSON stored under them."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.salt = f"ipatool {__version__} cache {FORMAT}\n".encode()
        indexed = self._read_store(_INDEX, "files")
        self.index: dict[str, list[Any]] = {r: e for r, e in indexed.items() if _indexed(e)}
        self.dirty = False
        self._facts: dict[str, Any] | None = None
        self._facts_foreign = False
        """The facts file on disk was not this version's (other ipatool, other format, damaged)."""
        self.facts_dirty = False
        self._small: dict[str, Any] | None = None
        self.small_dirty = False
        self._tidy: dict[str, Any] | None = None
        self.tidy_dirty = False

    def content_key(self, raw: bytes) -> str:
        """The key of a file's bytes (with this ipatool version and cache format)."""
        return hashlib.sha256(self.salt + raw).hexdigest()

    def key_for(self, path: Path, rel: str) -> str | None:
        """A file's content key: from the index when its size, mtime and inode are unchanged
        (as git's index does), else its bytes hashed again."""
        try:
            st = path.stat()
        except OSError:
            return None
        known = self.index.get(rel)
        stat = [st.st_size, st.st_mtime_ns, st.st_ino]
        if known and known[:3] == stat:
            return str(known[3])
        try:
            key = self.content_key(path.read_bytes())
        except OSError:
            return None
        self.index[rel] = [*stat, key]
        self.dirty = True
        return key

    # A transcript's entries: its facts and findings, and its digest

    def read_entry(self, key: str, rel: str, *, digest: bool) -> Entry | None:
        """The facts and findings stored under a content key (as file ``rel``), and the digest
        when ``digest`` is asked for; None when anything needed is missing or damaged."""
        stored = self._facts_store().get(key)
        if stored is None:
            return None
        try:
            facts, diags = decode_facts(stored, rel)
            made = decode_digest(_read_json(self._digest_path(key)), rel) if digest else None
        except Damaged:
            return None
        return facts, made, diags

    def write_entry(self, key: str, entry: Entry) -> None:
        """Store what was read of a transcript (its digest now, its facts by :meth:`save`)."""
        facts, digest, diags = entry
        self._facts_store()[key] = encode_facts(facts, diags)
        self.facts_dirty = True
        if digest is not None:
            self._write(self._digest_path(key), _dump_json(encode_digest(digest)))

    def _digest_path(self, key: str) -> Path:
        return self.folder / key[:2] / (key + _DIGEST_SUFFIX)

    def _facts_store(self) -> dict[str, Any]:
        """Every transcript's facts and findings by content key, in one file read at once."""
        if self._facts is None:
            self._facts = self._read_store(_FACTS, "entries")
            self._facts_foreign = not self._facts and (self.folder / _FACTS).exists()
        return self._facts

    # The settings, participants and themes files

    def get_small(self, name: str, key: str) -> Any | None:
        """The validated content stored for a small file with content key ``key``, or None."""
        entry = self._small_store().get(name)
        if isinstance(entry, dict) and entry.get("key") == key:
            return entry.get("data")
        return None

    def put_small(self, name: str, key: str, data: Any) -> None:
        """Remember the validated content of a small file that loaded without a finding."""
        self._small_store()[name] = {"key": key, "data": data}
        self.small_dirty = True

    def _small_store(self) -> dict[str, Any]:
        """The small files' validated content by file name, with each file's content key."""
        if self._small is None:
            self._small = self._read_store(_SMALL, "files")
        return self._small

    # What ``fmt`` found already tidy

    def tidy(self) -> dict[str, str]:
        """The key of each file's content when ``fmt`` last found it tidy, by path (the caller
        says what the key covers); empty when missing, damaged or of another version."""
        if self._tidy is None:
            stored = self._read_store(_TIDY, "files")
            self._tidy = {k: v for k, v in stored.items() if isinstance(v, str)}
        return self._tidy

    def set_tidy(self, rel: str, key: str | None) -> None:
        """Remember that the content with ``key`` of file ``rel`` is tidy (None: forget it)."""
        store = self.tidy()
        if store.get(rel) != key:
            if key is None:
                store.pop(rel, None)
            else:
                store[rel] = key
            self.tidy_dirty = True

    def save_tidy(self, present: set[str]) -> None:
        """Write what is known tidy (files no longer in the study dropped), where changed."""
        store = self.tidy()
        stale = set(store) - present
        for rel in stale:
            del store[rel]
        if (self.tidy_dirty or stale) and self._write_store(_TIDY, "files", store):
            self.tidy_dirty = False

    # The findings of a whole run

    def result_key(
        self, root: Path, context: list[str], transcripts: list[tuple[str, str]]
    ) -> str | None:
        """A key for a whole study's findings: every file's content, in order. None when a
        file cannot be read (the full run then says why)."""
        digest = hashlib.sha256(self.salt)
        for name in context:
            try:
                digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
            except FileNotFoundError:
                digest.update(name.encode() + b"\0<missing>\0")
            except OSError:
                return None
        for rel, key in transcripts:
            digest.update(f"{rel}\0{key}\0".encode())
        return digest.hexdigest()

    def get_result(self, key: str) -> tuple[list[str], list[Diagnostic]] | None:
        """The files and findings of a previous run on exactly the same files, or None."""
        try:
            data = _read_json(self.folder / _RESULT)
            if data["key"] != key:
                return None
            files = [str(f) for f in data["files"]]
            return files, [decode_diagnostic(d, d[0]) for d in data["diagnostics"]]
        except Damaged:
            return None

    def put_result(self, key: str, files: list[str], diags: list[Diagnostic]) -> None:
        """Remember a whole run's findings."""
        payload = {"key": key, "files": files, "diagnostics": [encode_diagnostic(d) for d in diags]}
        self._write(self.folder / _RESULT, _dump_json(payload))

    # Reading and writing the folder

    def _read_store(self, name: str, field: str) -> dict[str, Any]:
        """The mapping under ``field`` in file ``name``; empty if missing, damaged or foreign."""
        with contextlib.suppress(OSError, ValueError):
            loaded = _read_json(self.folder / name)
            if isinstance(loaded, dict) and loaded.get("salt") == self.salt.decode():
                found = loaded.get(field)
                if isinstance(found, dict):
                    return found
        return {}

    def save(self, present: set[str]) -> None:
        """Write the index, the facts (of files still in the study) and small files, if changed."""
        stale = set(self.index) - present
        for rel in stale:
            del self.index[rel]
        if self.small_dirty and self._write_store(_SMALL, "files", self._small_store()):
            self.small_dirty = False
        if not (self.dirty or stale or self.facts_dirty):
            return
        index = json.dumps({"salt": self.salt.decode(), "files": self.index}, sort_keys=True)
        if not self._write(self.folder / _INDEX, index) or self._facts is None:
            return
        keys = {str(entry[3]) for entry in self.index.values()}
        entries = {k: v for k, v in self._facts.items() if k in keys}
        gone = self._facts_foreign or len(entries) < len(self._facts)  # some file's entry went
        if self._write_store(_FACTS, "entries", entries) and gone:
            with contextlib.suppress(OSError):
                self._drop_digests(keep=keys)

    def _write_store(self, name: str, field: str, mapping: dict[str, Any]) -> bool:
        """Write ``mapping`` under ``field`` in the cache file ``name``, for :meth:`_read_store`."""
        salted = {"salt": self.salt.decode(), field: mapping}
        return self._write(self.folder / name, _dump_json(salted))

    def _write(self, path: Path, text: str) -> bool:
        """Write a cache file; False when it cannot be (the cache is then silently skipped)."""
        try:
            self._ensure_folder()
            atomic_write(path, text, durable=False)
        except OSError:
            return False
        return True

    def _drop_digests(self, keep: set[str]) -> None:
        """Delete the stored digests of files no longer in the study, of earlier versions of a
        file, or of another ipatool version, so that the cache does not grow with every edit."""
        for sub in self.folder.iterdir():
            if len(sub.name) != 2 or not sub.is_dir() or sub.is_symlink():
                continue
            for entry in sub.iterdir():
                name = entry.name
                if name.endswith(_DIGEST_SUFFIX) and name[: -len(_DIGEST_SUFFIX)] not in keep:
                    with contextlib.suppress(OSError):
                        entry.unlink()

    def _ensure_folder(self) -> None:
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / ".gitignore").write_text("# created by ipatool\n*\n", encoding="utf-8")


def _indexed(entry: Any) -> bool:
    """Whether an index entry is (size, mtime_ns, inode, content key), as this version writes."""
    return (
        isinstance(entry, list)
        and len(entry) == 4
        and all(type(v) is int for v in entry[:3])
        and isinstance(entry[3], str)
    )


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def encode_diagnostic(d: Diagnostic) -> list[Any]:
    """A finding as a JSON list (its fields in order)."""
    return [d.file, list(d.span), d.severity.value, d.code, d.slug, d.message, d.hint]


def decode_diagnostic(v: list[Any], rel: str) -> Diagnostic:
    """A finding from its JSON list, as one of the file ``rel``; raises when damaged."""
    _file, span, severity, code, slug, message, hint = v
    return Diagnostic(rel, Span(*span), Severity(severity), code, slug, message, hint)


# What a transcript's entries hold: its facts and findings, and its digest


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
    """Facts and findings from JSON, for the file ``rel`` (identical files share an entry)."""
    # here, not at the top: the models import Pydantic, which a warm run must not load
    from ipatool.read.models import TranscriptKind
    from ipatool.read.study import Ref, StatementRef, TranscriptFacts

    diags = [decode_diagnostic(d, rel) for d in data["diagnostics"]]
    f = data["facts"]
    if f is None:
        return None, diags
    evidence = _checked_evidence(f["evidence"])
    coded_by, title = f["coded_by"], f["title"]
    facts = TranscriptFacts(
        file=rel,
        id=Ref(*_ref(f["id"])),
        kind=TranscriptKind(f["kind"]),
        interviewers=tuple(Ref(*_ref(r)) for r in _list(f["interviewers"])),
        participants=tuple(Ref(*_ref(r)) for r in _list(f["participants"])),
        coded_by=None if coded_by is None else tuple(Ref(*_ref(r)) for r in _list(coded_by)),
        speakers=_ids(f["speakers"]),
        codes=sorted({code for codes in evidence.values() for code in codes}),
        by=_ids(f["by"]),
        note_by=_ids(f["note_by"]),
        evidence=evidence,
        partial=bool(f["partial"]),
        statements=[StatementRef(*_statement_ref(row)) for row in _list(f["statements"])],
        title=None if title is None else Ref(*_ref(title)),
    )
    return facts, diags


def _encode_ref(r: Ref) -> list[Any]:
    return [r.id, list(r.span)]


def _encode_refs(refs: tuple[Ref, ...]) -> list[Any]:
    return [_encode_ref(r) for r in refs]


def _ref(v: list[Any]) -> tuple[str, Span]:
    """A :class:`Ref`'s fields from its stored pair (an id, where it is written)."""
    ident, span = v
    return _id(ident), Span(*span)


def _statement_ref(row: Any) -> tuple[str, int, str, Span]:
    """A :class:`StatementRef`'s fields from its stored row."""
    ident, turn, speaker, span = _list(row)
    return _id(ident), _int(turn), _id(speaker), Span(*_list(span))


def _checked_evidence(data: Any) -> Evidence:
    """Evidence (``by`` key -> code -> speakers) from JSON, refused (TypeError) unless it has
    exactly that shape, every key and speaker a string."""
    if type(data) is not dict or any(type(codes) is not dict for codes in data.values()):
        raise TypeError("evidence is damaged")
    for key, codes in data.items():
        _id(key)
        for code, speakers in codes.items():
            _id(code)
            _ids(speakers)
    return data


def encode_digest(digest: TranscriptDigest) -> dict[str, Any]:
    """A digest as JSON: an extract left out (None) when it is its quote, a coding's coders one
    string joined by ``+`` (which ids cannot contain), turns two lists (numbers, speakers)."""
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
    """A digest from JSON, for the file ``rel``."""
    # here, not at the top: a warm run loads neither the models (they import Pydantic) nor datetime
    import datetime as dt

    from ipatool.read.models import TranscriptKind
    from ipatool.read.study import Coding, StatementText, TranscriptDigest, TurnInfo

    numbers, speakers = _list(d["turn_n"]), _ids(d["turn_speaker"])
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
        turns=tuple(TurnInfo(_int(n), s) for n, s in zip(numbers, speakers, strict=True)),
        codings=[Coding(*_coding(row)) for row in _list(d["codings"])],
        partial=bool(d["partial"]),
        statements=[StatementText(*_statement(row)) for row in _list(d["statements"])],
        conceptual_turns=tuple(_int(n) for n in _list(d["conceptual"])),
    )


def _coding(row: Any) -> tuple[str, tuple[str, ...] | None, int, str, str | None, str, bool]:
    """A :class:`Coding`'s fields from its stored row, each of exactly its type."""
    code, by, turn, speaker, quote, extract, exemplar = _list(row)
    if type(exemplar) is not bool:
        raise TypeError("damaged coding")
    coders = None if by is None else (tuple(_id(by).split("+")) if by else ())  # None: every coder
    return _id(code), coders, _int(turn), _id(speaker), *_words(quote, extract), exemplar


def _statement(row: Any) -> tuple[str, int, str, str, str | None, str]:
    """A :class:`StatementText`'s fields from its stored row, each of exactly its type."""
    ident, turn, speaker, text, quote, extract = _list(row)
    return _id(ident), _int(turn), _id(speaker), _text(text), *_words(quote, extract)


def _words(quote: Any, extract: Any) -> tuple[str | None, str]:
    """A stored quote and extract (None: the quote); text or None each, not both None."""
    if quote is not None:
        _text(quote)
    if extract is None:
        if quote is None:
            raise TypeError("neither quote nor extract")
        extract = quote
    return quote, _text(extract)


# Checked values: exactly the type written (no bool for int), else TypeError (a miss)


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
    return [_id(v) for v in _list(value)]
