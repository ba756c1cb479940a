"""The case-first tables (Smith, Flowers & Larkin, 2022): each participant's PETs, and the GETs.

``pets`` shows, participant by participant, their own personal experiential themes with the
experiential statements each groups and the words each statement rests on. ``gets`` shows the
group experiential themes and their subthemes with the PETs they draw on, which participants
contribute, and how many of the sample that is (n/N), as IPA papers print it. A study on the 2009
path (no ``pets.yaml``) keeps its ``pets`` table: its group themes projected onto each
participant (:func:`ipatool.analysis.quotebank.build_pets`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ipatool.analysis.grid import Column, Context, Grid, Omitted, Row, Source, fields_to_json
from ipatool.analysis.quotebank import PetsTable, build_pets
from ipatool.analysis.quoting import Extract, Heading, citation, is_block, printed_text
from ipatool.analysis.terms import terms
from ipatool.check.themes import evidence_rule
from ipatool.files import PETS, THEMES
from ipatool.read.models import Method, Pet
from ipatool.read.study import StatementText


@dataclass(frozen=True, slots=True)
class StatementRow:
    """An experiential statement with the words it rests on and where they were said."""

    id: str
    text: str
    extract: str
    source: str
    source_label: str
    turn: int
    printed: str
    """The words as printed (APA 7): one line, stray end marks dropped, elisions in the study's
    style (not in a whole turn)."""
    block: bool
    """40 words or more: a block quotation."""
    citation: str
    """``(Pat, Interview 2)``."""


@dataclass(frozen=True, slots=True)
class PersonalExperientialTheme:
    id: str
    label: str
    statements: tuple[StatementRow, ...]


@dataclass(frozen=True, slots=True)
class ParticipantPets:
    participant: str
    pets: tuple[PersonalExperientialTheme, ...]


@dataclass(frozen=True, slots=True)
class CasePetsTable:
    """Each participant's own PETs, with their statements and extracts (the case-first path)."""

    name: str
    title: str
    participants: tuple[ParticipantPets, ...]
    notes: tuple[str, ...]

    to_json = fields_to_json

    def passages(self) -> list[Heading | Extract]:
        """The personal experiential themes as printed: each participant, their PETs, each
        statement (italic) and the words it rests on, quoted as the quote bank quotes."""
        out: list[Heading | Extract] = []
        for p in self.participants:
            out.append(Heading(0, p.participant))
            if not p.pets:
                out.append(Heading(3, "No personal experiential themes."))
            for pet in p.pets:
                out.append(Heading(1, pet.label))
                for st in pet.statements:
                    out.append(Heading(2, st.text))
                    out.append(
                        Extract(
                            p.participant,
                            st.source,
                            st.source_label,
                            st.turn,
                            st.extract,
                            False,
                            (),
                            st.printed,
                            st.block,
                            st.citation,
                            (),
                        )
                    )
        return out

    def grid(self) -> Grid:
        cols = (
            Column("Personal experiential theme"),
            Column("Experiential statement"),
            Column("Extract"),
            Column("Source"),
            Column("Turn", "right"),
        )
        rows: list[Row] = []
        for p in self.participants:
            rows.append(Row((p.participant, "", "", "", ""), "group"))
            if not p.pets:
                rows.append(Row(("–", "", "", "", "")))
            for pet in p.pets:
                if not pet.statements:
                    rows.append(Row((pet.label, "–", "", "", "")))
                for k, st in enumerate(pet.statements):
                    label = pet.label if k == 0 else ""
                    rows.append(Row((label, st.text, st.extract, st.source_label, str(st.turn))))
        return Grid(self.name, self.title, cols, tuple(rows), self.notes, wide=True)


def statement_index(ctx: Context) -> dict[str, tuple[StatementText, Source]]:
    """Every statement of the study by id, with its source (the first, for an id used twice)."""
    out: dict[str, tuple[StatementText, Source]] = {}
    for src in ctx.sources:
        for st in src.transcript.statements:
            out.setdefault(st.id, (st, src))
    return out


def participant_order(ctx: Context, pets: list[Pet]) -> list[str]:
    """Participants in table order: as the sources bring them in, then any others who have
    PETs, in the order of pets.yaml."""
    order = list(dict.fromkeys(pid for _src, pid in ctx.columns))
    known = set(order)
    order += [p for p in dict.fromkeys(pet.participant for pet in pets) if p not in known]
    return order


def build_case_pets(ctx: Context) -> CasePetsTable | PetsTable:
    """The ``pets`` table: each participant's own PETs on the case-first path; on the 2009
    path (no PETs), the group themes projected onto each participant, as before."""
    pets = ctx.study.pets
    if not pets:
        return build_pets(ctx)
    index = statement_index(ctx)
    style = ctx.config.reporting.elision
    rows: list[ParticipantPets] = []
    for pid in participant_order(ctx, pets):
        mine = []
        for pet in pets:
            if pet.participant != pid:
                continue
            statements = []
            for ident in pet.statements:
                found = index.get(ident)
                if found is None:
                    continue  # validate reports it (IPA622)
                st, src = found
                words = printed_text(st.extract, whole_turn=st.quote is None, style=style)
                statements.append(
                    StatementRow(
                        st.id,
                        st.text,
                        st.extract,
                        src.id,
                        src.short_label,
                        st.turn,
                        words,
                        is_block(words),
                        citation(pid, src.short_label),
                    )
                )
            mine.append(PersonalExperientialTheme(pet.id, pet.label, tuple(statements)))
        rows.append(ParticipantPets(pid, tuple(mine)))
    notes = (
        f"Participants in source order; each participant's PETs in the order of {PETS}, each "
        "with the experiential statements it groups and the words each statement rests on.",
    )
    return CasePetsTable("pets", "Personal Experiential Themes", tuple(rows), notes)


# --- group experiential themes ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PetRef:
    """A PET a GET draws on, with its participant."""

    id: str
    participant: str
    label: str


@dataclass(frozen=True, slots=True)
class GetSubthemeRow:
    id: str
    label: str
    pets: tuple[PetRef, ...]
    participants: tuple[str, ...]
    """The contributing participants, in table order."""
    n: int


@dataclass(frozen=True, slots=True)
class GetRow:
    id: str
    label: str
    pets: tuple[PetRef, ...]
    """The PETs the GET draws on directly (not through a subtheme)."""
    subthemes: tuple[GetSubthemeRow, ...]
    participants: tuple[str, ...]
    n: int


@dataclass(frozen=True, slots=True)
class GetsTable:
    """Group experiential themes and subthemes, the PETs they draw on, and who contributes."""

    name: str
    title: str
    sample: int
    gets: tuple[GetRow, ...]
    notes: tuple[str, ...]
    heading: str
    """The first column's heading, by the study's terminology."""

    to_json = fields_to_json

    def grid(self) -> Grid:
        cols = (
            Column(self.heading),
            Column("Subtheme"),
            Column("Personal experiential themes"),
            Column("Participants"),
            Column("n/N", "right"),
        )
        rows: list[Row] = []
        for g in self.gets:
            rows.append(
                Row(
                    (g.label, "", _pets_cell(g.pets), ", ".join(g.participants), self._n(g.n)),
                    "strong",
                )
            )
            for s in g.subthemes:
                cells = ("", s.label, _pets_cell(s.pets), ", ".join(s.participants), self._n(s.n))
                rows.append(Row(cells, indent=1))
        return Grid(self.name, self.title, cols, tuple(rows), self.notes, wide=True)

    def _n(self, n: int) -> str:
        return f"{n}/{self.sample}"


def _pets_cell(pets: tuple[PetRef, ...]) -> str:
    return "\n".join(f"{p.participant}: {p.label}" for p in pets)


def build_gets(ctx: Context) -> GetsTable | Omitted:
    """The GET table: GETs and subthemes in the order of themes.yaml."""
    study = ctx.study
    if not study.gets:
        return Omitted("gets", f"the study has no group experiential themes ('gets:' in {THEMES})")
    by_id: dict[str, Pet] = {}
    for pet in study.pets:
        by_id.setdefault(pet.id, pet)
    order = participant_order(ctx, study.pets)
    rank = {pid: i for i, pid in enumerate(order)}

    def refs(ids: list[str]) -> tuple[PetRef, ...]:
        found = [by_id[i] for i in ids if i in by_id]
        return tuple(PetRef(p.id, p.participant, p.label) for p in found)

    def people(pets: tuple[PetRef, ...]) -> tuple[str, ...]:
        who = {p.participant for p in pets}
        return tuple(sorted(who, key=lambda pid: (rank.get(pid, len(rank)), pid)))

    rows: list[GetRow] = []
    for get in study.gets:
        subs = []
        every = list(refs(get.pets))
        for sub in get.subthemes:
            pets = refs(sub.pets)
            every += pets
            who = people(pets)
            subs.append(GetSubthemeRow(sub.id, sub.label, pets, who, len(who)))
        direct = refs(get.pets)
        who = people(tuple(every))
        rows.append(GetRow(get.id, get.label, direct, tuple(subs), who, len(who)))
    sample = len(study.participants)
    words = terms(study)
    ipa = ctx.config.method is Method.IPA
    rule = evidence_rule(ctx.config.rules, sample, ipa)
    notes = (
        f"n/N: participants with a PET in the {words.group_short} or subtheme, of all {sample} "
        f"participants. Evidence rule for each {words.group_short} and subtheme: "
        f"{rule.expected} ({rule.source}).",
    )
    title = f"{words.group_themes_title} with Contributing Participants"
    return GetsTable("gets", title, sample, tuple(rows), notes, words.group_theme)
