"""Quotes as journals print them (APA 7): the extract's words cleaned for print, in quotation
marks when short and as a block quote when 40 words or longer, with the pseudonym and source.

- Stray quotation marks (“ ” „ « » and ``"``) at a quote's ends are dropped when they have no
  partner inside it, and single marks (‘ ’ ``'``) when they wrap the whole quote, so that the
  printed quote never shows doubled marks. A single mark alone at an end is kept: it may be an
  apostrophe (``'cause``, ``the clients'``).
- An elision in a ``quote`` is whatever the quote matcher reads as one (``...``, ``…``,
  ``[...]``, ``[…]``: :func:`ipatool.check.quotematch.split_elisions`); each is printed in the
  study's style (``reporting.elision``: ``[...]`` by default, or ``...``). A whole turn quoted
  (no ``quote``) is the speaker's words as transcribed: its dots are pauses, left as they are.
- A short quote's own double quotation marks become single ones (it is printed inside double
  marks); a block quote keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ipatool.analysis.grid import Context, Quote
from ipatool.check.quotematch import replace_elisions
from ipatool.read.models import NoteKind

BLOCK_WORDS = 40
"""APA 7 (8.27): a quotation of 40 words or more is a block quotation."""

DOUBLE_MARKS = frozenset('"\u201c\u201d\u201e\u201f\u00ab\u00bb')
SINGLE_OPEN = frozenset("'\u2018\u201a\u201b")
SINGLE_CLOSE = frozenset("'\u2019")
_DOUBLE_AND_SPACE = "".join(sorted(DOUBLE_MARKS)) + " \t\n"
_END_MARKS = DOUBLE_MARKS | SINGLE_OPEN | SINGLE_CLOSE
_NOT_A_WORD = re.compile(r"[\W_]+")
_OPENING_SINGLE = re.compile("[\u2018\u201a\u201b]|(?:^|\\s)'")
_INNER = str.maketrans({"\u201c": "\u2018", "\u201d": "\u2019", '"': "'"})


def strip_stray_marks(text: str) -> str:
    """The text without the quotation marks at its ends that the printed marks would double."""
    t = text.strip()
    while t:
        if t[0] not in _END_MARKS and t[-1] not in _END_MARKS:
            break  # most quotes: no mark at either end
        core = t.strip(_DOUBLE_AND_SPACE)
        if core != t and not DOUBLE_MARKS.intersection(core):
            t = core  # every double mark is at an end: none has a partner inside
            continue
        if (
            len(t) > 1
            and t[0] in SINGLE_OPEN
            and t[-1] in SINGLE_CLOSE
            and not _OPENING_SINGLE.search(t[1:-1])
        ):
            t = t[1:-1].strip()
            continue
        break
    return t


def mark_elisions(text: str, style: str) -> str:
    """Each elision of a quote written in ``style``, with one space either side (one mark for
    marks that follow one another)."""
    if "..." not in text and "\u2026" not in text:
        return text  # every elision mark has one or the other
    return replace_elisions(text, style)


def one_line(text: str) -> str:
    """The text with each run of white space made one space, none at the ends."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # most quotes: printable text has no white space but the ASCII space
    return " ".join(text.split())


def printed_text(text: str, *, whole_turn: bool, style: str) -> str:
    """An extract's words as printed: one line, stray end marks dropped, elisions in ``style``
    (not in a whole turn, whose dots are the speaker's)."""
    t = strip_stray_marks(one_line(text))
    if not whole_turn:
        marked = mark_elisions(t, style)
        if marked is not t:
            t = strip_stray_marks(marked)  # (stripping twice gives what stripping once does)
    return t


def word_count(text: str) -> int:
    """Words as APA counts them: runs of text with a letter or digit (an elision mark or a dash
    is not a word)."""
    tokens = text.split()
    return len(tokens) - sum(map(bool, map(_NOT_A_WORD.fullmatch, tokens)))


def is_block(text: str) -> bool:
    """Whether the printed quote is a block quotation (40 words or more)."""
    return text.count(" ") + 1 >= BLOCK_WORDS and word_count(text) >= BLOCK_WORDS


def inline(text: str) -> str:
    """A short quote's text inside double quotation marks: its own double marks made single."""
    if '"' not in text and "\u201c" not in text and "\u201d" not in text:
        return text  # most quotes: ``str.translate`` with a table looks up every character
    return text.translate(_INNER)


def citation(participant: str, source: str) -> str:
    """``(Pat, Interview 2)``: the pseudonym and the source after a quote."""
    return f"({participant}, {source})"


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading among printed quotes: ``level`` 0 (bold), 1 (bold italic), 2 (italic), or 3
    (plain text, such as ``No extracts.``)."""

    level: int
    text: str


@dataclass(slots=True)
class Extract:
    """A quote of a table as printed: the :class:`~ipatool.analysis.grid.Quote`'s fields, then
    how it is printed. Not frozen, as an exception: a frozen dataclass sets each of its fields
    through ``object.__setattr__``, which doubles the cost of a quote bank of 100,000 quotes;
    nothing changes one after it is made."""

    participant: str
    source: str
    source_label: str
    turn: int
    text: str
    """The extract as written (the coding's ``quote``, or the whole turn)."""
    exemplar: bool
    codes: tuple[str, ...]
    printed: str
    """The words as printed, without the quotation marks around a short quote."""
    block: bool
    """40 words or more: a block quotation (no quotation marks, indented)."""
    citation: str
    notes: tuple[str, ...]
    """The conceptual notes of the quote's turn (``text (author)``), when asked for (``--notes``)."""


def extract_maker(ctx: Context) -> Callable[[Quote], Extract]:
    """A function from a table's quote to its printed form, the same object for the same quote
    (the quote bank and the personal experiential themes share them); kept in ``ctx.memo``."""
    made = ctx.memo.get("extracts")
    if not isinstance(made, dict):
        made = ctx.memo["extracts"] = {}  # id(quote) -> (quote, its extract): the quote kept alive
    style = ctx.config.reporting.elision
    short = {s.id: s.short_label for s in ctx.sources}
    notes: dict[tuple[str, int], tuple[str, ...]] = {}
    if ctx.options.notes:
        for key, turn_notes in (ctx.options.turn_notes or {}).items():
            for n in turn_notes:
                if n.kind is NoteKind.CONCEPTUAL:
                    text = n.text if n.by is None else f"{n.text} ({n.by})"
                    notes[key] = (*notes.get(key, ()), " ".join(text.split()))

    cited: dict[tuple[str, str], str] = {}  # one citation text per participant and source

    def make(q: Quote) -> Extract:
        kept = made.get(id(q))
        if kept is None:
            words = printed_text(q.text, whole_turn=q.whole_turn, style=style)
            if words == q.text:
                words = q.text  # most quotes print as written: one string, not two
            where = (q.participant, q.source)
            cite = cited.get(where)
            if cite is None:
                cite = cited[where] = citation(q.participant, short.get(q.source, q.source_label))
            out = Extract(
                q.participant,
                q.source,
                q.source_label,
                q.turn,
                q.text,
                q.exemplar,
                q.codes,
                words,
                is_block(words),
                cite,
                notes.get((q.source, q.turn), ()) if notes else (),
            )
            made[id(q)] = (q, out)
            return out
        return kept[1]  # type: ignore[no-any-return]

    return make
