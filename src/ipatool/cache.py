"""A cache of read transcripts, so an unchanged file is never parsed twice.

Each transcript's digest and single-file findings are stored as JSON under
``STUDY/.ipatool-cache/``, keyed by the SHA-256 of the file's bytes together with the ipatool
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
from ipatool.study import Coding, NoteInfo, Ref, TranscriptDigest, TurnInfo

CACHE_DIR = ".ipatool-cache"
FORMAT = 1
_INDEX = "index.json"

Entry = tuple[TranscriptDigest | None, list[Diagnostic]]


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
                self.index = loaded.get("files", {})

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

    def get(self, key: str, rel: str) -> Entry | None:
        """The stored digest and findings for a content key (as file ``rel``), or None."""
        try:
            text = (self.folder / key[:2] / f"{key}.json").read_text(encoding="utf-8")
            entry = decode_entry(json.loads(text), rel)
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, entry: Entry) -> None:
        """Store an entry; a cache that cannot be written is silently skipped."""
        with contextlib.suppress(OSError):
            self._ensure_folder()
            data = json.dumps(encode_entry(entry), ensure_ascii=False, separators=(",", ":"))
            atomic_write(self.folder / key[:2] / f"{key}.json", data)

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


def encode_entry(entry: Entry) -> dict[str, Any]:
    """A JSON-ready form of a digest and its findings."""
    digest, diags = entry
    out: dict[str, Any] = {"diagnostics": [_diag(d) for d in diags], "digest": None}
    if digest is None:
        return out
    out["digest"] = {
        "file": digest.file,
        "id": _ref(digest.id),
        "kind": digest.kind.value,
        "title": digest.title,
        "date": digest.date.isoformat() if digest.date else None,
        "duration_min": digest.duration_min,
        "interviewers": [_ref(r) for r in digest.interviewers],
        "participants": [_ref(r) for r in digest.participants],
        "coded_by": None if digest.coded_by is None else [_ref(r) for r in digest.coded_by],
        "turns": [[t.n, _ref(t.speaker)] for t in digest.turns],
        "codings": [
            [
                _ref(c.code),
                None if c.by is None else [_ref(r) for r in c.by],
                c.turn,
                c.speaker,
                c.quote,
                c.extract,
                c.exemplar,
            ]
            for c in digest.codings
        ],
        "notes": [
            [n.turn, n.kind, n.text, None if n.by is None else _ref(n.by)] for n in digest.notes
        ],
        "words": digest.words,
        "partial": digest.partial,
    }
    return out


def decode_entry(data: dict[str, Any], rel: str) -> Entry:
    """The digest and findings from their JSON form, for the file ``rel`` (identical files
    share an entry). Raises on a damaged entry."""
    diags = [_undiag(d, rel) for d in data["diagnostics"]]
    d = data["digest"]
    if d is None:
        return None, diags
    digest = TranscriptDigest(
        file=rel,
        id=_unref(d["id"]),
        kind=TranscriptKind(d["kind"]),
        title=d["title"],
        date=dt.date.fromisoformat(d["date"]) if d["date"] else None,
        duration_min=d["duration_min"],
        interviewers=tuple(_unref(r) for r in d["interviewers"]),
        participants=tuple(_unref(r) for r in d["participants"]),
        coded_by=None if d["coded_by"] is None else tuple(_unref(r) for r in d["coded_by"]),
        turns=[TurnInfo(n, _unref(s)) for n, s in d["turns"]],
        codings=[
            Coding(
                _unref(code),
                None if by is None else tuple(_unref(r) for r in by),
                turn,
                speaker,
                quote,
                extract,
                exemplar,
            )
            for code, by, turn, speaker, quote, extract, exemplar in d["codings"]
        ],
        notes=[
            NoteInfo(turn, kind, text, None if by is None else _unref(by))
            for turn, kind, text, by in d["notes"]
        ],
        words=d["words"],
        partial=d["partial"],
    )
    return digest, diags


def _diag(d: Diagnostic) -> list[Any]:
    return [d.file, list(d.span), d.severity.value, d.code, d.slug, d.message, d.hint]


def _undiag(v: list[Any], rel: str) -> Diagnostic:
    _file, span, severity, code, slug, message, hint = v
    return Diagnostic(rel, Span(*span), Severity(severity), code, slug, message, hint)
