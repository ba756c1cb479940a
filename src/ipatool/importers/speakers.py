"""The speaker map: from labels as written in a raw transcript to the study's pseudonym ids.

Real names are replaced at import time, so they never reach the repository. Nothing is guessed:
a label is mapped by ``--speaker "Label=Id"``, or maps to itself when it already is the id of a
participant or interviewer of the study. Every other label is reported, with the option to add.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ipatool.importers.base import ImportFailed, RawTurn
from ipatool.importers.labels import label_key
from ipatool.models import ID_PATTERN

_ID = re.compile(ID_PATTERN)


def is_id(value: str) -> bool:
    """Whether ``value`` is a valid ipatool id (letters, digits, ``-``, ``_``, ``.``)."""
    return bool(_ID.match(value))


def parse_speaker_options(values: Sequence[str]) -> dict[str, str]:
    """``["Roger Bingham=RB", "id1"]`` -> ``{label_key: id}``; ``"id1"`` alone maps to itself."""
    mapping: dict[str, str] = {}
    problems: list[str] = []
    for value in values:
        label, sep, target = value.rpartition("=") if "=" in value else (value, "", value)
        label, target = label.strip(), target.strip()
        if sep and not label:
            problems.append(f"--speaker {value!r}: give the label before '=' (Label=Id)")
            continue
        if not is_id(target):
            problems.append(
                f"--speaker {value!r}: {target!r} is not a valid id "
                "(letters, digits, '-', '_' and '.', starting with a letter or digit)"
            )
            continue
        key = label_key(label)
        if key in mapping and mapping[key] != target:
            problems.append(f"--speaker: the label {label!r} is mapped twice")
            continue
        mapping[key] = target
    if problems:
        raise ImportFailed("\n".join(problems))
    return mapping


@dataclass
class Speakers:
    """How the labels of one transcript resolve to ids."""

    mapping: dict[str, str]
    known_ids: frozenset[str]
    unlabelled: str | None = None

    def resolve(self, label: str | None) -> str | None:
        """The id for a label, or None when it is not mapped."""
        if label is None:
            return self.unlabelled
        mapped = self.mapping.get(label_key(label))
        if mapped is not None:
            return mapped
        stripped = label.strip()
        if stripped in self.known_ids:
            return stripped
        return None


def apply_speakers(
    file: str, turns: Iterable[RawTurn], speakers: Speakers
) -> list[tuple[str, str]]:
    """Turns as (speaker id, text); raises :class:`ImportFailed` listing every unmapped label."""
    out: list[tuple[str, str]] = []
    unmapped: dict[str, tuple[str, int]] = {}
    unlabelled: list[RawTurn] = []
    turns = list(turns)
    for turn in turns:
        ident = speakers.resolve(turn.label)
        if ident is not None:
            out.append((ident, turn.text))
        elif turn.label is None:
            unlabelled.append(turn)
        else:
            where, count = unmapped.get(turn.label, (turn.where, 0))
            unmapped[turn.label] = (where, count + 1)
    if turns and all(t.label is None for t in turns) and speakers.unlabelled is None:
        raise ImportFailed(
            f"{file}: no speaker labels found (such as 'Name: text' or '[id1] text'); "
            "if the whole file is one person speaking, give their id with --unlabelled ID"
        )
    problems: list[str] = []
    if unlabelled:
        first = unlabelled[0]
        problems.append(
            f"{file}:{first.where}: {len(unlabelled)} passage(s) have no speaker label, "
            f"starting with {_preview(first.text)!r}; add a label in the file, or name who "
            "speaks them with --unlabelled ID"
        )
    if unmapped:
        lines = [f"{file}: {len(unmapped)} speaker label(s) are not mapped to an id:"]
        for label, (where, count) in unmapped.items():
            lines.append(f"  {label!r} (first at {_where(where)}, {count} turn(s))")
        examples = " ".join(f'--speaker "{label}=ID"' for label in list(unmapped)[:3])
        lines.append(
            f"  map each label to a pseudonym id, e.g. {examples} "
            "(a label that already is an id can be given alone: --speaker id1)"
        )
        problems.append("\n".join(lines))
    if problems:
        raise ImportFailed("\n".join(problems))
    return out


def _where(where: str) -> str:
    return f"line {where}" if where.isdigit() else where


def _preview(text: str, size: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"
