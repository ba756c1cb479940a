"""Two sides of a study compared: the changes of meaning, then their effects on the tables.

``diff_study`` reads the sides from git as ``git diff`` would: no revision, the working tree
against HEAD; one, the working tree against it; two (or ``A..B``), two commits; ``A...B``, B
against the common ancestor of A and B.
"""

from __future__ import annotations

from pathlib import Path

from ipatool.files import CONFIG, PARTICIPANTS, THEMES
from ipatool.review.changes import Comparison
from ipatool.review.codebook import CodeMap, code_uses, compare_codes
from ipatool.review.effects import compare_figures, figures
from ipatool.review.experiential import compare_experiential
from ipatool.review.gitread import WORK_TREE, Repository, UnknownRevision
from ipatool.review.hierarchy import compare_hierarchy
from ipatool.review.settings import compare_participants, compare_settings
from ipatool.review.snapshot import Reader, Snapshot
from ipatool.review.transcripts import compare_transcripts


def compare(a: Snapshot, b: Snapshot, *, effects: bool = True) -> Comparison:
    """What changed from ``a`` to ``b``, and (with ``effects``) what it does to the tables."""
    out = Comparison(a.label, b.label)
    out.problems = [*a.problems, *b.problems]
    cmap = CodeMap()
    if not _same(a, b, THEMES):  # the same codebook: no code renamed, merged, split or moved
        ua, ub = code_uses(a), code_uses(b)
        _, cmap = compare_codes(a, b, ua, ub)
        hierarchy, subs = compare_hierarchy(a, b, cmap)
        codes, cmap = compare_codes(a, b, ua, ub, subs.new, subs.split)
        out.changes += hierarchy
        out.changes += codes
    out.changes += compare_transcripts(a, b, cmap)
    out.changes += compare_experiential(a, b)
    if not _same(a, b, PARTICIPANTS):
        out.changes += compare_participants(a, b)
    if a.study.config is not None and b.study.config is not None:
        if not _same(a, b, CONFIG):
            out.changes += compare_settings(a, b)
    elif a.exists and b.exists:
        out.notes.append("settings not compared: ipatool.yaml did not load at one side")
    if not effects:
        return out
    if a.study.config is None or b.study.config is None:
        out.notes.append(
            "effects on the tables not computed: ipatool.yaml did not load at one side"
        )
        return out
    unread = [snap.label for snap in (a, b) if snap.problems]
    if unread:  # a file left out would look like evidence lost or gained
        out.notes.append(
            "effects on the tables not computed: part of the study could not be read at "
            + " and ".join(unread)
        )
        return out
    renamed = dict(cmap.renamed)
    for c in out.changes:
        if c.kind == "renamed" and c.entity in ("theme", "subtheme") and c.new_id:
            renamed[c.id] = c.new_id
    out.effects = compare_figures(figures(a.study, renamed), figures(b.study))
    return out


def _same(a: Snapshot, b: Snapshot, file: str) -> bool:
    """True when both sides hold ``file`` with the same blob (nothing in it to compare)."""
    return file in a.files and a.files.get(file) == b.files.get(file)


def sides(revisions: list[str]) -> tuple[str | None, str | None, bool]:
    """(before, after, symmetric) from git's conventions; None after is the working tree."""
    if not revisions:
        return "HEAD", None, False
    if len(revisions) == 1:
        rev = revisions[0]
        for sep, symmetric in (("...", True), ("..", False)):
            if sep in rev:
                left, right = rev.split(sep, 1)
                return left or "HEAD", right or "HEAD", symmetric
        return rev, None, False
    if len(revisions) == 2:
        return revisions[0], revisions[1], False
    raise UnknownRevision("give at most two revisions (or A..B)")


def diff_study(study: Path, revisions: list[str], *, effects: bool = True) -> Comparison:
    """The study at ``study`` compared between the revisions (git's conventions, above)."""
    repo = Repository.open(study)
    before, after, symmetric = sides(revisions)
    assert before is not None
    a_commit = repo.resolve(before)
    b_commit = repo.resolve(after) if after is not None else None
    if symmetric and b_commit is not None:
        a_commit = repo.merge_base(a_commit, b_commit)
    reader = Reader(repo)
    a = reader.snapshot(before, repo.tree(a_commit))
    if b_commit is None:
        files, _root = repo.work_tree()
        b = reader.snapshot(WORK_TREE, files)
    else:
        assert after is not None
        b = reader.snapshot(after, repo.tree(b_commit))
    out = compare(a, b, effects=effects)
    out.prefix = repo.prefix
    return out
