"""Finding speaker labels at the start of lines, and cutting a list of lines into turns.

Recognised labels: ``Name: text``, ``[id1] text``, ``Interviewer 1: text``, ``P3 - text``, a label
alone on its line (``Interviewer:``, or ``Sam  00:03`` as Otter writes it) with the text on the
next lines. Timestamps such as ``[00:12:31]``, ``(00:12)`` or a leading ``00:12:31`` are dropped.
A label is only taken when it looks like a name (short, capitalised or numbered), so ordinary
sentences with a colon are not mistaken for speakers; labels the user has mapped with
``--speaker`` are always recognised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ipatool.importers.base import Line, RawTurn

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_BRACKETED_TIME = re.compile(rf"\s*[\[(]{_TIME}[\])]\s*")
_LEADING_TIME = re.compile(rf"^\s*{_TIME}\s*(?:[-–—|]\s*)?(?=\S|$)")
_ALONE_WITH_TIME = re.compile(rf"^(?P<label>[^:\[\]]{{1,40}}?)\s+{_TIME}\s*$")
_BRACKET = re.compile(r"^\[(?P<label>[^\]]{1,40})\]\s*(?P<rest>.*)$")
_COLON = re.compile(r"^(?P<label>[^\W\d_][^:]{0,39}?)\s*:(?:\s+(?P<rest>.*)|\s*$)")
_DASH = re.compile(r"^(?P<label>[^\W\d_][^-–—:]{0,39}?)\s+[-–—]\s*(?P<rest>.*)$")

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

PARTICLES = {"de", "van", "von", "der", "den", "la", "le", "da", "di", "du", "del", "bin", "al"}
_WORD_OK = re.compile(r"^[\w.'’-]+$")


def label_key(label: str) -> str:
    """How labels are compared: case, repeated spaces and a trailing colon do not matter."""
    return " ".join(label.replace(":", " ").split()).casefold()


def strip_timestamps(text: str) -> str:
    """Remove ``[00:12:31]``-style timestamps anywhere and a bare one at the start of a line."""
    text = _BRACKETED_TIME.sub(" ", text)
    text = _LEADING_TIME.sub("", text)
    return text.strip()


def _looks_like_name(label: str, *, strict: bool) -> bool:
    words = label.split()
    if not words or len(words) > 4 or len(label) > 40:
        return False
    if not all(_WORD_OK.match(w) for w in words):
        return False
    if label_key(label) in ANNOTATIONS:
        return False
    if any(ch.isdigit() for ch in label):
        return True
    if strict:  # the dash form: numbered (P3) or ALL CAPS (INT) only
        return label.isupper() and sum(ch.isalpha() for ch in label) >= 2
    if len(words) == 1:
        return len(words[0]) >= 2
    return all(w[0].isupper() or any(c.isupper() for c in w) or w in PARTICLES for w in words)


def split_label(text: str, known: Iterable[str] = ()) -> tuple[str, str] | None:
    """``(label, rest)`` when ``text`` starts with a speaker label, else None.

    ``known`` holds :func:`label_key` forms of labels that are always accepted.
    """
    known_keys = set(known)
    line = strip_timestamps(text)
    if not line:
        return None
    m = _BRACKET.match(line)
    if m:
        label = m["label"].strip()
        if not re.fullmatch(_TIME, label) and (
            label_key(label) in known_keys or _looks_like_name(label, strict=False)
        ):
            return label, m["rest"].strip()
    m = _COLON.match(line)
    if m:
        label = m["label"].strip()
        if label_key(label) in known_keys or _looks_like_name(label, strict=False):
            return label, (m["rest"] or "").strip()
    m = _DASH.match(line)
    if m:
        label = m["label"].strip()
        if label_key(label) in known_keys or _looks_like_name(label, strict=True):
            return label, m["rest"].strip()
    m = _ALONE_WITH_TIME.match(text.strip())
    if m:
        label = m["label"].strip()
        if label_key(label) in known_keys or _looks_like_name(label, strict=False):
            return label, ""
    return None


def segment(lines: Iterable[Line], known: Iterable[str] = ()) -> list[RawTurn]:
    """Cut lines into turns at each speaker label.

    Lines without a label continue the current turn (a blank line between them becomes a line
    break in the text). Text before the first label, or in a file without labels, becomes
    unlabelled turns, one per paragraph.
    """
    known_keys = set(known)
    turns: list[RawTurn] = []
    current: RawTurn | None = None
    blank = False
    for line in lines:
        raw = line.text.strip()
        if not raw and line.label is None:
            blank = True
            continue
        found: tuple[str, str] | None
        if line.label is not None:
            found = (line.label, strip_timestamps(raw))
        else:
            found = split_label(raw, known_keys)
        if found is not None:
            current = RawTurn(found[0], found[1], line.where)
            turns.append(current)
        else:
            text = strip_timestamps(raw)
            if not text:
                continue
            if current is None or (current.label is None and blank):
                current = RawTurn(None, text, line.where)
                turns.append(current)
            elif not current.text:
                current.text = text
            else:
                current.text += ("\n" if blank else " ") + text
        blank = False
    return [t for t in turns if t.text.strip()]
