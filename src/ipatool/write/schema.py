"""JSON Schema (draft 2020-12) of each kind of study file, for editor completion and checking.

The schemas come from the pydantic models (:data:`ipatool.read.models.FILE_MODELS`), adjusted to what
the YAML files may really say (``by: KG`` as well as ``by: [KG, KW]``). Given the study's
settings, the participants schema also knows the declared demographic fields and their levels.
"""

from __future__ import annotations

import json
from typing import Any

from ipatool.read.models import FILE_MODELS, ID_PATTERN, FieldKind, StudyConfig

DRAFT = "https://json-schema.org/draft/2020-12/schema"

FILE_NAMES = {
    "config": "ipatool.schema.json",
    "participants": "participants.schema.json",
    "themes": "themes.schema.json",
    "pets": "pets.schema.json",
    "transcript": "transcript.schema.json",
}
"""The schema file written for each kind of study file."""

TITLES = {
    "config": "ipatool study settings (ipatool.yaml)",
    "participants": "ipatool participants (participants.yaml)",
    "themes": "ipatool themes: superordinate themes or group experiential themes (themes.yaml)",
    "pets": "ipatool personal experiential themes (pets.yaml)",
    "transcript": "ipatool transcript (transcripts/*.yaml)",
}

_ONE_OR_MANY = {"by", "interviewer", "participants", "coded_by", "statements", "pets"}
"""Id-list keys where a single id may be written without brackets."""

_ID_SCHEMA = {"type": "string", "pattern": ID_PATTERN, "minLength": 1}


def _one_or_many(schema: dict[str, Any]) -> dict[str, Any]:
    """Let an id-list property also accept a single id."""
    options = schema.get("anyOf")
    if options is None:
        return {
            "anyOf": [dict(_ID_SCHEMA), {k: v for k, v in schema.items() if k != "title"}],
            **({"title": schema["title"]} if "title" in schema else {}),
        }
    arrays = [o for o in options if o.get("type") == "array"]
    if arrays and not any(o.get("type") == "string" for o in options):
        schema["anyOf"] = [dict(_ID_SCHEMA), *options]
    return schema


def _patch(node: Any) -> None:
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for key, value in props.items():
                if key in _ONE_OR_MANY and isinstance(value, dict) and _is_id_list(value):
                    props[key] = _one_or_many(value)
        for value in node.values():
            _patch(value)
    elif isinstance(node, list):
        for item in node:
            _patch(item)


def _is_id_list(schema: dict[str, Any]) -> bool:
    if schema.get("type") == "array":
        return True
    return any(o.get("type") == "array" for o in schema.get("anyOf", []))


def _field_schema(
    kind: FieldKind, levels: list[str] | None, lo: float | None, hi: float | None, description: str
) -> dict[str, Any]:
    if kind is FieldKind.NUMBER:
        number: dict[str, Any] = {"type": "number"}
        if lo is not None:
            number["minimum"] = lo
        if hi is not None:
            number["maximum"] = hi
        return {"description": description, "anyOf": [number, {"type": "null"}]}
    if kind is FieldKind.CATEGORY and levels:
        return {"description": description, "enum": [*levels, None]}
    return {"description": description, "type": ["string", "null"]}


def _add_fields(schema: dict[str, Any], config: StudyConfig) -> None:
    participant = schema.get("$defs", {}).get("Participant")
    if not isinstance(participant, dict):
        return
    props = participant.setdefault("properties", {})
    for f in config.fields:
        description = f.title + (f" ({f.unit})" if f.unit else "")
        props[f.name] = _field_schema(f.kind, f.levels, f.min, f.max, description)
    participant["additionalProperties"] = False


def _bare_years(schema: dict[str, Any]) -> None:
    """Let ``reporting.terminology`` be written as a bare year (``2022``), as the reader allows."""
    terms = schema.get("$defs", {}).get("Terminology")
    if isinstance(terms, dict) and "enum" in terms:
        years = [int(v) for v in terms["enum"] if str(v).isdigit()]
        words = {"type": "string", "enum": terms.pop("enum")}
        terms.pop("type", None)
        terms["anyOf"] = [words, {"type": "integer", "enum": years}]


def json_schemas(config: StudyConfig | None = None) -> dict[str, dict[str, Any]]:
    """The JSON Schema of each kind of file; with ``config``, participants know its fields."""
    out: dict[str, dict[str, Any]] = {}
    for kind, model in FILE_MODELS.items():
        body = model.model_json_schema(mode="validation")
        _patch(body)
        _bare_years(body)
        if kind == "participants" and config is not None:
            _add_fields(body, config)
        schema = {"$schema": DRAFT, "title": TITLES[kind], **body}
        schema["title"] = TITLES[kind]
        out[kind] = schema
    return out


def render(schema: dict[str, Any]) -> str:
    """A schema as stable, readable JSON text."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
