"""Subthemes and themes compared by meaning: added, removed, renamed (the id changed, its
codes or label followed it), moved to another theme, relabelled, described anew."""

from __future__ import annotations

from dataclasses import dataclass, field

from ipatool.files import THEMES
from ipatool.read.yamlio import YamlPath
from ipatool.review.changes import Change
from ipatool.review.codebook import CodeMap
from ipatool.review.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class _Node:
    parent: str | None
    label: str
    description: str | None
    members: frozenset[str]
    path: YamlPath


def _subthemes(snap: Snapshot, cmap: CodeMap | None) -> dict[str, _Node]:
    out: dict[str, _Node] = {}
    for ti, theme in enumerate(snap.study.themes):
        for si, sub in enumerate(theme.subthemes):
            codes = frozenset(cmap.new(c.id) if cmap else c.id for c in sub.codes)
            path = ("themes", ti, "subthemes", si, "id")
            out.setdefault(sub.id, _Node(theme.id, sub.label, sub.description, codes, path))
    return out


def _themes(snap: Snapshot, renamed: dict[str, str] | None) -> dict[str, _Node]:
    out: dict[str, _Node] = {}
    for ti, theme in enumerate(snap.study.themes):
        subs = frozenset((renamed or {}).get(s.id, s.id) for s in theme.subthemes)
        out.setdefault(
            theme.id, _Node(None, theme.label, theme.description, subs, ("themes", ti, "id"))
        )
    return out


@dataclass
class Names:
    """What became of the ids of one level: old -> new (renames and merges), old -> new ids
    (splits)."""

    renamed: dict[str, str] = field(default_factory=dict)
    merged: dict[str, str] = field(default_factory=dict)
    split: dict[str, set[str]] = field(default_factory=dict)

    @property
    def new(self) -> dict[str, str]:
        """Old id -> the id it is now under (renamed or merged into)."""
        return {**self.renamed, **self.merged}


def _renames(
    entity: str, before: dict[str, _Node], after: dict[str, _Node], b: Snapshot, names: Names
) -> list[Change]:
    out: list[Change] = []
    removed = [i for i in before if i not in after]
    added = [i for i in after if i not in before]
    for r in removed:
        for n in added:
            if n in names.renamed.values():
                continue
            x, y = before[r], after[n]
            if (x.members and x.members == y.members) or x.label == y.label:
                names.renamed[r] = n
                out.append(
                    Change("renamed", entity, r, new_id=n, file=THEMES, line=b.line(THEMES, y.path))
                )
                break
    return out


def _merges_and_splits(
    entity: str, before: dict[str, _Node], after: dict[str, _Node], b: Snapshot, names: Names
) -> list[Change]:
    """Two or more whose members are all under one now (merged); one whose members are now
    shared out between two or more, at least one of them new (split)."""
    out: list[Change] = []
    left = [r for r in before if r not in after and r not in names.renamed and before[r].members]
    taken = set(names.renamed.values())
    for n, y in after.items():
        if n in taken:
            continue
        kept = n in before
        parts = [r for r in left if r not in names.merged and before[r].members <= y.members]
        if not parts or len(parts) + kept < 2:
            continue
        for r in parts:
            names.merged[r] = n
        taken.add(n)
        whole = sorted([*parts, n] if kept else parts)
        line = b.line(THEMES, y.path)
        out.append(Change("merged", entity, n, before=whole, after=n, file=THEMES, line=line))
    new = [n for n in after if n not in before and n not in taken and after[n].members]
    for r, x in before.items():
        if r in names.renamed or r in names.merged or not x.members:
            continue
        kept = r in after
        parts = [n for n in new if after[n].members <= x.members]
        if not parts or len(parts) + kept < 2:
            continue
        together = frozenset().union(*(after[n].members for n in parts))
        if kept:
            together |= after[r].members
        if together != x.members:
            continue
        names.split[r] = set(parts)
        new = [n for n in new if n not in parts]
        whole = sorted([*parts, r] if kept else parts)
        y = after.get(r) or after[parts[0]]
        line = b.line(THEMES, y.path)
        out.append(Change("split", entity, r, before=r, after=whole, file=THEMES, line=line))
    return out


def _compare(
    entity: str,
    before: dict[str, _Node],
    after: dict[str, _Node],
    b: Snapshot,
    parents: Names,
) -> tuple[list[Change], Names]:
    names = Names()
    out = _renames(entity, before, after, b, names)
    out += _merges_and_splits(entity, before, after, b, names)
    gone = set(names.renamed) | set(names.merged) | {r for r in names.split if r not in after}
    made = set(names.renamed.values()) | set(names.merged.values())
    made |= {n for parts in names.split.values() for n in parts}
    for r in before:
        if r not in after and r not in gone:
            out.append(Change("removed", entity, r, before=before[r].label, file=THEMES))
    for n in after:
        if n not in before and n not in made:
            out.append(
                Change(
                    "added",
                    entity,
                    n,
                    after=after[n].label,
                    file=THEMES,
                    line=b.line(THEMES, after[n].path),
                )
            )
    pairs = [(i, i) for i in before if i in after] + sorted(names.renamed.items())
    parent_of = parents.new
    for old_id, new_id in pairs:
        x, y = before[old_id], after[new_id]
        line = b.line(THEMES, y.path)
        if (
            x.parent is not None
            and parent_of.get(x.parent, x.parent) != y.parent
            and y.parent not in parents.split.get(x.parent, ())
        ):
            out.append(
                Change(
                    "moved",
                    entity,
                    new_id,
                    field="theme",
                    before=x.parent,
                    after=y.parent,
                    file=THEMES,
                    line=line,
                )
            )
        for name, p, q in (
            ("label", x.label, y.label),
            ("description", x.description, y.description),
        ):
            if p != q:
                out.append(
                    Change(
                        "changed",
                        entity,
                        new_id,
                        field=name,
                        before=p,
                        after=q,
                        file=THEMES,
                        line=line,
                    )
                )
    return out, names


def compare_hierarchy(a: Snapshot, b: Snapshot, cmap: CodeMap) -> tuple[list[Change], Names]:
    """Subthemes (their codes seen through the code renames), then themes; and what became of
    the subthemes' ids (for the codes' moves)."""
    themes_before = _themes(a, None)
    themes_after = _themes(b, None)
    # themes first, by label only, so a subtheme under a renamed theme is not "moved"
    _, theme_names = _compare("theme", themes_before, themes_after, b, Names())
    subs, sub_names = _compare("subtheme", _subthemes(a, cmap), _subthemes(b, None), b, theme_names)
    themes, _ = _compare("theme", _themes(a, sub_names.new), themes_after, b, Names())
    return themes + subs, sub_names
