"""What ``fmt`` remembers: which file contents it found tidy, by content key, in the study's
cache (:mod:`ipatool.read.cache`: JSON, versioned, a damaged entry read as a miss).

A transcript's key comes from the cache's index when its size, mtime and inode are unchanged
(a stat, no read); the settings, participants and themes files are small and hashed each time.
The participants file's key also covers the settings file, whose declared fields set the order
of a participant's keys. This module imports neither ruamel nor Pydantic: a ``fmt --check``
with nothing changed is answered from it alone.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ipatool.files import CONFIG, PARTICIPANTS, PETS, THEMES, transcript_paths
from ipatool.read.cache import DigestCache

SMALL_FILES = (CONFIG, PARTICIPANTS, THEMES, PETS)
"""The study files that are not transcripts, in the order ``fmt`` formats them."""


def tidy_paths(root: Path) -> list[tuple[Path, str]]:
    """The files ``fmt`` formats, with their study-relative names, in a stable order."""
    files = [(root / name, name) for name in SMALL_FILES if (root / name).is_file()]
    return files + [(p, p.relative_to(root).as_posix()) for p in transcript_paths(root)]


def memory_key(cache: DigestCache, root: Path, path: Path, rel: str) -> str | None:
    """The key under which this file's present content is remembered tidy; None when it
    cannot be read."""
    if rel in SMALL_FILES:
        try:
            key = cache.content_key(path.read_bytes())
        except OSError:
            return None
        if rel == PARTICIPANTS:
            try:
                config = (root / CONFIG).read_bytes()
            except OSError:
                config = b"<missing>"
            key = hashlib.sha256(f"{key}\0".encode() + config).hexdigest()
        return key
    return cache.key_for(path, rel)


def all_tidy(root: Path) -> bool:
    """Whether every file of the study is one that ``fmt`` found tidy as it is now (the cache
    saves any index entries refreshed on the way)."""
    cache = DigestCache(root)
    files = tidy_paths(root)
    known = cache.tidy()
    tidy = True
    for path, rel in files:
        key = memory_key(cache, root, path, rel)
        if key is None or known.get(rel) != key:
            tidy = False
            break
    if tidy and cache.dirty:
        cache.save({rel for _path, rel in files if rel not in SMALL_FILES})
    return tidy
