"""Quotes as journals print them (APA 7): stray marks, elisions, the block-quote threshold, the
citation; and the quote bank and personal themes built with them on the small study."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ipatool.analysis import Context
from ipatool.analysis.quotebank import build_pets, build_quotes
from ipatool.analysis.quoting import (
    Heading,
    citation,
    inline,
    is_block,
    mark_elisions,
    one_line,
    printed_text,
    strip_stray_marks,
    word_count,
)
from ipatool.check.quotematch import split_elisions
from ipatool.cli.turns import turn_notes

Make = Callable[..., Context]


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("\u201cit isn't working\u201d", "it isn't working"),  # curly pair
        ('"it isn\'t working"', "it isn't working"),  # straight pair
        ("\u201cit isn't working", "it isn't working"),  # a lone opening mark
        ("it isn't working\u201d", "it isn't working"),  # a lone closing mark
        ("\u201c it isn't working \u201d", "it isn't working"),  # spaces inside the marks
        ("\u2018it isn\u2019t working\u2019", "it isn\u2019t working"),  # single pair
        ("'it is'", "it is"),
        ('"\u201cdoubled\u201d"', "doubled"),  # marks twice over
        ("\u201e\u00bbgerman and french\u00ab\u201c", "german and french"),
        # partners inside the quote: the marks are the speaker's, kept
        ("she said \u201cstop\u201d", "she said \u201cstop\u201d"),
        ("\u201cstop\u201d, she said", "\u201cstop\u201d, she said"),
        ('"no" and then "yes"', '"no" and then "yes"'),
        # a lone single mark may be an apostrophe: kept
        ("'cause it's hard", "'cause it's hard"),
        ("the clients\u2019", "the clients\u2019"),
        ("'cause he said 'no'", "'cause he said 'no'"),
        ("plain", "plain"),
        ("\u201d", ""),
    ],
)
def test_stray_marks_at_the_ends_are_dropped(written: str, printed: str) -> None:
    assert strip_stray_marks(written) == printed


ELISIONS = [
    ("it isn't working ... she wants to stop", "it isn't working [...] she wants to stop"),
    ("it isn't working...she wants to stop", "it isn't working [...] she wants to stop"),
    ("it isn't working \u2026 she wants to stop", "it isn't working [...] she wants to stop"),
    ("it isn't working [...] she wants to stop", "it isn't working [...] she wants to stop"),
    ("it isn't working [\u2026] she", "it isn't working [...] she"),
    ("one .... two", "one [...] two"),
    ("... she wants to stop", "[...] she wants to stop"),
    ("she wants to stop ...", "she wants to stop [...]"),
    ("one ... ... two", "one [...] two"),
    ("no elision", "no elision"),
]


@pytest.mark.parametrize(("quote", "printed"), ELISIONS)
def test_elisions_print_as_brackets_by_default(quote: str, printed: str) -> None:
    assert mark_elisions(quote, "[...]") == printed
    assert mark_elisions(quote, "...") == printed.replace("[...]", "...")


def test_printed_text_drops_marks_around_elisions_and_keeps_a_whole_turns_dots() -> None:
    assert printed_text('"... she wants to stop"', whole_turn=False, style="[...]") == (
        "[...] she wants to stop"
    )
    assert printed_text("\u201cfirst\u201d ... second", whole_turn=False, style="...") == (
        "\u201cfirst\u201d ... second"
    )
    # a whole turn: the dots are the speaker's pause, not an elision
    assert printed_text("I don't know... it's hard", whole_turn=True, style="[...]") == (
        "I don't know... it's hard"
    )
    assert printed_text("two\n  lines ", whole_turn=True, style="[...]") == "two lines"


def test_the_block_quote_threshold_is_forty_words() -> None:
    words39 = " ".join(f"w{i}" for i in range(39))
    assert word_count(words39) == 39 and not is_block(words39)
    assert word_count(words39 + " last") == 40 and is_block(words39 + " last")
    # an elision mark or a dash is not a word
    assert word_count(words39 + " [...] \u2013") == 39
    assert not is_block(words39 + " [...] \u2013")


def test_citation_and_inner_marks() -> None:
    assert citation("Pat", "Interview 2") == "(Pat, Interview 2)"
    assert inline('she said \u201cstop\u201d and "go"') == "she said \u2018stop\u2019 and 'go'"


def test_the_quote_bank_prints_its_quotes(small: Path, context_of: Make) -> None:
    t = build_quotes(context_of(small))
    s1 = t.themes[0].subthemes[0]
    # FG1/2 is an exemplar (whole turn), then I1/2 (quote), FG1/3 (whole turn)
    assert [(q.printed, q.citation, q.block) for q in s1.quotes] == [
        ("The first meeting sets the tone for everything.", "(P2, Focus group 1)", False),
        ("the first meeting", "(P1, Interview 1)", False),
        ("They test you, to see if you will stay.", "(P3, Focus group 1)", False),
    ]
    assert s1.quotes[0].notes == ()
    assert t.passages()[:3] == [Heading(0, "Trust"), Heading(2, "Early trust"), s1.quotes[0]]
    assert "[...] marks words left out" in t.notes[0]
    pets = build_pets(context_of(small))
    # the personal themes share the quote bank's printed quotes
    p1 = pets.participants[0]
    assert p1.participant == "P1"
    assert p1.themes[0].subthemes[0].quotes[0].citation == "(P1, Interview 1)"
    assert pets.passages()[:3] == [
        Heading(0, "P1 (One-to-one interview 1)"),
        Heading(1, "Trust"),
        Heading(2, "Early trust"),
    ]


def test_conceptual_notes_under_quotes_when_asked(noted: Path, context_of: Make) -> None:
    plain = build_quotes(context_of(noted))
    assert all(not q.notes for t in plain.themes for s in t.subthemes for q in s.quotes)
    ctx = context_of(noted)
    ctx.options = type(ctx.options)(notes=True, turn_notes=turn_notes(ctx.study))
    t = build_quotes(ctx)
    by_place = {
        (q.source, q.turn): q.notes for th in t.themes for s in th.subthemes for q in s.quotes
    }
    assert by_place[("I1", 2)] == ("trust as foresight (B)",)
    assert by_place[("FG1", 6)] == ("change as sudden (C)",)  # the linguistic note is not shown
    assert by_place[("FG1", 3)] == ()
    assert "Conceptual notes follow the quotes" in t.notes[0]


def _elide(root: Path) -> None:
    path = root / "transcripts" / "I1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("quote: the first meeting", "quote: From the first \u2026 would work")
    )


@pytest.mark.parametrize(
    ("setting", "printed"), [(None, "[...]"), ("[...]", "[...]"), ("...", "...")]
)
def test_the_elision_setting(
    small: Path, context_of: Make, setting: str | None, printed: str
) -> None:
    _elide(small)
    if setting is not None:
        cfg = small / "ipatool.yaml"
        cfg.write_text(cfg.read_text() + f'  elision: "{setting}"\n', encoding="utf-8")
    t = build_quotes(context_of(small))
    (quote,) = [q for q in t.themes[0].subthemes[0].quotes if q.source == "I1"]
    assert quote.text == "From the first \u2026 would work"
    assert quote.printed == f"From the first {printed} would work"
    assert f"{printed} marks words left out" in t.notes[0]


def test_one_line_is_the_words_split_and_joined() -> None:
    # its shortcut rests on this: no printable character is white space but the ASCII space
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()]
    assert spaces == [" "]
    pieces = ["a", "bé", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "\u2028", "\u200b"]
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert one_line(text) == " ".join(text.split()), repr(text)


def _marked_piece_by_piece(text: str, style: str) -> str:
    """The pieces between elisions, stripped, with one mark wherever one or more fell."""
    out: list[str] = []
    for i, piece in enumerate(split_elisions(text)):
        if i and (not out or out[-1] is not style):
            out.append(style)
        if piece.strip():
            out.append(piece.strip())
    return " ".join(out)


def test_mark_elisions_agrees_with_marking_piece_by_piece() -> None:
    pieces = ["a", "bc", " ", "...", "....", "\u2026", "[...]", "[ \u2026 ]", "[..]", "..", "x."]
    rng = random.Random(11)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        if "..." in text or "\u2026" in text:
            for style in ("[...]", "..."):
                assert mark_elisions(text, style) == _marked_piece_by_piece(text, style), text
