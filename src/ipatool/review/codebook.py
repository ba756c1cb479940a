"""The codebook compared by meaning: codes, subthemes and themes added, removed, renamed,
moved, merged, split, relabelled and redefined.

A code whose id changed while its codings followed it (the same turns coded with the new id),
or whose label and definition followed it, is one rename, not a removal and many additions.
The :class:`CodeMap` says which old id became which new one, so the codings are then compared
under the new ids and a rename does not show as every coding changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ipatool.files import THEMES
from ipatool.read.models import Code
from ipatool.review.changes import Change
from ipatool.review.snapshot import Snapshot

Uses = Counter[tuple[str, int]]
"""Where a code is applied: (transcript id, turn) -> how many times."""

CODE_FIELDS = ("label", "definition", "inclusion", "exclusion")


@dataclass
class CodeMap:
    """Old code id -> new code id (renames and merges), and the codes split (old -> new ids)."""

    renamed: dict[str, str] = field(default_factory=dict)
    merged: dict[str, str] = field(default_factory=dict)
    split: dict[str, set[str]] = field(default_factory=dict)

    def new(self, code: str) -> str:
        return self.renamed.get(code) or self.merged.get(code, code)

    @property
    def any(self) -> bool:
        return bool(self.renamed or self.merged or self.split)


@dataclass(frozen=True, slots=True)
class _Place:
    theme: str
    subtheme: str
    code: Code
    path: tuple[int, int, int]


def _places(snap: Snapshot) -> dict[str, _Place]:
    out: dict[str, _Place] = {}
    for ti, theme in enumerate(snap.study.themes):
        for si, sub in enumerate(theme.subthemes):
            for ci, code in enumerate(sub.codes):
                out.setdefault(code.id, _Place(theme.id, sub.id, code, (ti, si, ci)))
    return out


def code_uses(snap: Snapshot) -> dict[str, Uses]:
    """Every code's applications in the side's transcripts."""
    out: dict[str, Uses] = {}
    for t in snap.study.transcripts:
        for c in t.codings:
            out.setdefault(c.code, Counter())[(t.id, c.turn)] += 1
    return out


def _within(small: Uses, big: Uses) -> bool:
    return all(big[k] >= n for k, n in small.items())


def _line(snap: Snapshot, place: _Place) -> int | None:
    ti, si, ci = place.path
    return snap.line(THEMES, ("themes", ti, "subthemes", si, "codes", ci, "id"))


def compare_codes(
    a: Snapshot,
    b: Snapshot,
    ua: dict[str, Uses],
    ub: dict[str, Uses],
    subthemes: dict[str, str] | None = None,
    split: dict[str, set[str]] | None = None,
) -> tuple[list[Change], CodeMap]:
    """Codes compared between side ``a`` (before) and ``b`` (after); a code is moved when its
    subtheme (seen through the subthemes' renames and merges, ``subthemes``) is another, and
    not one its subtheme was split into (``split``: the split says it)."""
    sub_names = subthemes or {}
    sub_split = split or {}
    pa, pb = _places(a), _places(b)
    removed = [c for c in pa if c not in pb]
    added = [c for c in pb if c not in pa]
    cmap = CodeMap()
    out: list[Change] = []
    empty: Uses = Counter()

    def uses_a(c: str) -> Uses:
        return ua.get(c, empty)

    def uses_b(c: str) -> Uses:
        return ub.get(c, empty)

    for r in removed:  # renames: the codings, or the label and definition, followed the new id
        old = pa[r].code
        for n in added:
            if n in cmap.renamed.values():
                continue
            new = pb[n].code
            same_text = (old.label, old.definition) == (new.label, new.definition) and bool(
                old.label or old.definition
            )
            followed = bool(uses_a(r)) and _within(uses_a(r), uses_b(n))
            if (followed and (same_text or uses_a(r) == uses_b(n))) or (
                same_text and not uses_a(r) and not uses_b(n)
            ):
                cmap.renamed[r] = n
                out.append(
                    Change("renamed", "code", r, new_id=n, file=THEMES, line=_line(b, pb[n]))
                )
                break
    left_removed = [r for r in removed if r not in cmap.renamed]
    taken = set(cmap.renamed.values())
    for n in pb:  # merges: two or more codes' codings now under one
        if n in taken:
            continue
        parts = [r for r in left_removed if r not in cmap.merged and uses_a(r)]
        parts = [r for r in parts if _within(uses_a(r), uses_b(n))]
        kept = n in pa
        if not parts or len(parts) + kept < 2:
            continue
        together = sum((uses_a(r) for r in parts), Counter(uses_a(n) if kept else empty))
        if not _within(together, uses_b(n)):
            continue
        for r in parts:
            cmap.merged[r] = n
        taken.add(n)
        before = sorted([*parts, n] if kept else parts)
        out.append(
            Change("merged", "code", n, before=before, after=n, file=THEMES, line=_line(b, pb[n]))
        )
    left_added = [n for n in added if n not in taken]
    for r in pa:  # splits: one code's codings now under two or more
        if r in cmap.renamed or r in cmap.merged or not uses_a(r):
            continue
        parts = [n for n in left_added if uses_b(n) and _within(uses_b(n), uses_a(r))]
        kept = r in pb
        if not parts or len(parts) + kept < 2:
            continue
        together = sum((uses_b(n) for n in parts), Counter(uses_b(r) if kept else empty))
        if together != uses_a(r):
            continue
        cmap.split[r] = set(parts)
        taken.update(parts)
        after = sorted([*parts, r] if kept else parts)
        place = pb.get(r) or pb[parts[0]]
        out.append(
            Change("split", "code", r, before=r, after=after, file=THEMES, line=_line(b, place))
        )
    gone = set(cmap.renamed) | set(cmap.merged) | {r for r in cmap.split if r not in pb}
    for r in removed:
        if r not in gone:
            out.append(Change("removed", "code", r, before=pa[r].code.title, file=THEMES))
    for n in added:
        if n not in taken:
            out.append(
                Change(
                    "added", "code", n, after=pb[n].code.title, file=THEMES, line=_line(b, pb[n])
                )
            )
    pairs = [(c, c) for c in pa if c in pb] + sorted({**cmap.renamed, **cmap.merged}.items())
    seen: set[str] = set()
    for old_id, new_id in pairs:
        if new_id in seen:
            continue  # merged into a code compared already
        seen.add(new_id)
        was, now = pa[old_id], pb[new_id]
        line = _line(b, now)
        if sub_names.get(was.subtheme, was.subtheme) != now.subtheme and (
            now.subtheme not in sub_split.get(was.subtheme, ())
        ):
            out.append(
                Change(
                    "moved",
                    "code",
                    new_id,
                    field="subtheme",
                    before=f"{was.theme}/{was.subtheme}",
                    after=f"{now.theme}/{now.subtheme}",
                    file=THEMES,
                    line=line,
                )
            )
        for name in CODE_FIELDS:
            x, y = getattr(was.code, name), getattr(now.code, name)
            if x != y:
                out.append(
                    Change(
                        "changed",
                        "code",
                        new_id,
                        field=name,
                        before=x,
                        after=y,
                        file=THEMES,
                        line=line,
                    )
                )
    return out, cmap
