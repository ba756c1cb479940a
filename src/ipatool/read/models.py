"""Pydantic models of the shape of each study file (no I/O, no cross-file rules).

The order of each model's fields is the canonical key order of its mapping: ``ipatool fmt``
writes keys in this order, as docs/format.md lists them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
FIELD_NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"


def _one_or_many(value: Any) -> Any:
    """Accept ``by: KG`` as well as ``by: [KG, KW]``."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return [value]
    return value


Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1)]
IdList = Annotated[list[Id], BeforeValidator(_one_or_many)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Method(StrEnum):
    IPA = "ipa"
    THEMATIC = "thematic"


class CountCodings(StrEnum):
    ANY = "any"
    MAJORITY = "majority"
    ALL = "all"


class Person(_Model):
    """A coder or interviewer; the optional details fill the reporting checklists (COREQ 2-5,
    SRQR 6) for the interviewers."""

    id: Id
    name: str | None = None
    credentials: str | None = None
    occupation: str | None = None
    gender: str | None = None
    experience: str | None = None


class FieldKind(StrEnum):
    NUMBER = "number"
    CATEGORY = "category"
    TEXT = "text"


class DemographicField(_Model):
    name: Annotated[str, Field(pattern=FIELD_NAME_PATTERN)]
    kind: FieldKind
    label: str | None = None
    levels: list[str] | None = None
    plurals: dict[str, str] | None = None
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    phrase: str | None = None
    required: StrictBool = True

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()


SeverityName = Literal["off", "warning", "error"]


class Rules(_Model):
    recurrence_threshold: Annotated[float, Field(ge=0, le=1)] = 0.5
    count_codings: CountCodings = CountCodings.ANY
    min_participants_per_theme: Literal["auto"] | Annotated[int, Field(ge=0)] = "auto"
    prevalence: StrictBool = True
    severity: dict[str, SeverityName] = Field(default_factory=dict)


class SentenceSpec(_Model):
    counts: list[str] | None = None
    mean_sd: list[str] | None = None
    range_median: list[str] | None = None


class RolesOrder(StrEnum):
    LEVELS = "levels"
    FREQUENCY = "frequency"


class RolesSpec(_Model):
    """The roles sentence: "Participants were clinical psychologists (n = 7), ..."."""

    field: str
    order: RolesOrder = RolesOrder.LEVELS


class Terminology(StrEnum):
    """The words of the theme tables' headings: ``2009`` superordinate theme / subtheme;
    ``2022`` group experiential theme / subtheme, personal experiential theme (Smith, Flowers &
    Larkin, 2022); ``auto`` the 2022 words when the study has PETs or GETs, else the 2009 ones."""

    AUTO = "auto"
    Y2009 = "2009"
    Y2022 = "2022"


def _year_as_text(value: Any) -> Any:
    """Accept ``terminology: 2022`` (a YAML number) as well as ``'2022'``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


class Reporting(_Model):
    sample_table: list[str] | None = None
    participants_table: list[str] | None = None
    sentence: SentenceSpec = Field(default_factory=SentenceSpec)
    roles: RolesSpec | None = None
    terminology: Annotated[Terminology, BeforeValidator(_year_as_text)] = Terminology.AUTO
    elision: Literal["[...]", "..."] = "[...]"
    """How an elision in a quote is printed (APA 7: ``[...]`` or ``...``)."""


class Metadata(_Model):
    """What the study files cannot know and the reporting checklists ask (COREQ, SRQR): each a
    sentence or two, as the Methods section reports it."""

    research_question: str | None = None
    paradigm: str | None = None
    relationship: str | None = None
    participant_knowledge: str | None = None
    reflexivity: str | None = None
    sampling: str | None = None
    approach: str | None = None
    non_participation: str | None = None
    setting: str | None = None
    others_present: str | None = None
    interview_guide: str | None = None
    recording: str | None = None
    field_notes: str | None = None
    saturation: str | None = None
    transcripts_returned: str | None = None
    ethics: str | None = None
    data_management: str | None = None
    theme_derivation: str | None = None
    trustworthiness: str | None = None
    participant_checking: str | None = None
    funding: str | None = None
    conflicts: str | None = None


class StudyConfig(_Model):
    title: str
    method: Method
    reflexive: StrictBool = False
    """Reflexive thematic analysis (with ``method: thematic``): no intercoder reliability."""
    coders: Annotated[list[Person], Field(min_length=1)]
    interviewers: list[Person] = Field(default_factory=list)
    fields: list[DemographicField] = Field(default_factory=list)
    rules: Rules = Field(default_factory=Rules)
    reporting: Reporting = Field(default_factory=Reporting)
    metadata: Metadata = Field(default_factory=Metadata)

    def field_named(self, name: str) -> DemographicField | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


class Participant(BaseModel):
    """A participant: ``id`` plus one value per declared field (checked by the demographics rules)."""

    model_config = ConfigDict(extra="allow", frozen=True, coerce_numbers_to_str=True)
    id: Id

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.__pydantic_extra__ or {})


class ParticipantsFile(_Model):
    participants: list[Participant]


class Code(_Model):
    id: Id
    label: str | None = None
    definition: str | None = None
    inclusion: str | None = None
    exclusion: str | None = None

    @property
    def title(self) -> str:
        return self.label or self.id


class Subtheme(_Model):
    id: Id
    label: str
    description: str | None = None
    codes: list[Code] = Field(default_factory=list)


class Theme(_Model):
    id: Id
    label: str
    description: str | None = None
    subthemes: list[Subtheme] = Field(default_factory=list)


class GetSubtheme(_Model):
    """A subtheme of a group experiential theme: the PETs it draws together."""

    id: Id
    label: str
    description: str | None = None
    pets: IdList = Field(default_factory=list)


class Get(_Model):
    """A group experiential theme (GET): PETs of several participants, directly or through its
    subthemes."""

    id: Id
    label: str
    description: str | None = None
    pets: IdList = Field(default_factory=list)
    subthemes: list[GetSubtheme] = Field(default_factory=list)


class ThemesFile(_Model):
    """The group-level themes: the 2009 hierarchy (``themes``), the 2022 group experiential
    themes (``gets``), or both."""

    themes: list[Theme] = Field(default_factory=list)
    gets: list[Get] = Field(default_factory=list)


class Pet(_Model):
    """A personal experiential theme: one participant's experiential statements grouped."""

    id: Id
    participant: Id
    label: str
    description: str | None = None
    statements: IdList = Field(default_factory=list)


class PetsFile(_Model):
    """``pets.yaml``: every participant's personal experiential themes."""

    pets: list[Pet]


class TranscriptKind(StrEnum):
    INTERVIEW = "interview"
    FOCUS_GROUP = "focus_group"


class NoteKind(StrEnum):
    DESCRIPTIVE = "descriptive"
    LINGUISTIC = "linguistic"
    CONCEPTUAL = "conceptual"


class CodeApplication(_Model):
    code: Id
    by: IdList | None = None
    quote: str | None = None
    exemplar: StrictBool = False


class Note(_Model):
    kind: NoteKind
    by: Id | None = None
    text: str


class Statement(_Model):
    """An experiential statement on a participant's turn, with the words it rests on (``quote``,
    an extract of the turn as a coding's is; none: the whole turn)."""

    id: Id
    text: str
    quote: str | None = None


class Turn(_Model):
    n: int
    speaker: Id
    text: str
    codes: list[CodeApplication] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)


class TranscriptFile(_Model):
    id: Id
    kind: TranscriptKind
    title: str | None = None
    date: dt.date | None = None
    duration_min: float | None = None
    interviewer: IdList | None = None
    participants: IdList
    coded_by: IdList | None = None
    turns: list[Turn]


FILE_MODELS: dict[str, type[BaseModel]] = {
    "config": StudyConfig,
    "participants": ParticipantsFile,
    "themes": ThemesFile,
    "pets": PetsFile,
    "transcript": TranscriptFile,
}
"""The model of each kind of file, used by the loader and by ``ipatool schema``."""
