"""The history as text: one block per commit, newest last (as it happened)."""

from __future__ import annotations

from ipatool.review.formats import describe
from ipatool.review.history import Entry


def history_text(entries: list[Entry]) -> str:
    if not entries:
        return "No commit touched the study.\n"
    lines: list[str] = []
    for e in entries:
        lines.append(f"{e.commit[:10]}  {e.date}  {e.author}")
        lines.append(f"    {e.message}")
        if e.created:
            made = [c.entity for c in e.codebook if c.kind == "added"]
            counts = ", ".join(f"{made.count(k)} {k}s" for k in ("theme", "subtheme", "code"))
            lines.append(f"    study created: {counts}")
        else:
            lines += [f"    {describe(c)}" for c in e.codebook]
        if e.codings:
            parts = ", ".join(f"{n} {kind}" for kind, n in sorted(e.codings.items()))
            lines.append(f"    codings: {parts}")
        if e.other:
            lines.append(
                f"    {e.other} other change{'s' if e.other != 1 else ''} (transcripts, turns, participants, settings)"
            )
        lines += [f"    ! {p}" for p in e.problems]
        lines.append("")
    return "\n".join(lines)
