"""The on-disk cache of a study (``STUDY/.ipatool-cache/``): JSON values kept by content hash.

What is stored, each keyed by the SHA-256 of a file's bytes together with the ipatool version
and the cache format: every transcript's facts and single-file findings (in one file, read at
once), each transcript's digest (a file each), the validated content of the small files, and
the findings of the last whole run, and the content keys of the files ``fmt`` found tidy. An
index of (size, mtime, inode) per path lets an unchanged file skip even the hashing. The folder ignores itself in git (it holds a ``.gitignore`` of ``*``).

This module stores JSON values and knows nothing of what they mean; what a transcript's entry
holds is :mod:`ipatool.read.cache_codec` (which uses this module, never the other way round). So a
``validate`` that answers from the last run's findings imports neither Pydantic nor the models.

JSON, not pickle: a cache file that someone planted or damaged can at worst be ignored, never
run code. Anything that is not exactly what this version writes reads as a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from ipatool import __version__
from ipatool.diagnostics import Diagnostic, Severity, Span
from ipatool.files import atomic_write

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


class DigestCache:
    """The cache folder of one study: content keys, and the JSON stored under them."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.salt = f"ipatool {__version__} cache {FORMAT}\n".encode()
        self.index: dict[str, list[Any]] = _read_index(self.folder / _INDEX, self.salt.decode())
        self.dirty = False
        self._facts: dict[str, Any] | None = None
        self._facts_foreign = False
        """The facts file on disk was not this version's (other ipatool, other format, damaged)."""
        self.facts_dirty = False
        self._small: dict[str, Any] | None = None
        self.small_dirty = False
        self._tidy: dict[str, Any] | None = None
        self.tidy_dirty = False

    # Content keys

    def content_key(self, raw: bytes) -> str:
        """The key of a file's bytes (with this ipatool version and cache format)."""
        return hashlib.sha256(self.salt + raw).hexdigest()

    def key_for(self, path: Path, rel: str) -> str | None:
        """The content key of a file, from the index when its size, mtime and inode are
        unchanged (as git's index does); otherwise its bytes are hashed again."""
        try:
            st = path.stat()
        except OSError:
            return None
        known = self.index.get(rel)
        stat = [st.st_size, st.st_mtime_ns, st.st_ino]
        if known and known[:3] == stat:
            return str(known[3])
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        key = self.content_key(raw)
        self.index[rel] = [*stat, key]
        self.dirty = True
        return key

    # A transcript's entries: its facts and findings, and its digest

    def facts_entry(self, key: str) -> Any | None:
        """The stored facts and findings of the transcript with this content key, or None."""
        return self._facts_store().get(key)

    def put_facts_entry(self, key: str, entry: Any) -> None:
        self._facts_store()[key] = entry
        self.facts_dirty = True

    def digest_entry(self, key: str) -> Any:
        """The stored digest of the transcript with this content key; raises when it is
        missing or not JSON (one of :data:`Damaged`)."""
        return _read_json(self._digest_path(key))

    def put_digest_entry(self, key: str, entry: Any) -> None:
        """Store a digest; a cache that cannot be written is silently skipped."""
        with contextlib.suppress(OSError):
            self._ensure_folder()
            atomic_write(self._digest_path(key), _dump_json(entry), durable=False)

    def _digest_path(self, key: str) -> Path:
        return self.folder / key[:2] / (key + _DIGEST_SUFFIX)

    def _facts_store(self) -> dict[str, Any]:
        """Every transcript's facts and findings by content key, kept in one file: one read
        instead of one a transcript, which is what re-checking a large study waits on."""
        if self._facts is None:
            self._facts = self._read_store(_FACTS, "entries")
            self._facts_foreign = not self._facts and (self.folder / _FACTS).exists()
        return self._facts

    # The settings, participants and themes files

    def get_small(self, name: str, key: str) -> Any | None:
        """The validated content stored for a settings, participants or themes file whose
        bytes have the content key ``key``; None when it was not stored or has changed."""
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
        if not (self.tidy_dirty or stale):
            return
        with contextlib.suppress(OSError):
            self._ensure_folder()
            data = {"salt": self.salt.decode(), "files": store}
            atomic_write(self.folder / _TIDY, _dump_json(data), durable=False)
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
        """Remember a whole run's findings (skipped silently when the cache cannot be written)."""
        with contextlib.suppress(OSError):
            self._ensure_folder()
            payload = {
                "key": key,
                "files": files,
                "diagnostics": [encode_diagnostic(d) for d in diags],
            }
            atomic_write(self.folder / _RESULT, _dump_json(payload), durable=False)

    # Reading and writing the folder

    def _read_store(self, name: str, field: str) -> dict[str, Any]:
        """The mapping kept under ``field`` in the cache file ``name``; empty when the file is
        missing, damaged, or written by another ipatool version or cache format."""
        with contextlib.suppress(OSError, ValueError):
            loaded = _read_json(self.folder / name)
            if isinstance(loaded, dict) and loaded.get("salt") == self.salt.decode():
                found = loaded.get(field)
                if isinstance(found, dict):
                    return found
        return {}

    def save(self, present: set[str]) -> None:
        """Write the index, the facts (dropping files no longer in the study) and the small
        files' content, where changed."""
        stale = set(self.index) - present
        for rel in stale:
            del self.index[rel]
        if self.small_dirty and self._small is not None:
            with contextlib.suppress(OSError):
                self._ensure_folder()
                data = {"salt": self.salt.decode(), "files": self._small}
                atomic_write(self.folder / _SMALL, _dump_json(data), durable=False)
                self.small_dirty = False
        if not (self.dirty or stale or self.facts_dirty):
            return
        with contextlib.suppress(OSError):
            self._ensure_folder()
            payload = {"salt": self.salt.decode(), "files": self.index}
            atomic_write(self.folder / _INDEX, json.dumps(payload, sort_keys=True), durable=False)
            if self._facts is not None:
                keys = {str(entry[3]) for entry in self.index.values()}
                entries = {k: v for k, v in self._facts.items() if k in keys}
                data = {"salt": self.salt.decode(), "entries": entries}
                atomic_write(self.folder / _FACTS, _dump_json(data), durable=False)
                if self._facts_foreign or len(entries) < len(self._facts):
                    self._drop_digests(keep=keys)  # only when some file's entry went

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


def _read_index(path: Path, salt: str) -> dict[str, list[Any]]:
    """The (size, mtime_ns, inode, content key) of each path, as this version wrote them;
    entries of any other shape are left out, and a damaged or foreign index reads as empty."""
    try:
        loaded = _read_json(path)
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict) or loaded.get("salt") != salt:
        return {}
    files = loaded.get("files")
    if not isinstance(files, dict):
        return {}
    return {
        rel: entry
        for rel, entry in files.items()
        if isinstance(entry, list)
        and len(entry) == 4
        and all(type(v) is int for v in entry[:3])
        and isinstance(entry[3], str)
    }


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
