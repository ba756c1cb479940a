"""Where a study's files are, and writing files safely: the file names (the one place they are
spelt), finding a study folder and its transcripts, and atomic writes.

Kept free of parsing and models so that commands can find their way around a study (and
``validate`` can answer from its cache) without importing the reading machinery. Every write
goes to a temporary file in the same folder, then is renamed: a failure or Ctrl-C mid-write
leaves the previous file intact and no partial file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ipatool.errors import UserError

CONFIG = "ipatool.yaml"
PARTICIPANTS = "participants.yaml"
THEMES = "themes.yaml"
PETS = "pets.yaml"
"""Personal experiential themes (the case-first path of IPA, 2022): optional."""
TRANSCRIPTS_DIR = "transcripts"
CONTEXT_FILES = (CONFIG, PARTICIPANTS, THEMES, PETS)
"""The small files every transcript is checked against (``pets.yaml`` only when present)."""


class StudyNotFound(UserError):
    """The path is not a study folder (exit 2, not a finding)."""


def find_study_root(path: Path) -> Path:
    """Check that ``path`` is a study folder; raise :class:`StudyNotFound` with a reason."""
    if not path.exists():
        raise StudyNotFound(f"{path}: no such folder")
    if not path.is_dir():
        raise StudyNotFound(f"{path}: is a file; give the study folder (the one with ipatool.yaml)")
    if not (path / CONFIG).is_file():
        raise StudyNotFound(
            f"{path}: no ipatool.yaml here; this is not a study folder "
            "(run 'ipatool init' to start one)"
        )
    return path


def enclosing_study(start: Path) -> Path | None:
    """The nearest folder holding an ipatool.yaml: ``start`` itself or one of its parents, as
    git finds its repository from a subfolder; None when there is none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG).is_file():
            return folder
    return None


TRANSCRIPT_SUFFIXES = (".yaml", ".yml")
"""A transcript is any file under transcripts/ (in subfolders too) ending in one of these."""


def transcript_listing(root: Path) -> tuple[list[Path], list[Path]]:
    """The transcript files of a study and, apart, the other files under transcripts/ (which
    are not read: a Word file, ``I3.YAML``, ``I3.yaml.bak``), each in a stable order. Hidden
    files and folders (a name starting with '.') are neither."""
    folder = root / TRANSCRIPTS_DIR
    if not folder.is_dir():
        return [], []
    read: list[Path] = []
    unread: list[Path] = []
    for p in folder.rglob("*"):
        if p.suffix in TRANSCRIPT_SUFFIXES:
            if p.is_file():
                read.append(p)
        elif p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts):
            unread.append(p)

    def order(p: Path) -> str:
        return p.relative_to(root).as_posix()

    return sorted(read, key=order), sorted(unread, key=order)


def transcript_paths(root: Path) -> list[Path]:
    """The transcript files of a study (``*.yaml`` and ``*.yml``, in subfolders too), in a
    stable order."""
    return transcript_listing(root)[0]


class UnsafePath(UserError, ValueError):
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
