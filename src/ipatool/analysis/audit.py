"""One commit of a study's history as the audit-trail table takes it: plain values that the
command line reads from git and hands to analysis (which reads no repository)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AuditCommit:
    """One commit of the study's history, as the table shows it."""

    commit: str
    """The commit id (the table shows its first 7 characters, as git does)."""
    date: str
    """The author date, ISO 8601 with its time zone."""
    author: str
    message: str
    """The subject line of the commit message."""
    codebook: tuple[str, ...]
    """The changes to themes, subthemes and codes, each in words."""
    codings: int
    """Codings added, removed, changed or moved."""
    other: int = 0
    """Other changes (transcripts, turns, notes, participants, settings)."""
