"""Validation: load a study, run every check, apply the study's severity overrides.

:func:`check_study` answers from the cache when not one file has changed since the last run;
that path imports neither the loader nor the checks (nor Pydantic, which they import).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ipatool.check.deidentify import (
    IdentifiersError,
    compile_identifiers,
    read_identifiers,
    scan_files,
)
from ipatool.diagnostics import CHECKS, SLUGS, TOP, Diagnostic, Severity, apply_overrides, make
from ipatool.files import (
    CONTEXT_FILES,
    TRANSCRIPT_SUFFIXES,
    find_study_root,
    transcript_listing,
)
from ipatool.read.cache import DigestCache

if TYPE_CHECKING:  # the reading machinery is imported only when a study is really read
    from ipatool.read.study import Study

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) while transcripts are read."""


class _Findings:
    """Errors and warnings of a list of diagnostics."""

    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


@dataclass
class ValidationResult(_Findings):
    """A loaded study and everything found wrong with it, sorted by file and position."""

    study: Study
    diagnostics: list[Diagnostic]


@dataclass
class CheckReport(_Findings):
    """The files of a study and what is wrong with them (no loaded study: see check_study)."""

    files: list[str]
    diagnostics: list[Diagnostic]
    from_cache: bool = False


def check_study(
    root: Path,
    *,
    identifiers: Path | None = None,
    use_cache: bool = True,
    jobs: int = 1,
    progress: Progress | None = None,
) -> CheckReport:
    """What ``ipatool validate`` runs: every check, reusing the last run's findings outright
    when not one file of the study has changed since (and no identifiers list is given)."""
    root = find_study_root(root)
    if not use_cache or identifiers is not None:
        result = validate_study(
            root,
            identifiers=identifiers,
            use_cache=use_cache,
            jobs=jobs,
            progress=progress,
            digests=False,
        )
        return CheckReport(result.study.files, result.diagnostics)
    cache = DigestCache(root)
    run_key = _run_key(root, cache)
    if run_key is not None:
        stored = _stored_report(root, cache, run_key)
        if stored is not None:
            return stored
    result = _validate(root, cache, None, jobs, progress, digests=False)
    if run_key is not None:
        cache.put_result(run_key, result.study.files, result.diagnostics)
    return CheckReport(result.study.files, result.diagnostics)


def cached_report(root: Path) -> CheckReport | None:
    """The last run's findings when not one file of the study at ``root`` (already found) has
    changed since: a stat of each transcript (its size, mtime_ns and inode, its content hash
    when one differs) and a read of the small files. None when anything changed or is unknown."""
    cache = DigestCache(root)
    run_key = _run_key(root, cache)
    return _stored_report(root, cache, run_key) if run_key is not None else None


def _run_key(root: Path, cache: DigestCache) -> str | None:
    """The key of a whole run on the study as it is now (None: a file cannot be read)."""
    keyed: list[tuple[str, str]] = []
    read, unread = transcript_listing(root)
    for path in read:
        rel = path.relative_to(root).as_posix()
        key = cache.key_for(path, rel)
        if key is None:
            return None
        keyed.append((rel, key))
    # the files under transcripts/ that are not read are warned of (IPA012): a new one must
    # not be answered from the last run
    keyed += [(p.relative_to(root).as_posix(), "<not read>") for p in unread]
    return cache.result_key(root, list(CONTEXT_FILES), keyed)


def _stored_report(root: Path, cache: DigestCache, run_key: str) -> CheckReport | None:
    stored = cache.get_result(run_key)
    if stored is None:
        return None
    if cache.dirty:  # a file touched but not changed: keep its new stat, hash it no more
        cache.save(set(cache.index))
    return CheckReport(stored[0], stored[1], from_cache=True)


_IMPORTABLE = (".txt", ".docx", ".vtt", ".srt")
"""Raw transcripts that ``ipatool import transcript`` turns into study transcripts."""


def unread_files(root: Path) -> list[Diagnostic]:
    """A warning (IPA012) for each file under transcripts/ that is not read as a transcript."""
    out: list[Diagnostic] = []
    for path in transcript_listing(root)[1]:
        rel = path.relative_to(root).as_posix()
        suffix = path.suffix.lower()
        if suffix in TRANSCRIPT_SUFFIXES:
            hint = f"rename it to end in {suffix} (lower case) to have it read"
        elif suffix in _IMPORTABLE:
            hint = (
                f"import it with 'ipatool import transcript {rel}', then move the original "
                "to raw/ (which git ignores) or out of the study"
            )
        else:
            hint = "move it out of transcripts/ (raw files belong in raw/, which git ignores)"
        out.append(
            make(
                "IPA012",
                rel,
                TOP,
                "this file is not read: transcripts are the .yaml and .yml files in "
                "transcripts/ (and its subfolders)",
                hint=hint,
            )
        )
    return out


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
    digests: bool = True,
) -> ValidationResult:
    """Load the study at ``root`` and run every check. Raises StudyNotFound for a non-study.

    ``use_cache`` reuses what was read of unchanged transcripts (``.ipatool-cache``); ``jobs``
    reads a large study in that many processes; ``digests=False`` skips the tables' material
    (each transcript's codings and extracts), which checking does not need.
    """
    root = find_study_root(root)
    cache = DigestCache(root) if use_cache else None
    return _validate(root, cache, identifiers, jobs, progress, digests=digests)


def _validate(
    root: Path,
    cache: DigestCache | None,
    identifiers: Path | None,
    jobs: int,
    progress: Progress | None,
    *,
    digests: bool,
) -> ValidationResult:
    """Load a study folder (already found) with this cache, run every check, apply overrides."""
    # here: an unchanged study's findings come from the cache without these (and Pydantic)
    from ipatool.check.registry import run_checks
    from ipatool.read.loader import load_study

    study, diags = load_study(root, cache=cache, jobs=jobs, progress=progress, digests=digests)
    diags += run_checks(study)
    diags += unread_files(root)
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
