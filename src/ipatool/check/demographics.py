"""Demographic rules: each participant's values fit the fields declared in ipatool.yaml."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from ipatool.diagnostics import Diagnostic, make
from ipatool.read.models import DemographicField, FieldKind
from ipatool.read.shape import describe_value, suggest
from ipatool.read.study import Study


def field_declarations(study: Study) -> Iterator[Diagnostic]:
    if study.config is None:
        return
    for i, f in enumerate(study.config.fields):
        if f.kind is FieldKind.CATEGORY and not f.levels:
            yield make(
                "IPA506",
                Study.CONFIG,
                study.span(Study.CONFIG, ("fields", i, "name")),
                f"the category field '{f.name}' declares no levels",
                hint="list the allowed values under 'levels'",
            )
        for level in f.plurals or {}:
            if level not in (f.levels or []):
                yield make(
                    "IPA506",
                    Study.CONFIG,
                    study.span(Study.CONFIG, ("fields", i, "plurals", level), key=True),
                    f"'{level}' in plurals is not a level of '{f.name}'",
                    hint=suggest(level, f.levels or []),
                )
        if f.kind is not FieldKind.CATEGORY and f.levels:
            yield make(
                "IPA506",
                Study.CONFIG,
                study.span(Study.CONFIG, ("fields", i, "levels")),
                f"'levels' only applies to category fields, and '{f.name}' is a {f.kind.value} field",
            )
        if (f.min is not None or f.max is not None) and f.kind is not FieldKind.NUMBER:
            yield make(
                "IPA506",
                Study.CONFIG,
                study.span(Study.CONFIG, ("fields", i, "min" if f.min is not None else "max")),
                f"'min' and 'max' only apply to number fields, and '{f.name}' is a {f.kind.value} field",
            )
        if f.min is not None and f.max is not None and f.min > f.max:
            yield make(
                "IPA506",
                Study.CONFIG,
                study.span(Study.CONFIG, ("fields", i, "min")),
                f"the field '{f.name}' has min {f.min:g} above max {f.max:g}",
            )


def participant_values(study: Study) -> Iterator[Diagnostic]:
    if study.config is None:
        return
    fields = {f.name: f for f in study.config.fields}
    names = list(fields)
    broken = {
        f.name
        for f in study.config.fields
        if f.min is not None and f.max is not None and f.min > f.max
    }
    for i, p in enumerate(study.participants):
        values = p.values
        for key, value in values.items():
            path = ("participants", i, key)
            f = fields.get(key)
            if f is None:
                hint = suggest(key, names) or (
                    "declare the field in ipatool.yaml under 'fields'"
                    if names
                    else "declare demographic fields in ipatool.yaml under 'fields'"
                )
                yield make(
                    "IPA505",
                    Study.PARTICIPANTS,
                    study.span(Study.PARTICIPANTS, path, key=True),
                    f"'{key}' is not a demographic field declared in ipatool.yaml",
                    hint=hint,
                )
                continue
            if value is not None:
                yield from _check_value(study, f, value, path, p.id, ranges=key not in broken)
        for f in study.config.fields:
            if f.required and values.get(f.name) is None:
                yield make(
                    "IPA504",
                    Study.PARTICIPANTS,
                    study.span(Study.PARTICIPANTS, ("participants", i, "id")),
                    f"participant '{p.id}' has no value for '{f.name}'",
                    hint="a missing value is reported as missing in tables; "
                    "mark the field 'required: false' if that is expected",
                )


def _check_value(
    study: Study,
    f: DemographicField,
    value: Any,
    path: tuple[str | int, ...],
    pid: str,
    *,
    ranges: bool = True,
) -> Iterator[Diagnostic]:
    if f.kind is FieldKind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            yield make(
                "IPA501",
                Study.PARTICIPANTS,
                study.span(Study.PARTICIPANTS, path),
                f"'{f.name}' of '{pid}' should be a number, not {describe_value(value)}",
            )
            return
        if isinstance(value, float) and not math.isfinite(value):
            yield make(
                "IPA501",
                Study.PARTICIPANTS,
                study.span(Study.PARTICIPANTS, path),
                f"'{f.name}' of '{pid}' should be a finite number, not {value}",
            )
            return
        if not ranges:
            return  # the field's own min/max are contradictory (reported as IPA506)
        if f.min is not None and value < f.min:
            yield make(
                "IPA503",
                Study.PARTICIPANTS,
                study.span(Study.PARTICIPANTS, path),
                f"'{f.name}' of '{pid}' is {_figure(value)}, below the minimum {f.min:g}",
            )
        if f.max is not None and value > f.max:
            yield make(
                "IPA503",
                Study.PARTICIPANTS,
                study.span(Study.PARTICIPANTS, path),
                f"'{f.name}' of '{pid}' is {_figure(value)}, above the maximum {f.max:g}",
            )
    elif f.kind is FieldKind.CATEGORY:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            yield make(
                "IPA501",
                Study.PARTICIPANTS,
                study.span(Study.PARTICIPANTS, path),
                f"'{f.name}' of '{pid}' should be one of its levels, not {describe_value(value)}",
            )
            return
        levels = f.levels or []
        if levels and str(value) not in levels:
            yield make(
                "IPA502",
                Study.PARTICIPANTS,
                study.span(Study.PARTICIPANTS, path),
                f"'{value}' is not a level of '{f.name}' (levels: {', '.join(levels)})",
                hint=suggest(str(value), levels),
            )
    elif not isinstance(value, str | int | float) or isinstance(value, bool):
        yield make(
            "IPA501",
            Study.PARTICIPANTS,
            study.span(Study.PARTICIPANTS, path),
            f"'{f.name}' of '{pid}' should be text, not {describe_value(value)}",
        )


CHECKS = [field_declarations, participant_values]


def _figure(value: float) -> str:
    """A number for a message: ``45``, ``1.5e+308``; an int beyond the largest float by its size."""
    if isinstance(value, int) and abs(value) >= 2**1024:
        return f"an integer of about {round(value.bit_length() * math.log10(2))} digits"
    return f"{value:g}"
