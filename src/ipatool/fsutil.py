"""Safe file writing: every write goes to a temporary file in the same folder, then is renamed.

A failure or Ctrl-C mid-write leaves the previous file intact and no partial file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class UnsafePath(ValueError):
    """A path that would write outside the folder it must stay in."""


def atomic_write(
    path: Path, data: bytes | str, *, encoding: str = "utf-8", durable: bool = True
) -> None:
    """Write ``data`` to ``path`` atomically (temporary file + fsync + rename).

    ``durable=False`` skips the fsync, for files that may be lost but never half-written
    (the cache): the rename still makes the new file appear whole or not at all.
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            with contextlib.suppress(OSError):
                os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def safe_join(folder: Path, name: str) -> Path:
    """``folder / name``, refusing names that would leave ``folder`` (``../x``, absolute paths)."""
    candidate = (folder / name).resolve()
    base = folder.resolve()
    if candidate != base and base not in candidate.parents:
        raise UnsafePath(f"'{name}' would be written outside {folder}")
    return folder / name
