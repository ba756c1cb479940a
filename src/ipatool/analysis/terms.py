"""The words of the theme tables' headings, by the study's ``reporting.terminology``.

``2009`` (Smith, Flowers & Larkin, 2009) says superordinate theme and subtheme; ``2022`` (their
second edition) says group experiential theme (GET), subtheme and personal experiential theme
(PET). ``auto``, the default, takes the 2022 words when the study has PETs or GETs (the
case-first path) and the 2009 words otherwise, so a study's tables speak as its files do.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipatool.read.models import Terminology
from ipatool.read.study import Study


@dataclass(frozen=True, slots=True)
class Terms:
    """Headings for one terminology."""

    edition: str
    """``2009`` or ``2022``."""
    group_theme: str
    """A group-level theme, as a column heading: "Superordinate theme"."""
    group_themes_title: str
    """The theme table's title: "Superordinate Themes and Subthemes"."""
    group_short: str
    """The abbreviation in notes ("GET"), or the plain word ("theme")."""


TERMS_2009 = Terms(
    "2009", "Superordinate theme", "Superordinate Themes and Subthemes", "superordinate theme"
)
TERMS_2022 = Terms(
    "2022", "Group experiential theme", "Group Experiential Themes and Subthemes", "GET"
)


def edition(study: Study) -> Terminology:
    """The terminology in force: the setting, with ``auto`` resolved by the study's path."""
    setting = study.config.reporting.terminology if study.config else Terminology.AUTO
    if setting is Terminology.AUTO:
        return Terminology.Y2022 if study.case_first else Terminology.Y2009
    return setting


def terms(study: Study) -> Terms:
    """The headings the study's tables use."""
    return TERMS_2022 if edition(study) is Terminology.Y2022 else TERMS_2009
