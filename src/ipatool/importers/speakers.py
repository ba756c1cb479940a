"""The speaker map: from labels as written in a raw transcript to the study's pseudonym ids.

Real names are replaced at import time, so they never reach the repository. Nothing is guessed:
a label is mapped by ``--speaker "Label=Id"``, or maps to itself when it already is the id of a
participant or interviewer of the study. Every other label is reported, with the option to add.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ipatool.importers.base import ImportFailed, RawTurn
from ipatool.importers.labels import label_key
from ipatool.read.models import ID_PATTERN

_ID = re.compile(ID_PATTERN)


def is_id(value: str) -> bool:
    """Whether ``value`` is a valid ipatool id (letters, digits, ``-``, ``_``, ``.``)."""
    return bool(_ID.match(value))


def parse_speaker_options(values: Sequence[str]) -> dict[str, str]:
    """``["Roger Bingham=RB", "id1"]`` -> ``{label_key: id}``; ``"id1"`` alone maps to itself."""
    mapping: dict[str, str] = {}
    problems: list[str] = []
    for value in values:
        label, sep, target = _split_option(value)
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


def speaker_names(values: Sequence[str]) -> dict[str, str]:
    """The labels of ``--speaker "Label=Id"`` as written, with their ids: the real names.

    A label that is its own id (``--speaker id1``) is left out: it is no real name. Give the
    values :func:`parse_speaker_options` has accepted.
    """
    names: dict[str, str] = {}
    for value in values:
        label, _, target = _split_option(value)
        if label and label_key(label) != label_key(target):
            names.setdefault(label, target)
    return names


def _split_option(value: str) -> tuple[str, str, str]:
    """``"Label=Id"`` -> ``("Label", "=", "Id")``; ``"id1"`` -> ``("id1", "", "id1")``."""
    label, sep, target = value.rpartition("=") if "=" in value else (value, "", value)
    return label.strip(), sep, target.strip()


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


@dataclass(frozen=True)
class SpokenTurn:
    """A turn with its speaker's id, and the label the source gave it (None: unlabelled)."""

    speaker: str
    text: str
    label: str | None


@dataclass
class _Unmapped:
    label: str  # as first written
    where: str  # where it is first
    count: int = 0


def apply_speakers(file: str, turns: Iterable[RawTurn], speakers: Speakers) -> list[SpokenTurn]:
    """Turns with speaker ids; raises :class:`ImportFailed` naming every unmapped label."""
    out: list[SpokenTurn] = []
    unmapped: dict[str, _Unmapped] = {}
    unlabelled: list[RawTurn] = []
    turns = list(turns)
    for turn in turns:
        ident = speakers.resolve(turn.label)
        if ident is not None:
            out.append(SpokenTurn(ident, turn.text, turn.label))
        elif turn.label is None:
            unlabelled.append(turn)
        else:
            entry = unmapped.setdefault(label_key(turn.label), _Unmapped(turn.label, turn.where))
            entry.count += 1
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
        problems.append(unmapped_report(file, list(unmapped.values())))
    if problems:
        raise ImportFailed("\n".join(problems))
    return out


def unmapped_report(file: str, unmapped: Sequence[_Unmapped]) -> str:
    """Every unmapped label with its turn count, then the ``--speaker`` options to add.

    Labels are grouped as they are matched (ignoring case and spaces), so mapping exactly the
    labels listed maps every turn.
    """
    count = len(unmapped)
    listed = ", ".join(
        f'"{u.label}" ({_turns(u.count)}, first at {_where(u.where)})' for u in unmapped
    )
    options = " ".join(f"--speaker {_quoted(u.label + '=ID')}" for u in unmapped)
    return (
        f"{file}: {count} label{'' if count == 1 else 's'} not mapped: {listed}\n"
        f"  add, with each ID the speaker's pseudonym: {options}\n"
        "  (a label that already is an id can be given alone: --speaker id1)"
    )


_INTERVIEWER_NAME = re.compile(
    r"(?:interviewer|researcher|moderator|facilitator|int|q|i)\.?\s*\d*", re.IGNORECASE
)


def is_interviewer_name(label: str) -> bool:
    """Whether a label names the interviewer by role: ``Interviewer 1``, ``Moderator``, ``Q``."""
    return bool(_INTERVIEWER_NAME.fullmatch(label.strip()))


def _turns(count: int) -> str:
    return f"{count} turn{'' if count == 1 else 's'}"


def _quoted(text: str) -> str:
    """Shell quoting for a hint: double quotes unless the text needs single ones."""
    if any(ch in text for ch in '"$`\\!'):
        return shlex.quote(text)
    return f'"{text}"'


def _where(where: str) -> str:
    return f"line {where}" if where.isdigit() else where


def _preview(text: str, size: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"
