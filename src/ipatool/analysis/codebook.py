"""The codebook: every code with its definition, place in the hierarchy, uses and participants."""

from __future__ import annotations

from dataclasses import dataclass

from ipatool.analysis.grid import Column, Context, Grid, Row, fields_to_json
from ipatool.analysis.quotebank import SubthemeEvidence, counting_note, subtheme_evidence


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

    to_json = fields_to_json

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


def _uses(ctx: Context) -> dict[tuple[str, str], tuple[int, int]]:
    """(subtheme id, code id) -> how many codings count, and how many participants they come
    from (over every theme with a subtheme of that id)."""
    groups: dict[tuple[str, str], list[SubthemeEvidence]] = {}
    for (_tid, sid), sev in subtheme_evidence(ctx).items():
        for cid in sev.uses:
            groups.setdefault((sid, cid), []).append(sev)
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for (sid, cid), of_code in groups.items():
        uses = sum(sev.uses[cid] for sev in of_code)
        if len(of_code) == 1:
            people = of_code[0].people[cid]
        else:
            people = len({p for sev in of_code for c, p in sev.pairs if c == cid})
        out[(sid, cid)] = (uses, people)
    return out


def build_codebook(ctx: Context) -> CodebookTable:
    """Every code of themes.yaml, with how often it counts and for how many participants."""
    uses = _uses(ctx)
    entries = []
    for theme in ctx.study.themes:
        for sub in theme.subthemes:
            for code in sub.codes:
                n, people = uses.get((sub.id, code.id), (0, 0))
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
                        n,
                        people,
                    )
                )
    notes = (
        "Uses: codings of the code that count; participants: how many participants they come from. "
        + counting_note(ctx),
    )
    return CodebookTable("codebook", "Codebook", tuple(entries), notes)
