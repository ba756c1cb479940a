"""The codebook: every code with its definition, place in the hierarchy, uses and participants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ipatool.analysis.model import Column, Context, Grid, Row, to_jsonable
from ipatool.analysis.themes import counting_note


@dataclass(frozen=True, slots=True)
class CodebookEntry:
    id: str
    label: str
    definition: str
    inclusion: str
    exclusion: str
    subtheme_id: str
    subtheme: str
    theme_id: str
    theme: str
    uses: int
    participants: int


@dataclass(frozen=True, slots=True)
class CodebookTable:
    """Codes in hierarchy order."""

    name: str
    title: str
    codes: tuple[CodebookEntry, ...]
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return to_jsonable(self)  # type: ignore[no-any-return]

    def grid(self) -> Grid:
        cols = (
            Column("Code"),
            Column("Definition"),
            Column("Inclusion"),
            Column("Exclusion"),
            Column("Subtheme"),
            Column("Theme"),
            Column("Uses", "right"),
            Column("Participants", "right"),
        )
        rows = tuple(
            Row(
                (
                    c.label,
                    c.definition,
                    c.inclusion,
                    c.exclusion,
                    c.subtheme,
                    c.theme,
                    str(c.uses),
                    str(c.participants),
                )
            )
            for c in self.codes
        )
        return Grid(self.name, self.title, cols, rows, self.notes, wide=True)


def build_codebook(ctx: Context) -> CodebookTable:
    """Every code of themes.yaml, with how often it counts and for how many participants."""
    entries = []
    for theme in ctx.study.themes:
        for sub in theme.subthemes:
            for code in sub.codes:
                ev = ctx.by_code.get((sub.id, code.id), [])
                entries.append(
                    CodebookEntry(
                        code.id,
                        code.title,
                        code.definition or "",
                        code.inclusion or "",
                        code.exclusion or "",
                        sub.id,
                        sub.label,
                        theme.id,
                        theme.label,
                        len(ev),
                        len({e.participant for e in ev}),
                    )
                )
    notes = (
        "Uses: codings of the code that count; participants: how many participants they come from. "
        + counting_note(ctx),
    )
    return CodebookTable("codebook", "Codebook", tuple(entries), notes)
