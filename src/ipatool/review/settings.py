"""Participants and settings compared: participants added or removed, a demographic value
changed; every setting (rules, fields, reporting, coders...) as a dotted path."""

from __future__ import annotations

from typing import Any

from ipatool.files import CONFIG, PARTICIPANTS
from ipatool.review.changes import Change
from ipatool.review.snapshot import Snapshot


def compare_participants(a: Snapshot, b: Snapshot) -> list[Change]:
    xs = {p.id: p.values for p in a.study.participants}
    ys = {p.id: (i, p.values) for i, p in enumerate(b.study.participants)}
    out: list[Change] = []
    for pid in xs:
        if pid not in ys:
            out.append(Change("removed", "participant", pid, file=PARTICIPANTS))
    for pid, (i, values) in ys.items():
        line = b.line(PARTICIPANTS, ("participants", i, "id"))
        if pid not in xs:
            out.append(
                Change("added", "participant", pid, after=values, file=PARTICIPANTS, line=line)
            )
            continue
        old = xs[pid]
        for name in [*old, *(k for k in values if k not in old)]:
            p, q = old.get(name), values.get(name)
            if p != q:
                at = b.line(PARTICIPANTS, ("participants", i, name)) if name in values else line
                out.append(
                    Change(
                        "changed",
                        "participant",
                        pid,
                        field=name,
                        before=p,
                        after=q,
                        file=PARTICIPANTS,
                        line=at,
                    )
                )
    return out


def _flat(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flat(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif (
        isinstance(value, list)
        and value
        and all(isinstance(v, dict) and ("id" in v or "name" in v) for v in value)
    ):
        for v in value:
            key = str(v.get("id", v.get("name")))
            _flat(
                {k: w for k, w in v.items() if k not in ("id", "name")} or True,
                f"{prefix}.{key}",
                out,
            )
    else:
        out[prefix] = value


def compare_settings(a: Snapshot, b: Snapshot) -> list[Change]:
    """Each setting that differs, as ``rules.min_participants_per_theme``, ``fields.age.max``..."""
    xs: dict[str, Any] = {}
    ys: dict[str, Any] = {}
    if a.study.config is not None:
        _flat(a.study.config.model_dump(mode="json", exclude_none=True), "", xs)
    if b.study.config is not None:
        _flat(b.study.config.model_dump(mode="json", exclude_none=True), "", ys)
    out: list[Change] = []
    for key in dict.fromkeys([*ys, *xs]):  # in the order of the new file
        p, q = xs.get(key), ys.get(key)
        if p == q:
            continue
        kind = "added" if key not in xs else "removed" if key not in ys else "changed"
        path = tuple(key.split("."))
        line = b.line(CONFIG, path[:1]) if key in ys else None
        out.append(
            Change(kind, "setting", key, field=key, before=p, after=q, file=CONFIG, line=line)
        )
    return out
