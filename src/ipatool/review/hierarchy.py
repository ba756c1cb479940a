"""Subthemes and themes compared by meaning: added, removed, renamed (the id changed, its
codes or label followed it), moved to another theme, relabelled, described anew."""

from __future__ import annotations

from dataclasses import dataclass

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


def _compare(
    entity: str,
    before: dict[str, _Node],
    after: dict[str, _Node],
    b: Snapshot,
    parents: dict[str, str],
) -> tuple[list[Change], dict[str, str]]:
    out: list[Change] = []
    renamed: dict[str, str] = {}
    removed = [i for i in before if i not in after]
    added = [i for i in after if i not in before]
    for r in removed:
        for n in added:
            if n in renamed.values():
                continue
            x, y = before[r], after[n]
            if (x.members and x.members == y.members) or x.label == y.label:
                renamed[r] = n
                out.append(
                    Change("renamed", entity, r, new_id=n, file=THEMES, line=b.line(THEMES, y.path))
                )
                break
    for r in removed:
        if r not in renamed:
            out.append(Change("removed", entity, r, before=before[r].label, file=THEMES))
    for n in added:
        if n not in renamed.values():
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
    pairs = [(i, i) for i in before if i in after] + sorted(renamed.items())
    for old_id, new_id in pairs:
        x, y = before[old_id], after[new_id]
        line = b.line(THEMES, y.path)
        if x.parent is not None and parents.get(x.parent, x.parent) != y.parent:
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
    return out, renamed


def compare_hierarchy(a: Snapshot, b: Snapshot, cmap: CodeMap) -> list[Change]:
    """Subthemes (their codes seen through the code renames), then themes."""
    themes_before = _themes(a, None)
    themes_after = _themes(b, None)
    # themes first, by label only, so a subtheme under a renamed theme is not "moved"
    _, theme_names = _compare("theme", themes_before, themes_after, b, {})
    subs, sub_names = _compare("subtheme", _subthemes(a, cmap), _subthemes(b, None), b, theme_names)
    themes, _ = _compare("theme", _themes(a, sub_names), themes_after, b, {})
    return themes + subs
