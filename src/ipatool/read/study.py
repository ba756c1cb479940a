"""The typed, loaded study: settings, participants, themes and a digest of every transcript.

A transcript is reduced, right after it is read, to its *facts* (the ids it uses, for the
cross-file checks) and, when tables are wanted, its *digest* (its metadata, its turns' speakers
and every coding with its extract), so a study of thousands of transcripts fits in memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from ipatool import files as layout
from ipatool.diagnostics import TOP, Span
from ipatool.read.models import (
    Code,
    CountCodings,
    Get,
    NoteKind,
    Participant,
    Pet,
    StudyConfig,
    Subtheme,
    Theme,
    TranscriptKind,
)
from ipatool.read.yamlio import Locator


class Ref(NamedTuple):
    """An id as written in a file, with where it was written."""

    id: str
    span: Span


class TurnInfo(NamedTuple):
    """A turn's number and speaker id (the unit of coding)."""

    n: int
    speaker: str


Turns = tuple[TurnInfo, ...]
"""A transcript's turns, in file order."""


class Coding(NamedTuple):
    """One application of a code to a turn: the code id, and who applied it (None: every coder
    of the transcript)."""

    code: str
    by: tuple[str, ...] | None
    turn: int
    speaker: str
    quote: str | None
    extract: str
    exemplar: bool


class StatementText(NamedTuple):
    """An experiential statement as the tables need it: its id, turn, speaker, wording and the
    words it rests on (its quote, or the whole turn)."""

    id: str
    turn: int
    speaker: str
    text: str
    quote: str | None
    extract: str


class StatementRef(NamedTuple):
    """An experiential statement as the checks need it: its id (where written), turn and speaker."""

    id: str
    turn: int
    speaker: str
    span: Span


class TurnNote(NamedTuple):
    """An exploratory note on a turn: its kind (descriptive, linguistic, conceptual), who wrote
    it (None: not said) and its text."""

    turn: int
    speaker: str
    kind: NoteKind
    by: str | None
    text: str


@dataclass(slots=True)
class TranscriptDigest:
    """What the tables need of one transcript file: ids only, no positions (checks work on
    :class:`TranscriptFacts`), so that thousands of digests load from the cache quickly."""

    file: str
    id: str
    kind: TranscriptKind
    title: str | None
    date: dt.date | None
    duration_min: float | None
    interviewers: tuple[str, ...]
    participants: tuple[str, ...]
    coded_by: tuple[str, ...] | None
    turns: Turns
    codings: list[Coding]
    partial: bool = False
    """True when malformed turns were left out (the file's own findings say which)."""
    statements: list[StatementText] = field(default_factory=list)
    """Its experiential statements, in file order (the case-first path)."""
    conceptual_turns: tuple[int, ...] = ()
    """The turns that carry a conceptual note (the quality table's share); the notes themselves
    are read from the file by a caller that draws them (``Options.turn_notes``)."""

    @property
    def participant_ids(self) -> list[str]:
        return list(self.participants)

    @property
    def coder_ids(self) -> list[str] | None:
        return None if self.coded_by is None else list(self.coded_by)

    @property
    def display_title(self) -> str:
        return self.title or self.id


Evidence = dict[str, dict[str, list[str]]]
"""Who evidences what, grouped by who coded it: ``by`` key -> code id -> speakers. The ``by``
key is :data:`EVERY_CODER` when a coding has no ``by`` (everyone who coded the transcript),
else the coders joined with ``+`` (which ids cannot contain)."""

EVERY_CODER = "*"


def by_key(by: tuple[str, ...] | list[str] | None) -> str:
    """The :data:`Evidence` key of a coding's ``by``."""
    return EVERY_CODER if by is None else "+".join(by)


def by_from_key(key: str) -> tuple[str, ...] | None:
    """The coders of an :data:`Evidence` key (None: everyone who coded the transcript)."""
    return None if key == EVERY_CODER else tuple(key.split("+")) if key else ()


@dataclass(slots=True)
class TranscriptFacts:
    """The little that cross-file checks need of one transcript: which ids it uses where.

    Only the ids used are kept, not every place they are used: a check that finds one id
    wrong asks :func:`ipatool.read.refs.find_refs` for its positions, which re-reads that one file.
    So a study of thousands of transcripts loads its facts from the cache in a blink.
    """

    file: str
    id: Ref
    kind: TranscriptKind
    interviewers: tuple[Ref, ...]
    participants: tuple[Ref, ...]
    coded_by: tuple[Ref, ...] | None
    speakers: list[str]
    codes: list[str]
    by: list[str]
    note_by: list[str]
    evidence: Evidence
    partial: bool = False
    statements: list[StatementRef] = field(default_factory=list)
    """Its experiential statements, in file order, with where each id is written."""
    title: Ref | None = None
    """The transcript's ``title`` (as text) and where it is written; None without one."""

    @property
    def participant_ids(self) -> list[str]:
        return [r.id for r in self.participants]

    @property
    def coder_ids(self) -> list[str] | None:
        return None if self.coded_by is None else [r.id for r in self.coded_by]


@dataclass(frozen=True, slots=True)
class CodePlace:
    """Where a code sits in the hierarchy."""

    theme: Theme
    subtheme: Subtheme
    code: Code


@dataclass
class Study:
    """A loaded study. Parts that failed to load are None or empty; diagnostics say why."""

    root: str
    config: StudyConfig | None = None
    participants: list[Participant] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    gets: list[Get] = field(default_factory=list)
    """The group experiential themes of themes.yaml (the case-first path)."""
    pets: list[Pet] = field(default_factory=list)
    """The personal experiential themes of pets.yaml (the case-first path)."""
    transcripts: list[TranscriptDigest] = field(default_factory=list)
    """Digests of the transcripts that loaded (empty when only facts were asked for)."""
    facts: list[TranscriptFacts] = field(default_factory=list)
    """Facts of every transcript that loaded, for cross-file checks."""
    locators: dict[str, Locator] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    complete: set[str] = field(default_factory=set)
    """The settings, participants and themes files that loaded without a single finding."""

    CONFIG = layout.CONFIG
    PARTICIPANTS = layout.PARTICIPANTS
    THEMES = layout.THEMES
    PETS = layout.PETS

    def span(self, file: str, path: tuple[str | int, ...], *, key: bool = False) -> Span:
        """Where ``path`` is in one of the small files (settings, participants, themes)."""
        loc = self.locators.get(file)
        return loc.span(path, key=key) if loc is not None else TOP

    @property
    def coder_ids(self) -> list[str]:
        return [c.id for c in self.config.coders] if self.config else []

    @property
    def case_first(self) -> bool:
        """Does the study take the case-first path (PETs or GETs; Smith et al., 2022)?"""
        return bool(self.pets or self.gets)

    @property
    def interviewer_ids(self) -> list[str]:
        return [c.id for c in self.config.interviewers] if self.config else []

    def code_places(self) -> dict[str, CodePlace]:
        """Every defined code id with its theme and subtheme (first definition wins)."""
        out: dict[str, CodePlace] = {}
        for theme in self.themes:
            for sub in theme.subthemes:
                for code in sub.codes:
                    out.setdefault(code.id, CodePlace(theme, sub, code))
        return out

    def coders_of(self, t: TranscriptDigest | TranscriptFacts) -> list[str]:
        """The coders who coded a transcript (its ``coded_by``, or every declared coder)."""
        own = t.coder_ids
        return own if own is not None else self.coder_ids

    def applied_by(self, t: TranscriptDigest, c: Coding) -> list[str]:
        """The coders who applied a coding (its ``by``, or every coder of the transcript)."""
        if c.by is not None:
            return list(c.by)
        return self.coders_of(t)

    def counts(self, t: TranscriptDigest, c: Coding) -> bool:
        """Does this coding count in the tables, under the study's ``count_codings`` rule?"""
        return self.counts_by(t, c.by)

    def counts_by(self, t: TranscriptDigest | TranscriptFacts, by: tuple[str, ...] | None) -> bool:
        """Does a coding applied by ``by`` (None: every coder) count under ``count_codings``?"""
        rule = self.config.rules.count_codings if self.config else CountCodings.ANY
        coders = self.coders_of(t)
        applied = set(coders if by is None else by)
        if rule is CountCodings.ANY:
            return bool(applied)
        pool = set(coders) or applied
        agreeing = len(applied & pool)
        if rule is CountCodings.ALL:
            return agreeing == len(pool)
        return agreeing * 2 > len(pool)
