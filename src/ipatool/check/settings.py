"""Settings rules: severity overrides and reporting choices name things that exist."""

from __future__ import annotations

from collections.abc import Iterator

from ipatool.diagnostics import CHECKS as CATALOGUE
from ipatool.diagnostics import SLUGS, Diagnostic, make
from ipatool.read.models import FieldKind
from ipatool.read.shape import suggest
from ipatool.read.study import Study


def severity_overrides(study: Study) -> Iterator[Diagnostic]:
    if study.config is None:
        return
    names = list(CATALOGUE) + list(SLUGS)
    for key in study.config.rules.severity:
        if key not in CATALOGUE and key not in SLUGS:
            yield make(
                "IPA901",
                Study.CONFIG,
                study.span(Study.CONFIG, ("rules", "severity", key), key=True),
                f"'{key}' is not a check code or name",
                hint=suggest(key, names) or "see docs/checks.md for the list of checks",
            )


def reporting_fields(study: Study) -> Iterator[Diagnostic]:
    cfg = study.config
    if cfg is None:
        return
    fields = {f.name: f for f in cfg.fields}
    names = list(fields)
    lists: list[tuple[tuple[str | int, ...], list[str] | None, FieldKind | None]] = [
        (("reporting", "sample_table"), cfg.reporting.sample_table, None),
        (("reporting", "participants_table"), cfg.reporting.participants_table, None),
        (("reporting", "sentence", "counts"), cfg.reporting.sentence.counts, FieldKind.CATEGORY),
        (("reporting", "sentence", "mean_sd"), cfg.reporting.sentence.mean_sd, FieldKind.NUMBER),
        (
            ("reporting", "sentence", "range_median"),
            cfg.reporting.sentence.range_median,
            FieldKind.NUMBER,
        ),
    ]
    places: list[tuple[tuple[str | int, ...], str, FieldKind | None]] = [
        ((*path, i), name, kind)
        for path, names_used, kind in lists
        for i, name in enumerate(names_used or [])
    ]
    if cfg.reporting.roles is not None:
        places.append(
            (("reporting", "roles", "field"), cfg.reporting.roles.field, FieldKind.CATEGORY)
        )
    for path, name, kind in places:
        f = fields.get(name)
        span = study.span(Study.CONFIG, path)
        if f is None:
            yield make(
                "IPA310",
                Study.CONFIG,
                span,
                f"'{name}' is not a declared field",
                hint=suggest(name, names),
            )
        elif kind is not None and f.kind is not kind:
            yield make(
                "IPA310",
                Study.CONFIG,
                span,
                f"'{name}' is a {f.kind.value} field; {_key(path)} needs {kind.value} fields",
            )


def _key(path: tuple[str | int, ...]) -> str:
    """The setting a field name stands in: ``counts`` for a list item, ``roles.field``."""
    return str(path[-2]) if isinstance(path[-1], int) else f"{path[-2]}.{path[-1]}"


CHECKS = [severity_overrides, reporting_fields]
