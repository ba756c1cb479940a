"""Reading files at a git revision through ``git`` itself, without a checkout.

One ``git ls-tree`` lists a revision's files with their blob ids; one ``git cat-file --batch``
reads every blob not read before. Blobs are kept by id, so a file unchanged between two
revisions (same blob id) is read once. The working tree is read from disk, its files given the
blob id git would give them, so an unchanged file is recognised there too.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ipatool.errors import UserError
from ipatool.files import CONTEXT_FILES, transcript_paths

WORK_TREE = "the working tree"
"""The label of the working-tree side of a diff."""


class NotARepository(UserError):
    """The study is not inside a git repository (or git is not installed)."""


class UnknownRevision(UserError):
    """A revision git does not know."""


class GitFailed(UserError):
    """git itself failed for another reason."""


def blob_id(data: bytes) -> str:
    """The id git gives a blob with these bytes (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise NotARepository("git is not installed (or not on PATH)") from None


@dataclass
class Repository:
    """A git repository and a study folder inside it (``prefix``: its path from the top)."""

    top: Path
    prefix: str
    blobs: dict[str, bytes] = field(default_factory=dict)
    """Every blob read so far, by id."""

    @classmethod
    def open(cls, study: Path) -> Repository:
        """The repository holding the folder ``study``."""
        if not study.is_dir():
            raise NotARepository(f"{study}: no such folder")
        done = _git(study, "rev-parse", "--show-toplevel")
        if done.returncode != 0:
            raise NotARepository(
                f"{study}: not a git repository (or any parent folder); "
                "diff and history read the revisions of a study kept in git"
            )
        top = Path(done.stdout.decode().strip()).resolve()
        rel = study.resolve().relative_to(top).as_posix()
        return cls(top, "" if rel == "." else rel)

    def run(self, *args: str) -> str:
        """Run git in the repository; its output as text (a failure is a :class:`GitFailed`)."""
        done = _git(self.top, *args)
        if done.returncode != 0:
            msg = done.stderr.decode(errors="replace").strip().splitlines()
            raise GitFailed(f"git {' '.join(args)}: {msg[-1] if msg else 'failed'}")
        return done.stdout.decode(errors="replace")

    def resolve(self, rev: str) -> str:
        """The commit id of ``rev`` (``HEAD``, a branch, ``HEAD~2``, an id...)."""
        if rev.startswith("-"):
            raise UnknownRevision(f"unknown revision '{rev}'")
        done = _git(
            self.top, "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"
        )
        if done.returncode != 0:
            hint = " (the repository has no commit yet)" if rev == "HEAD" else ""
            raise UnknownRevision(f"unknown revision '{rev}' in {self.top}{hint}")
        return done.stdout.decode().strip()

    def merge_base(self, a: str, b: str) -> str:
        """The best common ancestor of two commits (``A...B`` compares it with B)."""
        done = _git(self.top, "merge-base", a, b)
        if done.returncode != 0:
            raise UnknownRevision(f"'{a}' and '{b}' have no common ancestor")
        return done.stdout.decode().strip()

    def tree(self, commit: str) -> dict[str, str]:
        """The study's files at ``commit``: path inside the study -> blob id."""
        args = ["ls-tree", "-r", "-z", "--full-tree", commit]
        if self.prefix:
            args += ["--", self.prefix]
        out: dict[str, str] = {}
        cut = len(self.prefix) + 1 if self.prefix else 0
        for entry in self.run(*args).split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            _mode, kind, oid = meta.split(" ")
            if kind == "blob":
                out[path[cut:]] = oid
        return out

    def read(self, ids: list[str]) -> None:
        """Read these blobs (those not read before) with one ``git cat-file --batch``."""
        todo = list(dict.fromkeys(i for i in ids if i not in self.blobs))
        if not todo:
            return
        done = _git(self.top, "cat-file", "--batch", stdin=("\n".join(todo) + "\n").encode())
        if done.returncode != 0:
            raise GitFailed(f"git cat-file: {done.stderr.decode(errors='replace').strip()}")
        data, pos = done.stdout, 0
        for oid in todo:
            end = data.index(b"\n", pos)
            header = data[pos:end].split(b" ")
            if len(header) != 3:
                raise GitFailed(f"git cat-file: cannot read blob {oid}")
            size = int(header[2])
            self.blobs[oid] = data[end + 1 : end + 1 + size]
            pos = end + 1 + size + 1

    def work_tree(self) -> tuple[dict[str, str], Path]:
        """The study's files in the working tree (path -> blob id), read into :attr:`blobs`."""
        root = self.top / self.prefix if self.prefix else self.top
        out: dict[str, str] = {}
        paths = [root / name for name in CONTEXT_FILES] + transcript_paths(root)
        for path in paths:
            try:
                raw = path.read_bytes()
            except OSError:
                continue  # absent: the snapshot says which file is missing
            oid = blob_id(raw)
            self.blobs.setdefault(oid, raw)
            out[path.relative_to(root).as_posix()] = oid
        return out, root

    def commits(
        self, since: str | None, head: str = "HEAD", paths: list[str] | None = None
    ) -> list[tuple[str, str, str, str, str]]:
        """Commits that touched the study (or ``paths`` inside it), oldest first: (id, first
        parent, date, author, subject)."""
        top = self.resolve(head)  # a repository without commits says so
        rng = top if since is None else f"{self.resolve(since)}..{top}"
        args = ["log", "--reverse", "--format=%H%x00%P%x00%aI%x00%an%x00%s", rng]
        inside = [f"{self.prefix}/{p}" if self.prefix else p for p in paths or []]
        if inside:
            args += ["--", *(":(literal)" + p for p in inside)]
        elif self.prefix:
            args += ["--", self.prefix]
        out = []
        for line in self.run(*args).splitlines():
            oid, parents, date, author, subject = line.split("\0", 4)
            out.append((oid, parents.split(" ")[0] if parents else "", date, author, subject))
        return out
