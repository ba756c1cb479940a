"""A comparison as text (the terminal), Markdown (a pull-request comment), JSON, or GitHub
annotations on the changed lines. Plain strings: the command line prints them (and colours
the text on a terminal by each line's first character: ``+`` added, ``-`` removed, ``~`` other)."""

from __future__ import annotations

import json
from typing import Any

from ipatool.review.changes import Change, Comparison, Effect

SECTIONS = (
    ("Codebook and themes", ("theme", "subtheme", "code")),
    ("Codings", ("coding",)),
    ("Transcripts and turns", ("transcript", "turn", "note")),
    ("Statements, PETs and GETs", ("statement", "pet", "get", "get_subtheme")),
    ("Participants", ("participant",)),
    ("Settings", ("setting",)),
)
MARKS = {"added": "+", "removed": "-"}


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 70 else text[:67] + "..."


def _pair(before: Any, after: Any) -> str:
    """``before -> after``; two long texts are shown from a little before where they differ."""
    if isinstance(before, str) and isinstance(after, str) and max(len(before), len(after)) > 70:
        same = next(
            (i for i, (x, y) in enumerate(zip(before, after, strict=False)) if x != y), None
        )
        if same is None:
            same = min(len(before), len(after))
        start = max(0, same - 20)
        lead = "..." if start else ""
        return f"{_show(lead + before[start:])} -> {_show(lead + after[start:])}"
    return f"{_show(before)} -> {_show(after)}"


def describe(c: Change) -> str:
    """One change in words."""
    where = f" in {c.transcript}" if c.transcript and c.entity != "transcript" else ""
    if c.turn is not None and c.entity != "turn":
        where += f" turn {c.turn}"
    name = f"{c.entity} {c.id}"
    if c.kind == "renamed":
        return f"{c.entity} renamed: {c.id} -> {c.new_id}"
    if c.kind == "merged":
        return f"{c.entity}s merged: {_show(c.before)} -> {c.id}"
    if c.kind == "split":
        return f"{c.entity} split: {c.id} -> {_show(c.after)}"
    if c.kind == "moved":
        return f"{name} moved{where}: {c.field} {_pair(c.before, c.after)}"
    if c.kind == "changed":
        return f"{name}{where}: {c.field} {_pair(c.before, c.after)}"
    detail = c.after if c.kind == "added" else c.before
    shown = (
        f" ({_show(detail)})"
        if detail is not None and c.entity not in ("turn", "participant")
        else ""
    )
    return f"{name} {c.kind}{where}{shown}"


def describe_effect(e: Effect) -> str:
    return f"{e.table}: {e.id} {e.measure} {_show(e.before)} -> {_show(e.after)}"


def summary(cmp: Comparison) -> str:
    """One line: how many changes of each kind, how many figures moved."""
    if not cmp.changes:
        return f"No change of meaning from {cmp.before} to {cmp.after}."
    counts: dict[str, int] = {}
    for c in cmp.changes:
        counts[c.kind] = counts.get(c.kind, 0) + 1
    parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    n = len(cmp.changes)
    return (
        f"{n} change{'s' if n != 1 else ''} from {cmp.before} to {cmp.after} ({parts}); "
        f"{len(cmp.effects)} figure{'s' if len(cmp.effects) != 1 else ''} in the tables changed."
    )


def _grouped(cmp: Comparison) -> list[tuple[str, list[Change]]]:
    return [
        (title, [c for c in cmp.changes if c.entity in entities])
        for title, entities in SECTIONS
        if any(c.entity in entities for c in cmp.changes)
    ]


def to_text(cmp: Comparison) -> str:
    lines = [summary(cmp)]
    for title, changes in _grouped(cmp):
        lines += ["", f"{title}:"]
        lines += [f"{MARKS.get(c.kind, '~')} {describe(c)}" for c in changes]
    if cmp.effects:
        lines += ["", "Effects on the tables:"]
        lines += [f"~ {describe_effect(e)}" for e in cmp.effects]
    for note in [*cmp.notes, *cmp.problems]:
        lines.append(f"! {note}")
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    return _show(value).replace("|", "\\|")


def to_md(cmp: Comparison) -> str:
    lines = [f"**ipatool diff**: {summary(cmp)}"]
    for title, changes in _grouped(cmp):
        lines += ["", f"### {title}", ""]
        lines += ["- " + describe(c).replace("|", "\\|") for c in changes]
    if cmp.effects:
        lines += ["", "### Effects on the tables", "", "| table | id | measure | before | after |"]
        lines.append("| --- | --- | --- | --- | --- |")
        lines += [
            f"| {e.table} | {e.id} | {e.measure} | {_cell(e.before)} | {_cell(e.after)} |"
            for e in cmp.effects
        ]
    if cmp.notes or cmp.problems:
        lines += ["", "### Not compared", ""]
        lines += [f"- {note}" for note in [*cmp.notes, *cmp.problems]]
    return "\n".join(lines) + "\n"


def to_json(cmp: Comparison) -> str:
    return json.dumps(cmp.to_json(), ensure_ascii=False, indent=2) + "\n"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def to_github(cmp: Comparison) -> str:
    """``::notice`` per change on its file and line (the study's path from the repository top
    is ``prefix``); effects that flip recurrence or the evidence rule as ``::warning``."""
    lines = []
    prefix = cmp.prefix
    for c in cmp.changes:
        place = ""
        if c.file:
            place = f" file={prefix + '/' if prefix else ''}{c.file}"
            if c.line:
                place += f",line={c.line}"
        lines.append(f"::notice{place}::{_escape(describe(c))}")
    for e in cmp.effects:
        level = "warning" if e.measure in ("recurrent", "meets_evidence_rule") else "notice"
        lines.append(f"::{level}::{_escape(describe_effect(e))}")
    return "\n".join(lines) + ("\n" if lines else "")


FORMATS = {"text": to_text, "md": to_md, "json": to_json, "github": to_github}
