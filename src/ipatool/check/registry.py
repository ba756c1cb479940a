"""The registry of cross-file checks: plain functions from a loaded Study to diagnostics, in order."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ipatool.check import demographics, experiential, identity, references, settings, themes
from ipatool.diagnostics import Diagnostic
from ipatool.read.study import Study

StudyCheck = Callable[[Study], Iterable[Diagnostic]]

REGISTRY: list[StudyCheck] = [
    *settings.CHECKS,
    *identity.CHECKS,
    *references.CHECKS,
    *demographics.CHECKS,
    *themes.CHECKS,
    *experiential.CHECKS,
]


def run_checks(study: Study) -> list[Diagnostic]:
    """Run every registered cross-file check and collect what they find."""
    out: list[Diagnostic] = []
    for check in REGISTRY:
        out.extend(check(study))
    return out
