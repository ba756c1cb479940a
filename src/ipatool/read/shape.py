"""Validate a parsed document against its model and word Pydantic's errors in plain English."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ipatool.diagnostics import Diagnostic, Span, make
from ipatool.read.yamlio import Locator, YamlDocument, YamlPath

M = TypeVar("M", bound=BaseModel)

_KIND_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "date_type": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD",
}

_YAML11_BOOLEANS = {
    "yes": "true",
    "y": "true",
    "on": "true",
    "no": "false",
    "n": "false",
    "off": "false",
}
"""Words older YAML (and pydantic's lax mode) took as booleans; here they are text."""

_SPECIAL_CODES = {"date": "IPA704", "duration_min": "IPA703"}
_ISO_DATE = re.compile(r"^\d{4}-\d\d?-\d\d?$")


def validate_model(
    doc: YamlDocument, model: type[M], *, what: str
) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``doc.data`` with ``model``; every error becomes a positioned diagnostic."""
    loc = doc.locator
    if not isinstance(doc.data, dict):
        got = describe_value(doc.data)
        return None, [
            make(
                "IPA006",
                doc.file,
                loc.span(()),
                f"{what} must be a mapping of keys to values, but the file holds {got}",
            )
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, errors_to_diagnostics(exc.errors(include_url=False), doc.data, loc, model)


def describe_value(value: Any) -> str:
    """A short plain-English description of a value, for messages."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the true/false value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _name(path: Sequence[str | int]) -> str:
    for step in reversed(path):
        if isinstance(step, str):
            return step
    return "this item"


def _fields_at(model: type[BaseModel], path: Sequence[str | int]) -> list[str]:
    """The field names allowed at ``path`` (for 'did you mean')."""
    current: Any = model
    for step in path:
        if isinstance(step, int):
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or step not in fields:
            return []
        current = _inner_model(fields[step].annotation)
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def suggest(word: str, choices: Sequence[str]) -> str | None:
    """'did you mean ...' text for the closest choice, or None."""
    options = list(choices)
    folded = {c.casefold(): c for c in options}
    if word.casefold() in folded and folded[word.casefold()] != word:
        return f"did you mean '{folded[word.casefold()]}'?"
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lower = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
        close = [folded[lower[0]]] if lower else []
    return f"did you mean '{close[0]}'?" if close else None


def _value_at(data: Any, path: YamlPath) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


_CHOICE_ERRORS = frozenset({"enum", "literal_error"})
_RANGE_ERRORS = frozenset(
    {"greater_than_equal", "less_than_equal", "greater_than", "less_than", "too_short"}
)


def errors_to_diagnostics(
    errors: list[ErrorDetails], data: Any, loc: Locator, model: type[BaseModel]
) -> list[Diagnostic]:
    """Turn Pydantic error records into plain-English, positioned diagnostics (one for each
    place and kind of error, in Pydantic's order)."""
    out: list[Diagnostic] = []
    seen: set[tuple[YamlPath, str]] = set()
    for err in errors:
        path: YamlPath = tuple(p for p in err["loc"] if isinstance(p, str | int))
        if (path, err["type"]) not in seen:
            seen.add((path, err["type"]))
            out.append(_diagnostic(err, path, data, loc, model))
    return out


def _diagnostic(
    err: ErrorDetails, path: YamlPath, data: Any, loc: Locator, model: type[BaseModel]
) -> Diagnostic:
    """The diagnostic of one error record at ``path``, worded for its kind of error."""
    etype = err["type"]
    if etype == "extra_forbidden":
        return _unknown_key(path, loc, model)
    if etype == "missing":
        return _missing_key(path, loc)
    name, value, span = _name(path), _value_at(data, path), loc.span(path)
    written = _value_at(data, path[:-1]) if path and isinstance(path[-1], int) else None
    if isinstance(written, str):
        # one id written where a list may be (``by: HP``): the error is about the whole text,
        # not its first character
        value, span = written, loc.span(path[:-1])
        if etype == "string_pattern_mismatch" and _comma_list(written):
            return _comma_separated(name, written, loc.file, span)
    if etype in _CHOICE_ERRORS:
        return _not_a_choice(err, name, value, loc.file, span)
    if etype == "string_pattern_mismatch":
        hint = "ids use letters, digits, '-', '_' and '.', and start with a letter or digit"
        return make("IPA105", loc.file, span, _id_message(name, value), hint=hint)
    if etype in _RANGE_ERRORS:
        return make("IPA104", loc.file, span, _range_message(name, etype, err, value))
    return _wrong_type(err, path, name, value, loc.file, span)


def _unknown_key(path: YamlPath, loc: Locator, model: type[BaseModel]) -> Diagnostic:
    """IPA101, with the closest allowed key (or every allowed key) as the hint."""
    allowed = _fields_at(model, path[:-1])
    hint = suggest(str(path[-1]), allowed)
    if hint is None and allowed:
        hint = "allowed keys here: " + ", ".join(allowed)
    return make(
        "IPA101", loc.file, loc.span(path, key=True), f"unknown key '{path[-1]}'", hint=hint
    )


def _missing_key(path: YamlPath, loc: Locator) -> Diagnostic:
    """IPA102, placed on the mapping the key is missing from."""
    parent = path[:-1]
    where = f"'{_name(parent)}'" if parent else "the file"
    if parent and isinstance(parent[-1], int):
        where = f"this {_name(parent).rstrip('s')} entry"
    return make(
        "IPA102",
        loc.file,
        loc.span(parent),
        f"the required key '{path[-1]}' is missing from {where}",
    )


def _not_a_choice(err: ErrorDetails, name: str, value: Any, file: str, span: Span) -> Diagnostic:
    """IPA104 for a value that is not one of a fixed set, with the closest as the hint."""
    expected = err.get("ctx", {}).get("expected", "")
    choices = [
        c.strip(" '") for c in str(expected).replace(" or ", ",").split(",") if c.strip(" '")
    ]
    return make(
        "IPA104",
        file,
        span,
        f"'{name}' must be one of {', '.join(choices)}; got {describe_value(value)}",
        hint=suggest(str(value), choices),
    )


def _wrong_type(
    err: ErrorDetails, path: YamlPath, name: str, value: Any, file: str, span: Span
) -> Diagnostic:
    """IPA103 for a value of the wrong kind (IPA703/IPA704 for a duration or a date)."""
    code = _SPECIAL_CODES.get(name, "IPA103") if path and path[-1] == name else "IPA103"
    wanted = _KIND_WORDS.get(err["type"])
    if code == "IPA704" and isinstance(value, str) and _ISO_DATE.match(value):
        message = f"'{value}' is not a real date (check the month and day)"
    elif wanted is None:
        message = f"'{name}' is not valid: {err['msg']}"
    else:
        message = f"'{name}' should be {wanted}, not {describe_value(value)}"
    return make(code, file, span, message, hint=_bool_hint(err["type"], name, value))


def _bool_hint(etype: str, name: str, value: Any) -> str | None:
    """For ``exemplar: yes``: only ``true`` and ``false`` are booleans in a study file."""
    if etype not in ("bool_type", "bool_parsing"):
        return None
    meant = _YAML11_BOOLEANS.get(str(value).strip().casefold()) if isinstance(value, str) else None
    write = f"; write {name}: {meant}" if meant else ""
    return f"only true and false are booleans in a study file (YAML 1.2){write}"


def _comma_list(text: str) -> list[str]:
    """The ids of a comma-separated list written as one text (``HP, JM``); [] if it is not."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) < 2 or not all(parts):
        return []
    return parts


def _comma_separated(name: str, text: str, file: str, span: Span) -> Diagnostic:
    """IPA103 for ``by: HP, JM``: a list written as one text, with the list as the hint."""
    ids = _comma_list(text)
    return make(
        "IPA103",
        file,
        span,
        f"'{name}' is a list of ids, but '{text}' is written as one text",
        hint=f"write it as a list: [{', '.join(ids)}]",
    )


def _id_message(name: str, value: Any) -> str:
    if not isinstance(value, str):
        return f"'{name}' should be an id (a short name), not {describe_value(value)}"
    if not value:
        return f"'{name}' is empty; it needs an id"
    if any(ch.isspace() for ch in value):
        reason = "ids may not contain spaces"
    elif not value[0].isalnum():
        reason = "ids start with a letter or digit"
    else:
        bad = sorted({ch for ch in value if not (ch.isalnum() or ch in "._-")})
        reason = "ids may not contain " + " ".join(f"'{ch}'" for ch in bad)
    where = "" if name in ("id", "this item") else f" (in '{name}')"
    return f"'{value}'{where} is not a valid id: {reason}"


def _range_message(name: str, etype: str, err: ErrorDetails, value: Any) -> str:
    ctx = err.get("ctx", {})
    if etype == "too_short":
        return f"'{name}' needs at least {ctx.get('min_length', 1)} entry"
    bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
    words = {
        "greater_than_equal": "at least",
        "less_than_equal": "at most",
        "greater_than": "more than",
        "less_than": "less than",
    }[etype]
    return f"'{name}' must be {words} {bound}; got {describe_value(value)}"
