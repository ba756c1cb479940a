"""The canonical layout of each kind of study file: key orders, which key holds which kind of
mapping, which lists are always in block style. Shared by ``fmt``'s ruamel path
(:mod:`ipatool.write.fmt`) and its fast emitter (:mod:`ipatool.write.canon`)."""

from __future__ import annotations

from pydantic import BaseModel

from ipatool.files import CONFIG, PARTICIPANTS, PETS, THEMES, TRANSCRIPTS_DIR
from ipatool.read.models import (
    Code,
    CodeApplication,
    DemographicField,
    Get,
    GetSubtheme,
    Metadata,
    Note,
    Participant,
    ParticipantsFile,
    Person,
    Pet,
    PetsFile,
    Reporting,
    Rules,
    SentenceSpec,
    Statement,
    StudyConfig,
    Subtheme,
    Theme,
    ThemesFile,
    TranscriptFile,
    Turn,
)

MODELS: dict[str, type[BaseModel]] = {
    "config": StudyConfig,
    "person": Person,
    "field": DemographicField,
    "rules": Rules,
    "reporting": Reporting,
    "sentence": SentenceSpec,
    "metadata": Metadata,
    "participants_file": ParticipantsFile,
    "participant": Participant,
    "themes_file": ThemesFile,
    "theme": Theme,
    "subtheme": Subtheme,
    "code": Code,
    "get": Get,
    "get_subtheme": GetSubtheme,
    "pets_file": PetsFile,
    "pet": Pet,
    "transcript": TranscriptFile,
    "turn": Turn,
    "application": CodeApplication,
    "note": Note,
    "statement": Statement,
}
"""The model of each kind of mapping fmt meets."""

ORDERS: dict[str, tuple[str, ...]] = {kind: tuple(m.model_fields) for kind, m in MODELS.items()}
"""The canonical key order of each kind of mapping, the order of its model's fields; other keys
follow in their own order."""

CHILDREN: dict[str, dict[str, str]] = {
    "config": {
        "coders": "person",
        "interviewers": "person",
        "fields": "field",
        "rules": "rules",
        "reporting": "reporting",
        "metadata": "metadata",
    },
    "reporting": {"sentence": "sentence"},
    "participants_file": {"participants": "participant"},
    "themes_file": {"themes": "theme", "gets": "get"},
    "theme": {"subthemes": "subtheme"},
    "subtheme": {"codes": "code"},
    "get": {"subthemes": "get_subtheme"},
    "pets_file": {"pets": "pet"},
    "transcript": {"turns": "turn"},
    "turn": {"codes": "application", "notes": "note", "statements": "statement"},
}
"""Which kind of mapping a key holds (itself, or as the items of its list)."""

BLOCK_LISTS = {
    ("config", "coders"),
    ("config", "interviewers"),
    ("config", "fields"),
    ("participants_file", "participants"),
    ("themes_file", "themes"),
    ("theme", "subthemes"),
    ("subtheme", "codes"),
    ("themes_file", "gets"),
    ("get", "subthemes"),
    ("pets_file", "pets"),
    ("transcript", "turns"),
}
"""Lists always written one item per entry, each item in block style."""

FILE_KINDS = {
    CONFIG: "config",
    PARTICIPANTS: "participants_file",
    THEMES: "themes_file",
    PETS: "pets_file",
}


def file_kind(rel: str) -> str | None:
    """The kind of study file at a study-relative path, or None for files fmt leaves alone."""
    if rel in FILE_KINDS:
        return FILE_KINDS[rel]
    if rel.startswith(f"{TRANSCRIPTS_DIR}/") and rel.endswith((".yaml", ".yml")):
        return "transcript"
    return None
