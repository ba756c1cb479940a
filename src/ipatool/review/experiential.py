"""The case-first analysis compared by meaning: statements, PETs and GETs added, removed,
changed (their wording, their quote, their label) or moved (a statement to another turn or
another PET, a PET to another GET or subtheme).

Statements are matched by id across the transcripts (a statement moved to another turn is the
same statement), PETs and GETs by id; a line is given on the side that has the thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipatool.files import PETS, THEMES
from ipatool.read.models import Pet
from ipatool.review.changes import Change
from ipatool.review.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class _Said:
    """A statement where it stands: its transcript, turn and file, and what it says."""

    transcript: str
    turn: int
    file: str | None
    text: str
    quote: str | None


def compare_experiential(a: Snapshot, b: Snapshot) -> list[Change]:
    """Every change of the case-first analysis from ``a`` to ``b``, statements first."""
    return [*_statements(a, b), *_pets(a, b), *_gets(a, b)]


def _said(snap: Snapshot) -> dict[str, _Said]:
    out: dict[str, _Said] = {}
    for t in snap.study.transcripts:
        file = snap.transcript_file.get(t.id)
        for st in t.statements:
            out.setdefault(st.id, _Said(t.id, st.turn, file, st.text, st.quote))
    return out


def _statement_line(snap: Snapshot, said: _Said, ident: str) -> int | None:
    """The line of a statement's id in its transcript (the transcript parsed again)."""
    model = snap.transcript(said.transcript)
    if model is None or said.file is None:
        return None
    for i, turn in enumerate(model.turns):
        for j, st in enumerate(turn.statements):
            if st.id == ident:
                return snap.line(said.file, ("turns", i, "statements", j, "id"))
    return None


def _statements(a: Snapshot, b: Snapshot) -> list[Change]:
    before, after = _said(a), _said(b)
    out: list[Change] = []
    for ident, old in before.items():
        if ident not in after:
            out.append(
                Change(
                    "removed",
                    "statement",
                    ident,
                    transcript=old.transcript,
                    turn=old.turn,
                    before=old.text,
                    file=old.file,
                )
            )
    for ident, new in after.items():
        prior = before.get(ident)
        if prior is None:
            out.append(_statement_change(b, new, ident, "added", after=new.text))
            continue
        if (prior.transcript, prior.turn) != (new.transcript, new.turn):
            was = f"{prior.transcript} turn {prior.turn}"
            now = f"{new.transcript} turn {new.turn}"
            out.append(_statement_change(b, new, ident, "moved", "turn", was, now))
        if prior.text != new.text:
            out.append(_statement_change(b, new, ident, "changed", "text", prior.text, new.text))
        if prior.quote != new.quote:
            out.append(_statement_change(b, new, ident, "changed", "quote", prior.quote, new.quote))
    return out


def _statement_change(
    snap: Snapshot,
    said: _Said,
    ident: str,
    kind: str,
    field: str | None = None,
    before: str | None = None,
    after: str | None = None,
) -> Change:
    """A change of a statement as it stands at the side ``snap``, with its line there."""
    return Change(
        kind,
        "statement",
        ident,
        transcript=said.transcript,
        turn=said.turn,
        field=field,
        before=before,
        after=after,
        file=said.file,
        line=_statement_line(snap, said, ident),
    )


def _owners(pets: list[Pet]) -> dict[str, str]:
    """Statement id -> the PET that lists it (the first)."""
    out: dict[str, str] = {}
    for pet in pets:
        for ident in pet.statements:
            out.setdefault(ident, pet.id)
    return out


def _pets(a: Snapshot, b: Snapshot) -> list[Change]:
    before = {p.id: p for p in a.study.pets}
    after = {p.id: (i, p) for i, p in enumerate(b.study.pets)}
    out: list[Change] = []
    for ident, old in before.items():
        if ident not in after:
            out.append(Change("removed", "pet", ident, before=old.label, file=PETS))
    for ident, (i, new) in after.items():
        line = b.line(PETS, ("pets", i, "id"))
        prior = before.get(ident)
        if prior is None:
            out.append(Change("added", "pet", ident, after=new.label, file=PETS, line=line))
            continue
        for name in ("participant", "label", "description"):
            was, now = getattr(prior, name), getattr(new, name)
            if was != now:
                out.append(
                    Change(
                        "changed",
                        "pet",
                        ident,
                        field=name,
                        before=was,
                        after=now,
                        file=PETS,
                        line=line,
                    )
                )
    was_in, now_in = _owners(a.study.pets), _owners(b.study.pets)
    kept = {s for s in _said(a)} & {s for s in _said(b)}
    for ident in sorted(kept):
        if was_in.get(ident) != now_in.get(ident):
            out.append(
                Change(
                    "moved",
                    "statement",
                    ident,
                    field="pet",
                    before=was_in.get(ident),
                    after=now_in.get(ident),
                    file=PETS,
                    line=_pet_line(b, now_in.get(ident)),
                )
            )
    return out


def _pet_line(snap: Snapshot, pet: str | None) -> int | None:
    for i, p in enumerate(snap.study.pets):
        if p.id == pet:
            return snap.line(PETS, ("pets", i, "id"))
    return None


@dataclass(frozen=True, slots=True)
class _Group:
    """A GET or GET subtheme: which it is, its wording, its PETs and where it is."""

    entity: str
    label: str
    description: str | None
    pets: tuple[str, ...]
    path: tuple[str | int, ...]


def _groups(snap: Snapshot) -> dict[str, _Group]:
    out: dict[str, _Group] = {}
    for gi, get in enumerate(snap.study.gets):
        path: tuple[str | int, ...] = ("gets", gi, "id")
        out.setdefault(get.id, _Group("get", get.label, get.description, tuple(get.pets), path))
        for si, sub in enumerate(get.subthemes):
            spath: tuple[str | int, ...] = ("gets", gi, "subthemes", si, "id")
            group = _Group("get_subtheme", sub.label, sub.description, tuple(sub.pets), spath)
            out.setdefault(sub.id, group)
    return out


def _gets(a: Snapshot, b: Snapshot) -> list[Change]:
    before, after = _groups(a), _groups(b)
    out: list[Change] = []
    for ident, old in before.items():
        if ident not in after:
            out.append(Change("removed", old.entity, ident, before=old.label, file=THEMES))
    for ident, new in after.items():
        line = b.line(THEMES, new.path)
        prior = before.get(ident)
        if prior is None:
            out.append(Change("added", new.entity, ident, after=new.label, file=THEMES, line=line))
            continue
        for name in ("label", "description"):
            was, now = getattr(prior, name), getattr(new, name)
            if was != now:
                out.append(
                    Change(
                        "changed",
                        new.entity,
                        ident,
                        field=name,
                        before=was,
                        after=now,
                        file=THEMES,
                        line=line,
                    )
                )
    was_in = {pet: g for g, group in before.items() for pet in group.pets}
    now_in = {pet: g for g, group in after.items() for pet in group.pets}
    kept = {p.id for p in a.study.pets} & {p.id for p in b.study.pets}
    for pet in sorted(kept):
        if was_in.get(pet) != now_in.get(pet):
            where = after.get(now_in.get(pet, ""))
            out.append(
                Change(
                    "moved",
                    "pet",
                    pet,
                    field="get",
                    before=was_in.get(pet),
                    after=now_in.get(pet),
                    file=THEMES,
                    line=b.line(THEMES, where.path) if where is not None else None,
                )
            )
    return out
