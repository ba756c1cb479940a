"""The history as text (one block per commit, newest last: as it happened), and as the
records of the audit-trail table (``render --table history``)."""

from __future__ import annotations

from typing import Any

from ipatool.analysis.audit import AuditCommit
from ipatool.review.changes import Change
from ipatool.review.formats import describe
from ipatool.review.history import Entry

_WORDS = {
    "themes": "theme",
    "subthemes": "subtheme",
    "codes": "code",
    "gets": "GET",
    "pets": "PET",
    "statements": "statement",
}


def created(e: Entry) -> str:
    """``study created: 4 themes, 17 subthemes, 44 codes`` (the commit that made the study);
    ``study created: 2 GETs, 4 subthemes, 12 PETs, 25 statements`` on the case-first path."""
    counts = ", ".join(f"{n} {_WORDS[kind]}{'' if n == 1 else 's'}" for kind, n in e.made().items())
    return f"study created: {counts}"


def _list(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def audit_line(c: Change) -> str:
    """A change to the codebook in a few words, for a table cell: a redefinition names the
    field, not the texts (``ipatool diff`` shows them)."""
    name = f"{c.entity} {c.id}"
    if c.kind == "renamed":
        return f"{name} renamed {c.new_id}"
    if c.kind == "merged":
        return f"{c.entity}s {_list(c.before)} merged into {c.id}"
    if c.kind == "split":
        return f"{name} split into {_list(c.after)}"
    if c.kind == "moved":
        return f"{name} moved from {c.before} to {c.after}"
    if c.kind == "changed" and c.field == "label":
        return f"{name} relabelled “{c.after}” (was “{c.before}”)"
    if c.kind == "changed":
        return f"{name}: {c.field} changed"
    label = c.after if c.kind == "added" else c.before
    return f"{name} {c.kind}" + (f" ({label})" if label else "")


def audit_commits(entries: list[Entry]) -> tuple[AuditCommit, ...]:
    """The history as the audit-trail table takes it (the commit that created the study is
    summarised, its other changes not counted)."""
    return tuple(
        AuditCommit(
            e.commit,
            e.date,
            e.author,
            e.message,
            (created(e),) if e.created else tuple(audit_line(c) for c in e.codebook),
            sum(e.codings.values()),
            0 if e.created else e.other,
        )
        for e in entries
    )


def history_text(entries: list[Entry], what: str = "the study") -> str:
    """One block per commit; ``what`` names what no commit touched, when none did."""
    if not entries:
        return f"No commit touched {what}.\n"
    lines: list[str] = []
    for e in entries:
        lines.append(f"{e.commit[:10]}  {e.date}  {e.author}")
        lines.append(f"    {e.message}")
        if e.created:
            lines.append(f"    {created(e)}")
        else:
            lines += [f"    {describe(c)}" for c in e.codebook]
        if e.codings:
            parts = ", ".join(f"{n} {kind}" for kind, n in sorted(e.codings.items()))
            lines.append(f"    codings: {parts}")
        if e.statements and not e.created:  # the study's creation counts them already
            parts = ", ".join(f"{n} {kind}" for kind, n in sorted(e.statements.items()))
            lines.append(f"    statements: {parts}")
        if e.other:
            lines.append(
                f"    {e.other} other change{'s' if e.other != 1 else ''} (transcripts, turns, participants, settings)"
            )
        lines += [f"    ! {p}" for p in e.problems]
        lines.append("")
    return "\n".join(lines)
