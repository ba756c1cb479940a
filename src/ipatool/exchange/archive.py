"""Reading a ``.qdpx`` archive defensively: member paths, sizes and the XML parser are all checked.

Members whose path is absolute or climbs out with ``..`` are refused; members are read with a
size cap (the size a zip declares is not trusted); the ``.qde`` is parsed without network
access, DTDs or entity expansion.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from lxml import etree

from ipatool.exchange.common import ExchangeError, unique

if TYPE_CHECKING:
    from lxml.etree import _Element

MAX_MEMBER_BYTES = 64 * 1024 * 1024
"""Largest ``.qde`` or source text read from an archive."""
MAX_TOTAL_BYTES = 512 * 1024 * 1024
"""Largest total of the members read from one archive."""
MAX_MEMBERS = 100_000


@dataclass
class Archive:
    """An opened ``.qdpx``: its project XML and a case-insensitive index of its source files."""

    path: Path
    qde_name: str
    qde: bytes
    members: dict[str, str] = field(default_factory=dict)  # lower-case path -> real name
    zf: zipfile.ZipFile | None = None
    read_total: int = 0
    folder: dict[str, Path] | None = None
    """For a bare ``.qde``: the files of the ``sources/`` folder beside it (lower-case name)."""

    def source(self, name: str) -> bytes | None:
        """The bytes of ``sources/<name>`` (any case of ``sources/``, or at the top), or None."""
        base = PurePosixPath(name.replace("\\", "/")).name.lower()
        wanted_names = unique([base, base.replace("{", "").replace("}", "")])
        if self.folder is not None:
            for wanted in wanted_names:
                if wanted in self.folder:
                    return self._read_file(self.folder[wanted])
            return None
        if self.zf is None:
            return None
        for wanted in wanted_names:
            for candidate in (f"sources/{wanted}", wanted):
                real = self.members.get(candidate)
                if real is not None:
                    return self._read(real)
            for low, real in self.members.items():
                if low.endswith("/" + wanted):
                    return self._read(real)
        return None

    def _read(self, name: str) -> bytes:
        assert self.zf is not None
        data = _read_member(self.zf, name)
        self.read_total += len(data)
        if self.read_total > MAX_TOTAL_BYTES:
            raise ExchangeError(
                f"{self.path}: the archive unpacks to more than {MAX_TOTAL_BYTES // 2**20} MB"
            )
        return data

    def _read_file(self, path: Path) -> bytes:
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_MEMBER_BYTES + 1)
        except OSError as exc:
            raise ExchangeError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
        if len(data) > MAX_MEMBER_BYTES:
            raise ExchangeError(f"{path}: more than 64 MB; ipatool reads source files up to 64 MB")
        self.read_total += len(data)
        if self.read_total > MAX_TOTAL_BYTES:
            raise ExchangeError(
                f"{self.path}: the sources add up to more than {MAX_TOTAL_BYTES // 2**20} MB"
            )
        return data

    def close(self) -> None:
        if self.zf is not None:
            self.zf.close()


def _safe_name(name: str) -> bool:
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return False
    return ".." not in PurePosixPath(norm).parts


def _read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > MAX_MEMBER_BYTES:
        raise ExchangeError(f"{name}: {info.file_size:,} bytes; ipatool reads members up to 64 MB")
    try:
        with zf.open(info) as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        RuntimeError,
        NotImplementedError,
        EOFError,
        ValueError,
    ) as exc:
        raise ExchangeError(f"{name}: cannot be unpacked ({exc})") from exc
    if len(data) > MAX_MEMBER_BYTES:
        raise ExchangeError(f"{name}: unpacks to more than 64 MB (a zip bomb?)")
    return data


def open_archive(path: Path) -> Archive:
    """Open a ``.qdpx`` (or a bare ``.qde`` file) and read its project XML."""
    try:
        is_zip = zipfile.is_zipfile(path)
    except OSError as exc:
        raise ExchangeError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    if not is_zip:
        try:
            head = path.read_bytes()[: MAX_MEMBER_BYTES + 1]
        except OSError as exc:
            raise ExchangeError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
        if b"<Project" in head[:4096] and len(head) <= MAX_MEMBER_BYTES:
            return Archive(path, path.name, head, folder=sources_beside(path))
        if b"<CodeBook" in head[:4096] or path.suffix.lower() == ".qdc":
            raise ExchangeError(
                f"{path}: a REFI-QDA codebook (.qdc), not a project; import it into a study "
                f"with `ipatool import codebook {path.name} --into STUDY`"
            )
        raise ExchangeError(f"{path}: not a .qdpx file (a REFI-QDA project is a zip archive)")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ExchangeError(f"{path}: a damaged zip archive ({exc})") from exc
    try:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ExchangeError(f"{path}: more than {MAX_MEMBERS:,} members")
        members: dict[str, str] = {}
        for info in infos:
            if not _safe_name(info.filename):
                raise ExchangeError(
                    f"{path}: the member '{info.filename}' has an unsafe path (absolute or '..')"
                )
            if not info.is_dir():
                members[info.filename.replace("\\", "/").lower()] = info.filename
        qdes = [real for low, real in members.items() if low.endswith(".qde")]
        top = [q for q in qdes if q.lower() == "project.qde"]
        if top:
            qde_name = top[0]
        elif len(qdes) == 1:
            qde_name = qdes[0]
        elif not qdes:
            raise ExchangeError(f"{path}: no .qde project file in the archive")
        else:
            raise ExchangeError(
                f"{path}: {len(qdes)} .qde files and none named project.qde: {', '.join(sorted(qdes))}"
            )
        qde = _read_member(zf, qde_name)
    except BaseException:
        zf.close()
        raise
    return Archive(path, qde_name, qde, members, zf, len(qde))


def sources_beside(qde: Path) -> dict[str, Path]:
    """The files in the ``sources/`` (or ``Sources/``, any case) folder beside a bare ``.qde``,
    by lower-case name; empty when there is no such folder."""
    found: dict[str, Path] = {}
    try:
        folders = sorted(
            p for p in qde.parent.iterdir() if p.is_dir() and p.name.lower() == "sources"
        )
        for folder in folders:
            for item in sorted(folder.iterdir()):
                if item.is_file() and not item.is_symlink():
                    found.setdefault(item.name.lower(), item)
    except OSError:
        return found
    return found


def parse_xml(data: bytes, what: str) -> _Element:
    """Parse XML safely: no network, no DTD loading, no entity expansion."""

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = getattr(exc, "position", (None, None))
        where = f":{line}" if line else ""
        where += f":{column}" if line and column else ""
        raise ExchangeError(f"{what}{where}: not well-formed XML ({exc.msg})") from exc
    except (etree.LxmlError, ValueError) as exc:
        raise ExchangeError(f"{what}: cannot be read as XML ({exc})") from exc
    if root is None:
        raise ExchangeError(f"{what}: empty XML document")
    return root
