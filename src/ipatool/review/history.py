"""The study's analytic audit trail: for each commit that touched it, who, when, why (the
message), and what it changed in the codebook and the themes, and how many codings; on the
case-first path, what it changed in the GETs and PETs, and how many experiential statements.

Every blob is read and parsed once across the whole history (commits share most files), and
only transcripts whose blob changed are compared; effects on the tables are not computed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipatool.errors import UserError
from ipatool.files import THEMES
from ipatool.review.changes import Change
from ipatool.review.compare import compare
from ipatool.review.gitread import Repository
from ipatool.review.snapshot import Reader, Snapshot, empty

CODEBOOK = ("theme", "subtheme", "code")
EXPERIENTIAL = ("get", "get_subtheme", "pet")
"""The case-first analysis's structure, listed with the codebook (statements are counted)."""


@dataclass
class Entry:
    """One commit of the study's history."""

    commit: str
    date: str
    author: str
    message: str
    codebook: list[Change] = field(default_factory=list)
    codings: dict[str, int] = field(default_factory=dict)
    """Codings added, removed, changed and moved."""
    statements: dict[str, int] = field(default_factory=dict)
    """Experiential statements added, removed, changed and moved (the case-first path)."""
    other: int = 0
    """Other changes of meaning (participants, transcripts, turns, notes, settings)."""
    problems: list[str] = field(default_factory=list)
    created: bool = False
    """True for the commit that made the study (its parent had no ipatool.yaml there)."""
    case_first: bool = False
    """The study after the commit has PETs or GETs (the case-first path)."""

    def made(self) -> dict[str, int]:
        """What the commit that made the study made, by kind in the study's words: themes,
        subthemes, codes; GETs, subthemes, PETs, statements on the case-first path (both when
        a case-first study also has 2009 themes). Empty for any other commit."""
        if not self.created:
            return {}
        added = [c.entity for c in self.codebook if c.kind == "added"]
        out: dict[str, int] = {}
        if not self.case_first or any(e in CODEBOOK for e in added):
            out |= {f"{e}s": added.count(e) for e in CODEBOOK}
        if self.case_first:
            out["gets"] = added.count("get")
            out["subthemes"] = out.get("subthemes", 0) + added.count("get_subtheme")
            out["pets"] = added.count("pet")
            out["statements"] = self.statements.get("added", 0)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "date": self.date,
            "author": self.author,
            "message": self.message,
            "codebook": [c.to_json() for c in self.codebook],
            "codings": dict(self.codings),
            "statements": dict(self.statements),
            "other_changes": self.other,
            "problems": list(self.problems),
            "created": self.created,
            "made": self.made() if self.created else None,
        }


def within(study: Path, paths: list[Path]) -> list[str]:
    """Paths given as git takes them (from the current folder) as paths inside the study;
    the study itself is no filter. A path outside the study is a :class:`UserError`."""
    root = Path(os.path.abspath(study))
    out: list[str] = []
    for path in paths:
        full = Path(os.path.abspath(path))
        if full != root and root not in full.parents:
            raise UserError(f"{path}: not inside the study {study}")
        rel = full.relative_to(root).as_posix()
        if rel == ".":
            return []
        out.append(rel)
    return out


def _touches(file: str | None, paths: list[str]) -> bool:
    return file is not None and any(file == p or file.startswith(p + "/") for p in paths)


def study_history(
    study: Path, since: str | None = None, paths: list[str] | None = None
) -> list[Entry]:
    """The commits that touched the study (after ``since``, when given), oldest first. With
    ``paths`` (inside the study), only the commits that touched them, and what they changed
    there."""
    repo = Repository.open(study)
    commits = repo.commits(since, paths=paths or [])
    trees = {c[0]: repo.tree(c[0]) for c in commits}
    for _id, parent, *_rest in commits:  # a parent not listed (older, or another branch's)
        if parent and parent not in trees:
            trees[parent] = repo.tree(parent)
    repo.read([oid for files in trees.values() for oid in files.values()])
    # every current transcript's model kept until the next commit that changes it; codings
    # are only counted, so their lines are not looked up
    reader = Reader(repo, keep_models=True, transcript_lines=False)
    snaps: dict[str, Snapshot] = {}

    def at(commit: str) -> Snapshot:
        snap = snaps.get(commit)
        if snap is None:
            snap = snaps[commit] = reader.snapshot(commit[:10], trees[commit])
        return snap

    out: list[Entry] = []
    for commit, parent, date, author, message in commits:
        before = at(parent) if parent else empty("nothing")
        after = at(commit)
        found = compare(before, after, effects=False)
        entry = Entry(
            commit,
            date,
            author,
            message,
            problems=list(after.problems),
            case_first=after.study.case_first,
        )
        # the commit that made the study (summarised by its codebook, when that is looked at)
        entry.created = (
            not before.exists and after.exists and (not paths or _touches(THEMES, paths))
        )
        for c in found.changes:
            if paths and not _touches(c.file, paths):
                continue
            if c.entity in CODEBOOK or c.entity in EXPERIENTIAL:
                entry.codebook.append(c)
            elif c.entity == "coding":
                entry.codings[c.kind] = entry.codings.get(c.kind, 0) + 1
            elif c.entity == "statement":
                entry.statements[c.kind] = entry.statements.get(c.kind, 0) + 1
            else:
                entry.other += 1
        out.append(entry)
        reader.retain(after)
        snaps.pop(parent, None)  # linear history: the parent is not asked for again
    return out
