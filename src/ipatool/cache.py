"""A cache of read transcripts, so an unchanged file is never parsed twice.

Each transcript's facts and single-file findings (what ``validate`` needs), and its digest
(what the tables need), are stored as JSON under ``STUDY/.ipatool-cache/``, keyed by the SHA-256 of the file's bytes together with the ipatool
version and the cache format. An index of (size, mtime) per path lets an unchanged file skip
even the hashing. Cross-file checks are never cached: they always run on the whole study.
The folder ignores itself in git (it holds a ``.gitignore`` of ``*``). JSON, not pickle: a
cache file that someone planted or damaged can at worst be ignored, never run code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ipatool import __version__
from ipatool.diagnostics import Diagnostic, Severity, Span
from ipatool.fsutil import atomic_write
from ipatool.models import TranscriptKind
from ipatool.study import Coding, NoteInfo, Ref, TranscriptDigest, TranscriptFacts, TurnInfo

CACHE_DIR = ".ipatool-cache"
FORMAT = 2
_INDEX = "index.json"
_RESULT = "result.json"

Entry = tuple[TranscriptFacts | None, TranscriptDigest | None, list[Diagnostic]]


class DigestCache:
    """Digests of transcript files by content hash, stored in the study's cache folder."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.salt = f"ipatool {__version__} cache {FORMAT}\n".encode()
        self.index: dict[str, list[Any]] = {}
        self.dirty = False
        self.hits = 0
        self.misses = 0
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads((self.folder / _INDEX).read_text(encoding="utf-8"))
            if isinstance(loaded, dict) and loaded.get("salt") == self.salt.decode():
                files = loaded.get("files")
                if isinstance(files, dict):
                    self.index = {
                        rel: entry
                        for rel, entry in files.items()
                        if isinstance(entry, list)
                        and len(entry) == 3
                        and isinstance(entry[0], int)
                        and isinstance(entry[1], int)
                        and isinstance(entry[2], str)
                    }

    def key_for(self, path: Path, rel: str) -> str | None:
        """The content key of a file, from the index when its size and mtime are unchanged."""
        try:
            st = path.stat()
        except OSError:
            return None
        known = self.index.get(rel)
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
            return str(known[2])
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        key = hashlib.sha256(self.salt + raw).hexdigest()
        self.index[rel] = [st.st_size, st.st_mtime_ns, key]
        self.dirty = True
        return key

    def get(self, key: str, rel: str, *, digest: bool) -> Entry | None:
        """What was stored for a content key (as file ``rel``): facts and findings, and the
        digest when ``digest`` is asked for. None when anything needed is missing or damaged."""
        base = self.folder / key[:2] / key
        try:
            facts, diags = decode_facts(_read_json(base.with_suffix(".facts.json")), rel)
            made = (
                decode_digest(_read_json(base.with_suffix(".digest.json")), rel) if digest else None
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            self.misses += 1
            return None
        if digest and made is None and facts is not None:
            self.misses += 1
            return None
        self.hits += 1
        return facts, made, diags

    def put(
        self,
        key: str,
        facts: TranscriptFacts | None,
        digest: TranscriptDigest | None,
        diags: list[Diagnostic],
    ) -> None:
        """Store what was read of a file; a cache that cannot be written is silently skipped."""
        base = self.folder / key[:2] / key
        with contextlib.suppress(OSError):
            self._ensure_folder()
            atomic_write(base.with_suffix(".facts.json"), _dump(encode_facts(facts, diags)))
            if digest is not None:
                atomic_write(base.with_suffix(".digest.json"), _dump(encode_digest(digest)))

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
            return files, [_undiag(d, d[0]) for d in data["diagnostics"]]
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def put_result(self, key: str, files: list[str], diags: list[Diagnostic]) -> None:
        """Remember a whole run's findings (skipped silently when the cache cannot be written)."""
        with contextlib.suppress(OSError):
            self._ensure_folder()
            payload = {"key": key, "files": files, "diagnostics": [_diag(d) for d in diags]}
            atomic_write(self.folder / _RESULT, _dump(payload))

    def save(self, present: set[str]) -> None:
        """Write the index (dropping files no longer in the study)."""
        stale = set(self.index) - present
        for rel in stale:
            del self.index[rel]
        if not (self.dirty or stale):
            return
        with contextlib.suppress(OSError):
            self._ensure_folder()
            payload = {"salt": self.salt.decode(), "files": self.index}
            atomic_write(self.folder / _INDEX, json.dumps(payload, sort_keys=True))

    def _ensure_folder(self) -> None:
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / ".gitignore").write_text("# created by ipatool\n*\n", encoding="utf-8")
        os.makedirs(self.folder, exist_ok=True)


def _ref(r: Ref) -> list[Any]:
    return [r.id, list(r.span)]


def _unref(v: list[Any]) -> Ref:
    return Ref(v[0], Span(*v[1]))


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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
            "codes": facts.codes,
            "by": facts.by,
            "note_by": facts.note_by,
            "evidence": [[c, s, None if b is None else list(b)] for c, s, b in facts.evidence],
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
    facts = TranscriptFacts(
        file=rel,
        id=_unref(f["id"]),
        kind=TranscriptKind(f["kind"]),
        interviewers=_unrefs(f["interviewers"]) or (),
        participants=_unrefs(f["participants"]) or (),
        coded_by=_unrefs(f["coded_by"]),
        speakers=[str(x) for x in f["speakers"]],
        codes=[str(x) for x in f["codes"]],
        by=[str(x) for x in f["by"]],
        note_by=[str(x) for x in f["note_by"]],
        evidence=[(c, s, None if b is None else tuple(b)) for c, s, b in f["evidence"]],
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
        "words": digest.words,
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
        words=d["words"],
        partial=d["partial"],
    )


def _diag(d: Diagnostic) -> list[Any]:
    return [d.file, list(d.span), d.severity.value, d.code, d.slug, d.message, d.hint]


def _undiag(v: list[Any], rel: str) -> Diagnostic:
    _file, span, severity, code, slug, message, hint = v
    return Diagnostic(rel, Span(*span), Severity(severity), code, slug, message, hint)
