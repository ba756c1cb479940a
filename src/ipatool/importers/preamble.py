"""Preambles and footers of exported transcripts: found, skipped, and read for date and length.

Otter writes a title, a date line (``Tue, 3/21 10:02AM • 45:12``), ``SUMMARY KEYWORDS`` and the
keywords, ``SPEAKERS`` and the speakers' real names, then the transcript with each label on its
own line (``Sam Jones  00:13``), and a ``Transcribed by https://otter.ai`` footer. Teams writes
the meeting title, the date and time and the duration (``45m 12s``), and marks
``... started transcription``; Zoom and hand-made files have a title line (``Interview 3 - carer
study - 21/03/2024``) or ``Date:`` / ``Duration:`` lines. Such lines are skipped before the
turns are found, and the notes say how many lines were skipped and where, never what they said
(they hold real names). The date and duration they state are read.

``--skip-lines N`` and ``--start-at TEXT`` (:class:`~ipatool.importers.base.ReadOptions`) replace
the automatic search with the user's own choice of where the transcript starts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ipatool.importers.base import ImportFailed, Line, ReadOptions
from ipatool.importers.labels import find_prefix, judge, label_key, recurring_prefixes

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")
_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<y>\d{4})\b")
_DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+{_MONTH}[\s,-]+(?P<y>\d{{4}})\b", re.IGNORECASE
)
_MONTH_DAY = re.compile(
    rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE
)
_HMS_WORDS = re.compile(
    r"(?<![\w:])(?:(?P<h>\d{1,2})\s*h(?:ours?|rs?)?\s*)?"
    r"(?:(?P<m>\d{1,3})\s*m(?:in(?:ute)?s?|ins?)?(?![a-z])\s*)"
    r"(?:(?P<s>\d{1,2})\s*s(?:ec(?:ond)?s?)?(?![a-z]))?",
    re.IGNORECASE,
)
_HOURS_ONLY = re.compile(r"(?<![\w:])(?P<h>\d{1,2})\s*(?:h|hours?|hrs?)(?![a-z])", re.IGNORECASE)
_CLOCK_DURATION = re.compile(
    r"(?:duration|length|running time|•)\s*:?\s*(?P<a>\d{1,2}):(?P<b>\d{2})(?::(?P<c>\d{2}))?\b",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?$")
_HEADER_KEYS = re.compile(
    r"^(?:date|time|start time|duration|length|location|place|title|subject|topic|"
    r"meeting(?: id| title)?|passcode|host|attendees|recorded|recording|transcript|"
    r"interview date|file|project)\b\s*[:\-]",
    re.IGNORECASE,
)
_OTTER_MARKERS = ("SUMMARY KEYWORDS", "KEYWORDS", "SPEAKERS")
_TRANSCRIPTION_EVENT = re.compile(r"^.{1,80}\s(?:started|stopped) transcription\.?$")
_FOOTER = re.compile(r"^transcribed by\b.*otter\.ai", re.IGNORECASE)
_BARE_WORDS = ("transcript", "meeting transcript", "meeting recording", "recording")
TITLE_MAX = 120


@dataclass
class Stated:
    """What a header says about the recording, and notes on what could not be read."""

    date: dt.date | None = None
    duration_min: int | None = None
    notes: list[str] = field(default_factory=list)


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_date(text: str) -> tuple[dt.date | None, str | None]:
    """A date in ``text`` (ISO, ``21/03/2024``, ``12-May-2023``, ``March 21, 2024``) and, when a
    numeric date could be day/month or month/day, the ambiguous text instead."""
    if m := _ISO.search(text):
        return _date(int(m["y"]), int(m["m"]), int(m["d"])), None
    if m := _DAY_MONTH.search(text):
        return _date(int(m["y"]), _MONTHS[m["month"].lower()], int(m["d"])), None
    if m := _MONTH_DAY.search(text):
        return _date(int(m["y"]), _MONTHS[m["month"].lower()], int(m["d"])), None
    if m := _NUMERIC.search(text):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        if a > 12 or a == b:
            return _date(y, b, a), None
        if b > 12:
            return _date(y, a, b), None
        return None, m.group(0)
    return None, None


def minutes(hours: int, mins: int, secs: int) -> int:
    """A length in whole minutes, rounded half up, at least 1."""
    return max(1, int((hours * 3600 + mins * 60 + secs) / 60 + 0.5))


def find_duration(text: str) -> int | None:
    """A stated length in minutes: ``Duration 0:45:12``, ``• 45:12``, ``45m 12s``, ``1h09m31s``,
    ``47 minutes``, ``1 hour``."""
    if m := _CLOCK_DURATION.search(text):
        if m["c"] is not None:
            return minutes(int(m["a"]), int(m["b"]), int(m["c"]))
        return minutes(0, int(m["a"]), int(m["b"]))  # mm:ss, as Otter writes it
    for m in _HMS_WORDS.finditer(text):
        if m["m"] is not None:
            return minutes(int(m["h"] or 0), int(m["m"]), int(m["s"] or 0))
    if m := _HOURS_ONLY.search(text):
        return minutes(int(m["h"]), 0, 0)
    return None


def read_stated(lines: Iterable[Line], file: str) -> Stated:
    """The first date and duration stated in ``lines`` (a header)."""
    stated = Stated()
    for line in lines:
        text = line.text
        if stated.date is None:
            date, ambiguous = find_date(text)
            if date is not None:
                stated.date = date
            elif ambiguous is not None and not stated.notes:
                stated.notes.append(
                    f"{_place(file, line.where)}: the header's date {ambiguous} could be "
                    "day/month or month/day; give the date with --date"
                )
        if stated.duration_min is None:
            stated.duration_min = find_duration(text)
    return stated


def _place(file: str, where: str) -> str:
    return f"{file}:{where}" if where.isdigit() else f"{file}: {where}"


def is_header_line(text: str) -> bool:
    """A line a header is made of: a date, a length, ``Key: value`` metadata, a clock time."""
    text = text.strip()
    if not text or len(text) > TITLE_MAX:
        return False
    if _HEADER_KEYS.match(text):
        return True
    if len(text.split()) > 12 or text.endswith((".", "?", "!")):
        return False  # a sentence, even when it mentions a date or a length
    if text in _OTTER_MARKERS or text.casefold() in _BARE_WORDS:
        return True
    if _CLOCK.match(text) or _TRANSCRIPTION_EVENT.match(text):
        return True
    date, ambiguous = find_date(text)
    return date is not None or ambiguous is not None or find_duration(text) is not None


def _is_title(text: str) -> bool:
    text = text.strip()
    return (
        0 < len(text) <= TITLE_MAX
        and len(text.split()) <= 14
        and not text.endswith((".", "?", "!", ","))
    )


@dataclass
class Preamble:
    """The lines found to be a preamble (``skip`` of them from the start) and what it was."""

    skip: int = 0
    kind: str = ""


def _nonblank(lines: list[Line]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.text.strip() or line.label is not None]


def _is_label_line(line: Line, known: set[str], recurring: set[str]) -> bool:
    if line.label is not None:
        return True
    prefix = find_prefix(line.text)
    found = judge(prefix, known, recurring=recurring) if prefix else None
    return found is not None and found.taken


def find_preamble(lines: list[Line], known: Iterable[str] = ()) -> Preamble:
    """The Otter, Teams, Zoom or title header at the start of ``lines``, if there is one."""
    known_keys = set(known)
    indices = _nonblank(lines)
    if not indices:
        return Preamble()
    head = [lines[i].text.strip() for i in indices[:40]]
    if any(marker in head for marker in _OTTER_MARKERS):
        return _otter_preamble(lines, indices, head)
    recurring = recurring_prefixes(line.text for line in lines if line.label is None)
    end = 0
    for position, k in enumerate(indices[:12]):
        line = lines[k]
        following = indices[position + 1] if position + 1 < len(indices) else None
        if position == 0 and _first_line_is_title(lines, k, following, known_keys, recurring):
            end = k + 1
            continue
        if _is_label_line(line, known_keys, recurring):
            break
        if is_header_line(line.text):
            end = k + 1
            continue
        break
    if end == 0:
        return Preamble()
    while end < len(lines) and lines[end].where == lines[end - 1].where:
        end += 1  # the rest of a paragraph
    return Preamble(end, "a header (title, date, length)")


def _otter_preamble(lines: list[Line], indices: list[int], head: list[str]) -> Preamble:
    """Otter: up to the first ``Name  00:13`` line after the last marker (or the line after the
    marker's own line of keywords or names)."""
    last_marker = max(k for k, text in enumerate(head) if text in _OTTER_MARKERS)
    after = indices[last_marker + 1 :]
    kind = "an Otter header (title, date, keywords, speakers)"
    for k in after:
        prefix = find_prefix(lines[k].text)
        if prefix is not None and prefix.form == "alone":
            return Preamble(k, kind)
    return Preamble(after[1], kind) if len(after) > 1 else Preamble()


def _prefix_key(text: str) -> str | None:
    prefix = find_prefix(text)
    return label_key(prefix.label) if prefix is not None else None


def _first_line_is_title(
    lines: list[Line], k: int, following: int | None, known: set[str], recurring: set[str]
) -> bool:
    line = lines[k]
    if line.label is not None or following is None or not _is_title(line.text):
        return False
    prefix = find_prefix(line.text)
    if prefix is not None:
        found = judge(prefix, known, recurring=recurring)
        key = label_key(prefix.label)
        uses = sum(1 for other in lines if _prefix_key(other.text) == key)
        once = uses == 1 and key not in known
        if found is not None and found.taken and not (prefix.form == "dash" and once):
            return False  # a speaker's first turn
    nxt = lines[following]
    return (nxt.label is None and is_header_line(nxt.text)) or _is_label_line(nxt, known, recurring)


def skip_note(file: str, lines: list[Line], count: int, what: str) -> str:
    """``f.txt: lines 1-9 skipped (6 with text): <what>``: the count and places, not the text."""
    if count <= 0:
        return ""
    first, last = lines[0].where, lines[count - 1].where
    with_text = sum(1 for line in lines[:count] if line.text.strip())
    if first.isdigit():
        span = f"line {first}" if first == last else f"lines {first}-{last}"
    else:
        span = first if first == last else f"{first} to {last}"
    return f"{file}: {span} skipped ({with_text} with text): {what}; their text is not imported"


def apply_read_options(lines: list[Line], options: ReadOptions, file: str, unit: str) -> int:
    """How many of ``lines`` the user's ``skip_lines`` / ``start_at`` skip.

    Lines sharing a ``where`` (a paragraph's lines) count as one ``unit``; raises
    :class:`ImportFailed` when no line holds the ``start_at`` text.
    """
    count = 0
    if options.skip_lines > 0:
        seen: list[str] = []
        for line in lines:
            if line.where not in seen:
                if len(seen) == options.skip_lines:
                    break
                seen.append(line.where)
            count += 1
        if len(seen) < options.skip_lines or count >= len(lines):
            raise ImportFailed(
                f"{file}: --skip-lines {options.skip_lines} skips the whole file "
                f"({len({line.where for line in lines})} {unit}s)"
            )
    if options.start_at:
        wanted = options.start_at.casefold()
        for i in range(count, len(lines)):
            text = f"{lines[i].label or ''} {lines[i].text}".casefold()
            if wanted in text:
                first = i
                while first > count and lines[first - 1].where == lines[i].where:
                    first -= 1
                return first
        after = f" after the first {options.skip_lines} {unit}s" if options.skip_lines else ""
        raise ImportFailed(
            f"{file}: no {unit}{after} contains the --start-at text {options.start_at!r}"
        )
    return count


def strip_events(lines: list[Line], file: str) -> tuple[list[Line], list[str]]:
    """Drop Otter's ``Transcribed by https://otter.ai`` footer and Teams' ``X started
    transcription`` lines (they name people), with a note of how many and where."""
    indices = _nonblank(lines)
    footer: set[int] = set()
    if indices and _FOOTER.match(lines[indices[-1]].text.strip()):
        footer.add(indices[-1])
    events = {
        i
        for i in indices
        if lines[i].label is None and _TRANSCRIPTION_EVENT.match(lines[i].text.strip())
    }
    notes = []
    if footer:
        where = lines[min(footer)].where
        notes.append(f"{_place(file, where)}: Otter's 'Transcribed by' footer skipped")
    if events:
        first = lines[min(events)].where
        notes.append(
            f"{_place(file, first)}: {len(events)} 'started/stopped transcription' line(s) "
            "skipped (first here); their text is not imported"
        )
    drop = footer | events
    return [line for i, line in enumerate(lines) if i not in drop], notes


def cut_preamble(
    lines: list[Line], file: str, known: Iterable[str], options: ReadOptions, unit: str = "line"
) -> tuple[list[Line], Stated]:
    """The lines after the preamble (the user's choice, else the one found), what it stated,
    and notes on what was skipped; footers and transcription events are dropped too."""
    if options.skip_lines or options.start_at:
        count = apply_read_options(lines, options, file, unit)
        what = "before the start given with --skip-lines / --start-at"
    else:
        preamble = find_preamble(lines, known)
        count, what = preamble.skip, preamble.kind
    stated = read_stated(lines[:count], file)
    if count:
        stated.notes.insert(0, skip_note(file, lines, count, what))
    rest, event_notes = strip_events(lines[count:], file)
    stated.notes += event_notes
    return rest, stated
