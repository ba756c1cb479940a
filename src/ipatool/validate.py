"""Validation: load a study, run every check, apply the study's severity overrides."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ipatool.cache import DigestCache
from ipatool.checks import run_checks
from ipatool.diagnostics import CHECKS, SLUGS, TOP, Diagnostic, Severity, apply_overrides, make
from ipatool.identifiers import IdentifiersError, compile_identifiers, read_identifiers, scan_files
from ipatool.loader import Progress, find_study_root, load_study
from ipatool.study import Study


@dataclass
class ValidationResult:
    """A loaded study and everything found wrong with it, sorted by file and position."""

    study: Study
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


def severity_overrides(study: Study) -> dict[str, Severity]:
    """The study's ``rules.severity`` keyed by check code (slugs resolved)."""
    if study.config is None:
        return {}
    out: dict[str, Severity] = {}
    for key, value in study.config.rules.severity.items():
        check = CHECKS.get(key) or SLUGS.get(key)
        if check is not None:
            out[check.code] = Severity(value)
    return out


def validate_study(
    root: Path,
    *,
    identifiers: Path | None = None,
    use_cache: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
) -> ValidationResult:
    """Load the study at ``root`` and run every check. Raises StudyNotFound for a non-study.

    ``use_cache`` reuses the digests of unchanged transcripts (``.ipatool-cache``); ``jobs``
    reads a large study in that many processes.
    """
    root = find_study_root(root)
    cache = DigestCache(root) if use_cache else None
    study, diags = load_study(root, cache=cache, jobs=jobs, progress=progress)
    diags += run_checks(study)
    if identifiers is not None:
        try:
            pattern = compile_identifiers(read_identifiers(identifiers))
        except IdentifiersError as exc:
            diags.append(make("IPA802", "(identifiers)", TOP, str(exc)))
        else:
            if pattern is not None:
                diags += scan_files(root, study.files, pattern)
    diags = apply_overrides(diags, severity_overrides(study))
    diags.sort(key=lambda d: d.sort_key)
    return ValidationResult(study, diags)
