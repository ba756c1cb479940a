"""Finding speaker labels at the start of lines, and cutting a list of lines into turns.

Recognised labels: ``Name: text``, ``[Name] text``, ``Interviewer 1: text``, ``P3 - text``, a
label alone on its line (``Interviewer:``, or ``Sam  00:03`` as Otter and Teams write it) with the
text on the next lines. Timestamps such as ``[00:12:31]``, ``(00:12)`` or a leading ``00:12:31``
are dropped. A name may have digits, several words and a bracketed part (``Ashlee Kupor (SL)``,
``Sam (she/her)``).

How sure a reader must be depends on where the prefix is. At the start of a caption (WebVTT,
SRT) a ``name:`` prefix is nearly always a speaker, so any case is taken (``latha sriram:``). In
free text (.txt, .docx) a label must look like a name: capitalised or numbered, or a lower-case
name that recurs at line starts. Ordinary sentences (``So the thing is: yes``) are never labels:
a prefix holding words such as *the*, *is*, *so* is text. A prefix that has the shape of a label
but is not taken (``Note:``, a lower-case name seen once) is kept in the text and reported, so
nothing that looks like a speaker is merged into a turn silently. Labels the user has mapped with
``--speaker`` are always recognised.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ipatool.importers.base import Line, RawTurn
from ipatool.importers.paragraphs import Piece, paragraphs

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_BRACKETED_TIME = re.compile(rf"\s*[\[(]{_TIME}[\])]\s*")
_LEADING_TIME = re.compile(rf"^\s*{_TIME}\s*(?:[-–—|]\s*)?(?=\S|$)")
_ALONE_WITH_TIME = re.compile(rf"^(?P<label>[^:\[\]]{{1,60}}?)\s+{_TIME}\s*$")
_BRACKET = re.compile(r"^\[(?P<label>[^\]]{1,60})\]\s*:?\s*(?P<rest>.*)$")
_COLON = re.compile(r"^(?P<label>[^\W_][^:]{0,59}?)\s*:(?:\s+(?P<rest>.*)|\s*$)")
_DASH = re.compile(r"^(?P<label>[^\W\d_][^-–—:]{0,39}?)\s+[-–—]\s*(?P<rest>.*)$")
_SUFFIX = re.compile(r"\s*[(\[][^()\[\]]{1,30}[)\]]\s*$")
_WORD_OK = re.compile(r"^[\w.'’@&+-]*[^\W_][\w.'’@&+-]*$")
MAX_WORDS = 6

ANNOTATIONS = {
    "laughs",
    "laughter",
    "laughing",
    "inaudible",
    "crosstalk",
    "cross talk",
    "pause",
    "long pause",
    "silence",
    "unclear",
    "overlapping",
    "overlap",
    "sighs",
    "coughs",
    "interruption",
    "redacted",
    "music",
    "applause",
    "noise",
}
"""Bracketed words that mark what happened, not who spoke: ``[laughs]`` is never a label."""

NOT_SPEAKERS = {
    "note",
    "notes",
    "nb",
    "n.b",
    "ps",
    "p.s",
    "edit",
    "update",
    "warning",
    "important",
    "example",
    "e.g",
    "eg",
    "i.e",
    "ie",
    "re",
    "summary",
    "keywords",
    "summary keywords",
    "speakers",
    "date",
    "time",
    "start time",
    "duration",
    "length",
    "location",
    "place",
    "title",
    "subject",
    "topic",
    "agenda",
    "meeting id",
    "passcode",
    "attendees",
    "transcript",
    "transcription",
    "recording",
    "source",
    "link",
    "url",
    "tags",
}
"""Words that head a line like a label but name no speaker (``Note: ...``): reported, not taken."""

FUNCTION_WORDS = {
    "a", "about", "after", "also", "an", "and", "anyway", "are", "as", "at", "basically",
    "be", "because", "been", "but", "by", "can", "could", "did", "do", "does", "for", "from",
    "had", "has", "have", "he", "here", "his", "how", "i", "i'm", "if", "in", "is", "it",
    "it's", "its", "just", "like", "me", "my", "no", "not", "now", "of", "ok", "okay", "on",
    "or", "our", "she", "so", "said", "say", "says", "that", "the", "their", "then", "there",
    "they", "thing", "this", "to", "um", "uh", "was", "we", "well", "were", "what", "when",
    "which", "who", "why", "with", "would", "yeah", "yes", "you", "your",
}  # fmt: skip
"""Words of sentences: a prefix holding one (``So the thing is:``) is text, not a speaker."""

PARTICLES = {"de", "van", "von", "der", "den", "la", "le", "da", "di", "du", "del", "bin", "al"}


@dataclass(frozen=True)
class Prefix:
    """A label-shaped start of a line: the label, the text after it, and its form."""

    label: str
    rest: str
    form: str  # "colon", "bracket", "dash" or "alone"


@dataclass(frozen=True)
class Found:
    """A prefix judged: ``taken`` is True for a speaker label, False for one only reported."""

    label: str
    rest: str
    taken: bool
    form: str


def label_key(label: str) -> str:
    """How labels are compared: case, repeated spaces and a trailing colon do not matter."""
    return " ".join(label.replace(":", " ").split()).casefold()


def strip_timestamps(text: str) -> str:
    """Remove ``[00:12:31]``-style timestamps anywhere and a bare one at the start of a line."""
    text = _BRACKETED_TIME.sub(" ", text)
    text = _LEADING_TIME.sub("", text)
    return text.strip()


def find_prefix(text: str) -> Prefix | None:
    """The label-shaped start of ``text`` (not yet judged to be a speaker), if any."""
    line = strip_timestamps(text)
    if not line:
        return None
    m = _BRACKET.match(line)
    if m and not re.fullmatch(_TIME, m["label"].strip()):
        return Prefix(m["label"].strip(), strip_timestamps(m["rest"]), "bracket")
    m = _COLON.match(line)
    if m:
        return Prefix(m["label"].strip(), (m["rest"] or "").strip(), "colon")
    m = _DASH.match(line)
    if m:
        return Prefix(m["label"].strip(), m["rest"].strip(), "dash")
    m = _ALONE_WITH_TIME.match(text.strip())
    if m:
        return Prefix(m["label"].strip(), "", "alone")
    return None


def _name_words(label: str) -> list[str] | None:
    """The words of a label's name part (a bracketed role or pronoun dropped); None: not a name."""
    name = _SUFFIX.sub("", label)
    words = name.split()
    if not words or len(words) > MAX_WORDS or len(name) > 40:
        return None
    if not all(_WORD_OK.match(w) for w in words):
        return None
    return words


def _capitalised(words: list[str]) -> bool:
    return all(w[0].isupper() or any(c.isupper() for c in w) or w in PARTICLES for w in words)


def judge(
    prefix: Prefix, known: Iterable[str] = (), *, cue: bool = False, recurring: Iterable[str] = ()
) -> Found | None:
    """Is ``prefix`` a speaker label (taken), label-like but not taken (reported), or text (None)?

    ``cue``: the prefix starts a caption, where ``Name:`` is nearly always a speaker.
    ``recurring``: :func:`label_key` forms of prefixes seen at several line starts in the file.
    """
    label, key = prefix.label, label_key(prefix.label)
    if key in set(known):
        return Found(label, prefix.rest, True, prefix.form)
    words = _name_words(label)
    if words is None or key in ANNOTATIONS or (label[0].isdigit() and not cue):
        return None  # in free text a label starts with a letter: ``10 things: ...`` is text
    lowered = [w.casefold().strip(".'’") for w in words]
    single_letter = len(words) == 1 and len(label) == 1
    if single_letter:  # ``I:`` and ``R:`` (interviewer, respondent), ``Q:`` and ``A:``
        taken = label.isupper() and prefix.form in ("colon", "bracket")
        return Found(label, prefix.rest, True, prefix.form) if taken else None
    if cue:
        if lowered[0] in FUNCTION_WORDS or sum(w in FUNCTION_WORDS for w in lowered) > 1:
            return None
    elif any(w in FUNCTION_WORDS for w in lowered):
        return None
    taken = _is_speaker(prefix, words, key, cue=cue, recurring=set(recurring))
    return Found(label, prefix.rest, taken, prefix.form)


def _is_speaker(
    prefix: Prefix, words: list[str], key: str, *, cue: bool, recurring: set[str]
) -> bool:
    if key in NOT_SPEAKERS:
        return False
    label = prefix.label
    has_digit = any(ch.isdigit() for ch in label)
    if prefix.form == "dash":  # numbered (P3) or ALL CAPS (INT) only
        return has_digit or (label.isupper() and sum(ch.isalpha() for ch in label) >= 2)
    if cue or has_digit or key in recurring:
        return True
    return _capitalised(words)


def split_label(
    text: str, known: Iterable[str] = (), *, cue: bool = False, recurring: Iterable[str] = ()
) -> tuple[str, str] | None:
    """``(label, rest)`` when ``text`` starts with a speaker label, else None.

    ``known`` holds :func:`label_key` forms of labels that are always accepted.
    """
    prefix = find_prefix(text)
    if prefix is None:
        return None
    found = judge(prefix, known, cue=cue, recurring=recurring)
    return (found.label, found.rest) if found is not None and found.taken else None


def recurring_prefixes(texts: Iterable[str], least: int = 2) -> set[str]:
    """Keys of label-shaped prefixes (colon, bracket or alone forms) at ``least`` line starts."""
    counts: Counter[str] = Counter()
    for text in texts:
        prefix = find_prefix(text)
        if prefix is not None and prefix.form != "dash":
            counts[label_key(prefix.label)] += 1
    return {key for key, n in counts.items() if n >= least}


def not_taken_note(file: str, where: str, found: Found) -> str:
    """The note for a label-like prefix left in the text."""
    place = f"{file}:{where}" if where.isdigit() else f"{file}: {where}"
    return (
        f"{place}: {found.label!r} looks like a speaker label but was kept as text; "
        f'map it with --speaker "{found.label}=ID" if it is one'
    )


def describe_not_taken(file: str, found: list[tuple[str, Found]]) -> list[str]:
    """One note per distinct label-like prefix kept as text, with its count and first place."""
    seen: dict[str, list[tuple[str, Found]]] = {}
    for where, f in found:
        seen.setdefault(label_key(f.label), []).append((where, f))
    out = []
    for items in seen.values():
        note = not_taken_note(file, items[0][0], items[0][1])
        if len(items) > 1:
            note += f" ({len(items)} times)"
        out.append(note)
    return out


def segment(
    lines: Iterable[Line],
    known: Iterable[str] = (),
    *,
    file: str = "",
    notes: list[str] | None = None,
) -> list[RawTurn]:
    """Cut lines into turns at each speaker label.

    Lines without a label continue the current turn (a blank line between them becomes a line
    break in the text). Text before the first label, or in a file without labels, becomes
    unlabelled turns, one per paragraph (a very long paragraph is cut at sentence ends).
    Label-like prefixes that are not taken are reported in ``notes``.
    """
    all_lines = list(lines)
    known_keys = set(known)
    recurring = recurring_prefixes(line.text for line in all_lines if line.label is None)
    turns: list[RawTurn] = []
    current: RawTurn | None = None
    pending: list[Piece] = []  # the unlabelled run being collected
    blank = False
    kept: list[tuple[str, Found]] = []

    def flush() -> None:
        turns.extend(RawTurn(None, text, where) for text, where in paragraphs(pending))
        pending.clear()

    for line in all_lines:
        raw = line.text.strip()
        if not raw and line.label is None:
            blank = True
            continue
        label: tuple[str, str] | None = None
        if line.label is not None:
            label = (line.label, strip_timestamps(raw))
        else:
            prefix = find_prefix(raw)
            found = judge(prefix, known_keys, recurring=recurring) if prefix else None
            if found is not None and found.taken:
                label = (found.label, found.rest)
            elif found is not None:
                kept.append((line.where, found))
        if label is not None:
            flush()
            current = RawTurn(label[0], label[1], line.where)
            turns.append(current)
        else:
            text = strip_timestamps(raw)
            if not text:
                continue
            if current is None:
                pending.append(Piece(text, line.where, pause_before=blank))
            elif not current.text:
                current.text = text
            else:
                current.text += ("\n" if blank else " ") + text
        blank = False
    flush()
    if notes is not None:
        notes += describe_not_taken(file, kept)
    return [t for t in turns if t.text.strip()]
