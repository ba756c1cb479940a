"""The quote matcher: normalisation, elisions, order, the closest-passage hint, and offsets."""

from __future__ import annotations

import pytest

from ipatool.check.quotematch import (
    QuoteProblem,
    check_quote,
    closest_passage,
    fragments,
    locate,
    normalise,
)

TURN = (
    "She comes in and says \u201cit isn\u2019t working\u201d \u2014 and she wants to   stop,\n"
    "and what I haven't done is stop."
)


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("a  b\n\tc", "a b c"),
        ("\u201cquoted\u201d", '"quoted"'),
        ("\u2018single\u2019", "'single'"),
        ("isn\u2019t", "isn't"),
        ("a \u2013 b \u2014 c", "a - b - c"),
        ("No\u00a0Way", "no way"),
        ("  Straße  ", "strasse"),
    ],
)
def test_normalise(raw: str, plain: str) -> None:
    assert normalise(raw) == plain


@pytest.mark.parametrize(
    "quote",
    [
        "it isn't working",  # plain apostrophe against a typographic one
        '"it isn\'t working" - and she wants to stop',  # straight quotes, hyphen for an em dash
        "IT ISN'T WORKING",  # case
        "she wants to stop, and what I",  # a line break and extra spaces in the turn
        "it isn't working ... she wants to stop",
        "it isn't working … she wants to stop",
        "it isn't working [...] she wants to stop",
        "it isn't working [\u2026] what I haven't done",
        "...she wants to stop...",  # leading and trailing elisions
        "she comes in.",  # edge punctuation is not significant
    ],
)
def test_quotes_that_match(quote: str) -> None:
    assert check_quote(TURN, quote) is None


def test_fragments_split_on_every_elision_mark() -> None:
    assert fragments("a ... b … c [...] d [ … ] e....") == ["a", "b", "c", "d", "e"]
    assert fragments("...") == []


def test_quote_not_found_names_the_fragment_and_the_closest_passage() -> None:
    problem = check_quote(TURN, "it isn't working ... she wanted to go")
    assert problem == QuoteProblem(fragment="she wanted to go", closest="she wants to stop,")


def test_fragments_out_of_order() -> None:
    problem = check_quote(TURN, "she wants to stop ... it isn't working")
    assert problem is not None
    assert problem.out_of_order
    assert problem.fragment == "it isn't working"
    assert problem.closest is None


def test_a_fragment_is_not_reused_for_the_next() -> None:
    # "stop" occurs twice; three "stop"s cannot all be found in order.
    assert check_quote(TURN, "stop ... stop") is None
    problem = check_quote(TURN, "stop ... stop ... stop")
    assert problem is not None and problem.out_of_order


def test_empty_quote() -> None:
    assert check_quote(TURN, "") == QuoteProblem(fragment="", closest=None)
    assert check_quote(TURN, " … ") == QuoteProblem(fragment="", closest=None)


def test_closest_passage_none_when_nothing_is_alike() -> None:
    assert closest_passage(TURN, "zzzz qqqq xxxx") is None
    assert closest_passage("", "anything") is None


def test_locate_whole_turn_without_a_quote() -> None:
    assert locate(TURN, None) == [(0, len(TURN))]


def test_locate_offsets_are_code_points_in_the_original_text() -> None:
    text = "Naïve Zoë said: “we’re fine” — Straße café."
    ranges = locate(text, "we're fine ... strasse")
    assert ranges is not None
    assert [text[a:b] for a, b in ranges] == ["we’re fine", "Straße"]
    assert ranges == [(17, 27), (31, 37)]


def test_locate_across_a_line_break_and_spaces() -> None:
    ranges = locate(TURN, "to stop, and what")
    assert ranges is not None
    ((start, end),) = ranges
    assert TURN[start:end] == "to   stop,\nand what"


def test_locate_not_found() -> None:
    assert locate(TURN, "not in the turn") is None
    assert locate(TURN, "stop ... it isn't") is None
