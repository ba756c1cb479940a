"""Where the writers put their files: kept in memory, or staged on disk and moved into place.

A writer opens each file it makes with ``sink.open(name)`` and writes it as a stream, so no
rendered file is ever held whole in memory by :class:`StagedFolder`: on a study of a thousand
transcripts the files come to 150 MB. The staged files sit in a hidden folder inside the output
folder (same file system, so moving them is a rename); :meth:`StagedFolder.commit` moves them
into place only once every format has rendered, so an error leaves the output folder as it was.
:class:`InMemory` keeps the files as bytes, for the library API and tests.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO, Protocol

from ipatool.files import safe_join

TEXT_BATCH = 1 << 20
"""About how many characters of a streamed text are encoded and written at a time."""


class Sink(Protocol):
    """Where a writer puts the files it makes."""

    def open(self, name: str) -> AbstractContextManager[BinaryIO]:
        """A new file ``name`` (a relative path with ``/``), open for writing bytes."""
        ...


def write_text(fh: BinaryIO, pieces: Iterable[str]) -> None:
    """Text given in pieces (a template's output), written as UTF-8 a batch at a time."""
    for chunk in utf8_chunks(pieces):
        fh.write(chunk)


def utf8_chunks(pieces: Iterable[str], size: int = 0) -> Iterator[bytes]:
    """The pieces joined into UTF-8 chunks of about ``size`` characters (default
    :data:`TEXT_BATCH`): never the whole text at once, and one character beyond Latin-1 widens
    only its own chunk."""
    size = size or TEXT_BATCH
    batch: list[str] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch).encode("utf-8")
            batch = []
            length = 0
    if batch:
        yield "".join(batch).encode("utf-8")


class InMemory:
    """Files kept as bytes, by name in the order they were written."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    @contextlib.contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        buf = io.BytesIO()
        yield buf
        self.files[name] = buf.getvalue()


class StagedFolder:
    """Files written into a hidden staging folder inside ``folder``; :meth:`commit` moves them
    into place. Used as a context manager: on leaving, the staging folder is removed, and when
    nothing was committed, so are the folders it had to create (``--out`` a new folder)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.created: list[Path] = []
        self.staging: Path | None = None
        self.committed = False

    def __enter__(self) -> StagedFolder:
        missing = [p for p in (self.folder, *self.folder.parents) if not p.exists()]
        self.folder.mkdir(parents=True, exist_ok=True)
        self.created = missing  # deepest first
        self.staging = Path(tempfile.mkdtemp(prefix=".ipatool-render-", dir=self.folder))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        if not self.committed:
            for made in self.created:
                with contextlib.suppress(OSError):
                    made.rmdir()  # only when empty: never anything the user put there

    def _staged(self, name: str) -> Path:
        assert self.staging is not None, "StagedFolder used outside its with block"
        return safe_join(self.staging, name)

    @contextlib.contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        path = self._staged(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())  # on disk before it replaces the previous file

    def read(self, name: str) -> bytes:
        """A staged file's bytes (to check them before they are committed)."""
        return self._staged(name).read_bytes()

    def commit(self, names: list[str]) -> list[Path]:
        """Move the named staged files into the output folder (replacing files of the same
        name, keeping their permissions); the paths written, in the order given. Every name is
        checked before any file moves."""
        moves = [(self._staged(n), safe_join(self.folder, n)) for n in names]
        for staged, target in moves:
            target.parent.mkdir(parents=True, exist_ok=True)
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
            with contextlib.suppress(OSError):
                os.chmod(staged, mode)
            os.replace(staged, target)
        self.committed = True
        return [target for _staged, target in moves]
