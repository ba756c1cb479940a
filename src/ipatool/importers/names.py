"""Finding the real names given to ``--speaker`` in the turn texts, and replacing them.

Only the names the user gave are looked for: each whole name (ignoring case, any spacing), and
each of its words of three letters or more that has a capital letter (as written, so "Sue" is
found but "sue" is not). A name written all in lower or upper case (as Zoom writes labels) has
its words looked for in capitalised form. Words are matched whole; a possessive (``Sue's``) is
found too. Nicknames, misspellings, other people's names and places are not caught.

A word that is also an ordinary English word ("Will", "Grace", "May") is reported as a *possible*
name when it starts a sentence (months always), and is never replaced: a person has to look.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ipatool.importers.labels import PARTICLES
from ipatool.importers.speakers import is_interviewer_name

NOT_NAMES = {
    "dr",
    "prof",
    "professor",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "sir",
    "speaker",
    "participant",
    "interviewer",
    "interviewee",
    "respondent",
    "researcher",
    "moderator",
    "facilitator",
    "host",
    "guest",
    "unknown",
    "the",
    "and",
}
"""Words of a label that are titles or roles, never looked for on their own."""

MONTHS = {"april", "may", "june", "july", "august"}
"""Names that are months: capitalised anywhere in a sentence, so always only possible names."""

ENGLISH_WORDS = MONTHS | {
    "amber",
    "angel",
    "april",
    "art",
    "autumn",
    "bill",
    "black",
    "brown",
    "carol",
    "chance",
    "charity",
    "cook",
    "dawn",
    "dean",
    "don",
    "faith",
    "frank",
    "gay",
    "glen",
    "grace",
    "green",
    "guy",
    "hall",
    "heather",
    "holly",
    "hope",
    "hunter",
    "iris",
    "ivy",
    "jack",
    "jay",
    "jewel",
    "joy",
    "king",
    "lane",
    "lily",
    "long",
    "mark",
    "mason",
    "matt",
    "max",
    "page",
    "pat",
    "patience",
    "pearl",
    "penny",
    "price",
    "ray",
    "reed",
    "rich",
    "rob",
    "robin",
    "rose",
    "ruby",
    "rusty",
    "sage",
    "sandy",
    "skip",
    "sky",
    "star",
    "sterling",
    "stone",
    "storm",
    "sue",
    "summer",
    "sunny",
    "violet",
    "wade",
    "ward",
    "white",
    "will",
    "wood",
    "young",
}
"""Name words that are also ordinary English words (lower-cased)."""

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_BRACKETED = re.compile(r"[(\[][^)\]]*[)\]]")
_SENTENCE_END = (".", "!", "?", "…")


@dataclass(frozen=True)
class _Term:
    """One thing to look for: a whole name (any case) or one word of it (as written)."""

    text: str
    ids: tuple[str, ...]
    whole: bool

    @property
    def pattern(self) -> str:
        if self.whole:
            return "(?i:" + r"\s+".join(re.escape(w) for w in self.text.split()) + ")"
        return re.escape(self.text)

    @property
    def replacement(self) -> str:
        return "[" + "/".join(self.ids) + "]"


@dataclass(frozen=True)
class NameHit:
    """A real name found in turn ``turn`` (numbered as in the written transcript)."""

    name: str
    ids: tuple[str, ...]
    turn: int
    possible: bool
    replaced: bool


class NameFinder:
    """Looks for the real names of ``names`` (real name as written -> pseudonym id) in texts."""

    def __init__(self, names: Mapping[str, str]) -> None:
        terms: dict[tuple[str, bool], set[str]] = {}
        for name, ident in names.items():
            for text, whole in _terms_of(name):
                terms.setdefault((text, whole), set()).add(ident)
        self.terms = sorted(
            (_Term(text, tuple(sorted(ids)), whole) for (text, whole), ids in terms.items()),
            key=lambda t: (-len(t.text), not t.whole, t.text),
        )
        self._by_key = {(t.text.casefold() if t.whole else t.text): t for t in self.terms}
        alternatives = "|".join(t.pattern for t in self.terms)
        self._regex = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if self.terms else None

    def _term(self, found: str) -> _Term:
        key = " ".join(found.split())
        return self._by_key.get(key) or self._by_key[key.casefold()]

    def scan(self, texts: Sequence[str], *, replace: bool) -> tuple[list[str], list[NameHit]]:
        """The texts (names replaced by ``[id]`` when ``replace``) and every name found.

        Texts are numbered from 1, as turns are. Possible names are reported, never replaced.
        """
        if self._regex is None:
            return list(texts), []
        out: list[str] = []
        hits: list[NameHit] = []
        for n, text in enumerate(texts, start=1):
            pieces: list[str] = []
            last = 0
            for m in self._regex.finditer(text):
                term = self._term(m.group())
                possible = _is_possible(term, text, m.start(), m.end())
                swap = replace and not possible
                hits.append(NameHit(term.text, term.ids, n, possible, swap))
                pieces.append(text[last : m.start()])
                pieces.append(term.replacement if swap else m.group())
                last = m.end()
            pieces.append(text[last:])
            out.append("".join(pieces))
        return out, hits


def _terms_of(name: str) -> list[tuple[str, bool]]:
    """What to look for for one real name: ``(text, whole name?)`` pairs.

    Bracketed parts (``Ashlee Kupor (SL)``) are dropped; a role label (``Interviewer``,
    ``Speaker 1``) gives nothing.
    """
    if is_interviewer_name(name):
        return []
    words = _WORD.findall(_BRACKETED.sub(" ", name))
    plain = " ".join(words)
    one_case = plain == plain.lower() or plain == plain.upper()
    parts = [p for p in (_name_word(w, one_case=one_case) for w in words) if p is not None]
    terms = [(p, False) for p in parts]
    if len(words) > 1 and any(w.casefold() not in NOT_NAMES for w in words):
        terms.insert(0, (plain, True))
    return list(dict.fromkeys(terms))


def _name_word(word: str, *, one_case: bool) -> str | None:
    """A word of a name as it is looked for on its own, or None when it is not looked for."""
    if len(word) < 3 or word.casefold() in NOT_NAMES:
        return None
    if one_case:
        if word.casefold() in PARTICLES:
            return None
        return word[0].upper() + word[1:].lower()
    return word if any(ch.isupper() for ch in word) else None


def _is_possible(term: _Term, text: str, start: int, end: int) -> bool:
    """Whether a hit may be an ordinary word: an English word starting a sentence, or a month.

    A possessive (``Will's``) is a name whatever the word.
    """
    if term.whole or text[end : end + 2] in ("'s", "’s"):
        return False
    word = term.text.casefold()
    if word in MONTHS:
        return True
    if word not in ENGLISH_WORDS:
        return False
    before = text[:start].rstrip(" \t\n\"'“‘([-–—")
    return not before or before.endswith(_SENTENCE_END)


def name_notes(file: str, hits: Sequence[NameHit], *, replace: bool) -> list[str]:
    """One note per name found: where (turn numbers) and what was done about it."""
    grouped: dict[tuple[str, bool], list[NameHit]] = {}
    for hit in hits:
        grouped.setdefault((hit.name, hit.possible), []).append(hit)
    notes: list[str] = []
    for (name, possible), found in grouped.items():
        ids = "/".join(found[0].ids)
        where = _turn_list([h.turn for h in found])
        if possible:
            notes.append(
                f'{file}: possibly the name "{name}" (given for {ids}) at {where}, as it may '
                "be an ordinary word there; left as it is: check it"
            )
        elif replace:
            notes.append(
                f'{file}: the name "{name}" (given for {ids}) is in the text at {where}; '
                f"written as [{ids}]"
            )
        else:
            notes.append(f'{file}: the name "{name}" (given for {ids}) is in the text at {where}')
    if not replace and any(not h.possible for h in hits):
        notes.append(
            f"{file}: real names would enter the study: import with --replace-names to write "
            "the pseudonym in brackets instead, or edit the raw file"
        )
    return notes


def _turn_list(turns: Sequence[int]) -> str:
    """``[4, 9, 9, 12]`` -> ``"turns 4, 9 (2 times), 12"``."""
    counts: dict[int, int] = {}
    for n in turns:
        counts[n] = counts.get(n, 0) + 1
    parts = [f"{n} ({c} times)" if c > 1 else str(n) for n, c in counts.items()]
    return ("turn " if len(parts) == 1 else "turns ") + ", ".join(parts)
