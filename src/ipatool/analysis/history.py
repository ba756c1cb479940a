"""The analytic audit trail as a table (``render --table history``), for a thesis appendix or
a paper's supplementary material: per commit that touched the study, its date, author and
message, what it changed in the codebook and the themes, and how many codings.

The history comes from git, and analysis does no I/O: the command line reads it (see
``ipatool.review.history``) and hands it over as
:class:`~ipatool.analysis.audit.AuditCommit` records in
:attr:`Options.history <ipatool.analysis.grid.Options.history>`. The table is drawn only when
named.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipatool.analysis.audit import AuditCommit
from ipatool.analysis.grid import Column, Context, Grid, Omitted, Row, fields_to_json

TITLE = "Analytic Audit Trail: Changes to the Codebook and the Themes"
MESSAGE_WIDTH = 72
"""Longer commit messages are cut here (with an ellipsis)."""


@dataclass(frozen=True, slots=True)
class HistoryData:
    """The audit trail, oldest commit first."""

    name: str
    title: str
    commits: tuple[AuditCommit, ...]
    notes: tuple[str, ...]

    to_json = fields_to_json

    def grid(self) -> Grid:
        cols = (
            Column("Date"),
            Column("Author"),
            Column("Commit", "center"),
            Column("Message"),
            Column("Codebook and themes"),
            Column("Codings", "right"),
        )
        rows = tuple(
            Row(
                (
                    c.date[:10],
                    c.author,
                    c.commit[:7],
                    short(c.message),
                    _changes(c),
                    str(c.codings),
                )
            )
            for c in self.commits
        )
        return Grid(self.name, self.title, cols, rows, self.notes, wide=True)


def short(message: str) -> str:
    """The message cut to at most :data:`MESSAGE_WIDTH` characters, an ellipsis marking the
    cut: after a word when one ends in the second half, else inside the word."""
    if len(message) <= MESSAGE_WIDTH:
        return message
    cut = message[: MESSAGE_WIDTH - 1]
    space = cut.rfind(" ")
    if space > MESSAGE_WIDTH // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def _changes(c: AuditCommit) -> str:
    lines = list(c.codebook)
    if c.other:
        lines.append(f"{c.other} other change{'' if c.other == 1 else 's'}")
    return "\n".join(lines) or "–"


def build_history(ctx: Context) -> HistoryData | Omitted:
    """The audit trail the caller read from git; omitted when it read none."""
    commits = ctx.options.history
    if commits is None:
        return Omitted(
            "history",
            "the history is read from git by `ipatool render --table history` (analysis reads "
            "no repository)",
        )
    if not commits:
        return Omitted("history", "no commit touched the study")
    n = len(commits)
    notes = (
        f"{n} commit{'' if n == 1 else 's'} that changed the study, oldest first, each compared "
        "with its parent by meaning (ipatool history). Codebook and themes: themes, "
        "subthemes and codes added, removed, renamed, merged, split, moved, relabelled or "
        "redefined. Codings: codings added, removed, moved, or whose quote, coders or exemplar "
        "changed. Other changes: transcripts, turns, notes, participants and settings.",
    )
    return HistoryData("history", TITLE, tuple(commits), notes)
