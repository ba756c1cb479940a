"""The Diagnostic record every check produces, and the catalogue of check codes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, NamedTuple


class Severity(StrEnum):
    """How serious a finding is; ``off`` findings are dropped."""

    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


class Span(NamedTuple):
    """A 1-based position range in a file (end column exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        return cls(line, column, line, column)


TOP = Span(1, 1, 1, 1)


@dataclass(frozen=True, slots=True)
class Check:
    """A kind of finding: stable code, slug, default severity and a one-line description."""

    code: str
    slug: str
    severity: Severity
    summary: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: where it is, what it is, and how to fix it."""

    file: str
    span: Span
    severity: Severity
    code: str
    slug: str
    message: str
    hint: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.span.line, self.span.column, self.code)

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)

    def as_record(self) -> dict[str, Any]:
        """A flat, JSON-ready record with stable keys."""
        return {
            "file": self.file,
            "line": self.span.line,
            "column": self.span.column,
            "end": {"line": self.span.end_line, "column": self.span.end_column},
            "severity": self.severity.value,
            "code": self.code,
            "slug": self.slug,
            "message": self.message,
            "hint": self.hint,
        }


E, W = Severity.ERROR, Severity.WARNING

CHECKS: dict[str, Check] = {
    c.code: c
    for c in [
        # 0xx: reading files
        Check("IPA001", "yaml-syntax", E, "The file is not valid YAML."),
        Check("IPA002", "duplicate-key", E, "A key appears twice in the same mapping."),
        Check("IPA003", "tab-character", E, "A tab character is used for indentation."),
        Check("IPA004", "not-utf8", E, "The file is not UTF-8 text (or contains NUL bytes)."),
        Check("IPA005", "empty-file", E, "The file is empty."),
        Check("IPA006", "wrong-document", E, "The file's top level is not the expected mapping."),
        Check("IPA007", "unsafe-tag", E, "A YAML tag such as !!python/object is refused."),
        Check("IPA008", "alias", E, "YAML anchors and aliases are not allowed."),
        Check("IPA009", "file-too-large", E, "The file is larger than ipatool reads."),
        Check("IPA010", "missing-file", E, "A required study file is missing."),
        Check("IPA011", "unreadable-file", E, "The file could not be read."),
        Check(
            "IPA012",
            "file-not-read",
            W,
            "A file in transcripts/ that is not a .yaml or .yml transcript.",
        ),
        # 1xx: shape of one file
        Check("IPA101", "unknown-key", E, "A key that this file does not have."),
        Check("IPA102", "missing-key", E, "A required key is missing."),
        Check("IPA103", "wrong-type", E, "A value of the wrong type."),
        Check("IPA104", "invalid-value", E, "A value outside the allowed choices or range."),
        Check("IPA105", "invalid-id", E, "An id with characters ids may not have."),
        # 2xx: identity
        Check("IPA201", "duplicate-participant", E, "Two participants share an id."),
        Check("IPA202", "duplicate-transcript", E, "Two transcripts share an id."),
        Check("IPA203", "duplicate-turn", E, "Two turns of a transcript share a number."),
        Check("IPA204", "turn-order", E, "Turn numbers do not increase."),
        Check("IPA205", "duplicate-theme-id", E, "A theme, subtheme or code id is used twice."),
        Check("IPA206", "duplicate-person", E, "A coder or interviewer id is declared twice."),
        Check("IPA207", "duplicate-field", E, "A demographic field is declared twice."),
        Check(
            "IPA208",
            "participant-is-researcher",
            W,
            "A participant id that is also a coder's or an interviewer's id.",
        ),
        # 3xx: references
        Check("IPA301", "unknown-code", E, "A code is applied that themes.yaml does not define."),
        Check("IPA302", "unused-code", W, "A code is defined but never applied."),
        Check(
            "IPA303",
            "unknown-speaker",
            E,
            "A speaker who is neither a participant nor an interviewer of the transcript.",
        ),
        Check(
            "IPA304",
            "unknown-participant",
            E,
            "A transcript participant missing from participants.yaml.",
        ),
        Check(
            "IPA305", "participant-without-transcript", W, "A participant who is in no transcript."
        ),
        Check("IPA306", "unknown-coder", E, "A coder id that ipatool.yaml does not declare."),
        Check(
            "IPA307",
            "coder-not-in-coded-by",
            E,
            "A code applied by a coder not in the transcript's coded_by.",
        ),
        Check(
            "IPA308",
            "unknown-interviewer",
            E,
            "An interviewer id that ipatool.yaml does not declare.",
        ),
        Check("IPA309", "code-on-interviewer-turn", W, "A code applied to an interviewer's turn."),
        Check("IPA310", "unknown-field", E, "reporting names a field that is not declared."),
        Check(
            "IPA311",
            "coding-without-coder",
            W,
            "A coding without by in a transcript coded by two or more coders.",
        ),
        # 4xx: quotes
        Check("IPA401", "quote-not-found", E, "A quote is not an extract of its turn."),
        Check("IPA402", "empty-quote", E, "A quote is empty."),
        # 5xx: demographics
        Check("IPA501", "demographic-type", E, "A demographic value of the wrong kind."),
        Check("IPA502", "demographic-level", E, "A category value not among the declared levels."),
        Check("IPA503", "demographic-range", E, "A number outside the declared min/max."),
        Check("IPA504", "demographic-missing", W, "A required demographic value is missing."),
        Check(
            "IPA505", "undeclared-field", E, "A participant value for a field that is not declared."
        ),
        Check("IPA506", "bad-field", E, "A field declaration that cannot work (levels, min/max)."),
        # 6xx: themes
        Check(
            "IPA601", "empty-theme", W, "A theme without subthemes, or a subtheme without codes."
        ),
        Check("IPA602", "thin-theme", W, "A theme or subtheme evidenced by too few participants."),
        Check(
            "IPA603", "unevidenced-theme", W, "A theme or subtheme with no coded extract at all."
        ),
        # 62x-63x: the case-first path (statements, PETs, GETs; Smith, Flowers & Larkin, 2022)
        Check(
            "IPA620",
            "statement-on-interviewer-turn",
            E,
            "An experiential statement on a turn that is not a participant's.",
        ),
        Check("IPA621", "duplicate-statement", E, "Two experiential statements share an id."),
        Check("IPA622", "unknown-statement", E, "A PET lists a statement no transcript has."),
        Check(
            "IPA623",
            "foreign-statement",
            E,
            "A PET lists a statement made on another participant's turn.",
        ),
        Check(
            "IPA624",
            "unknown-pet-participant",
            E,
            "A PET names a participant that participants.yaml does not declare.",
        ),
        Check("IPA625", "statement-in-two-pets", E, "A statement is listed by two PETs."),
        Check("IPA626", "unplaced-statement", W, "An experiential statement that no PET lists."),
        Check(
            "IPA627", "participant-without-pets", W, "A participant with no PET (case-first path)."
        ),
        Check("IPA628", "unknown-pet", E, "A GET lists a PET that pets.yaml does not have."),
        Check("IPA629", "pet-in-two-gets", E, "A PET is drawn on by two GETs or subthemes."),
        Check("IPA630", "pet-without-get", W, "A PET that no GET draws on."),
        Check("IPA631", "duplicate-pet-or-get", E, "A PET, GET or GET subtheme id is used twice."),
        Check("IPA632", "empty-pet-or-get", W, "A PET without statements, or a GET without PETs."),
        Check(
            "IPA633",
            "thin-get",
            W,
            "A GET or GET subtheme drawing on PETs of too few participants.",
        ),
        # 7xx: transcripts
        Check("IPA701", "small-focus-group", W, "A focus group with fewer than 2 participants."),
        Check("IPA702", "crowded-interview", W, "An interview with more than one participant."),
        Check("IPA703", "bad-duration", E, "A duration that is not a positive number."),
        Check("IPA704", "bad-date", E, "A date that is not a valid YYYY-MM-DD date."),
        Check("IPA705", "silent-participant", W, "A transcript participant who never speaks."),
        Check("IPA706", "no-transcripts", W, "The study has no transcripts yet."),
        Check("IPA707", "duplicate-title", W, "Two transcripts share a title."),
        # 8xx: de-identification
        Check(
            "IPA801", "identifier-found", E, "A real name or other identifier appears in the study."
        ),
        Check("IPA802", "identifiers-file", E, "The identifiers file could not be read."),
        # 9xx: settings
        Check("IPA901", "bad-severity-override", W, "A severity override names no known check."),
    ]
}

SLUGS: dict[str, Check] = {c.slug: c for c in CHECKS.values()}


def make(
    code: str,
    file: str,
    span: Span,
    message: str,
    hint: str | None = None,
    **extra: Any,
) -> Diagnostic:
    """Build a diagnostic for a catalogued check, with its default severity."""
    check = CHECKS[code]
    return Diagnostic(file, span, check.severity, code, check.slug, message, hint, extra)


def apply_overrides(
    diagnostics: list[Diagnostic], overrides: dict[str, Severity]
) -> list[Diagnostic]:
    """Apply per-check severity overrides (keyed by code) and drop checks turned off."""
    out: list[Diagnostic] = []
    for d in diagnostics:
        sev = overrides.get(d.code)
        if sev is None:
            out.append(d)
        elif sev is not Severity.OFF:
            out.append(d.with_severity(sev))
    return out


def summary_counts(diagnostics: list[Diagnostic]) -> tuple[int, int, int]:
    """Return (errors, warnings, files with findings)."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    files = len({d.file for d in diagnostics})
    return errors, warnings, files
