"""Speaker labels, timestamps and cutting lines into turns."""

from __future__ import annotations

import pytest

from ipatool.importers.base import Line
from ipatool.importers.labels import segment, split_label, strip_timestamps


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[id1] hello, I like it", ("id1", "hello, I like it")),
        ("Interviewer 1: how was it?", ("Interviewer 1", "how was it?")),
        ("P3 - yes I did", ("P3", "yes I did")),
        ("P3 – yes", ("P3", "yes")),
        ("INT - so tell me", ("INT", "so tell me")),
        ("Neil deGrasse Tyson: hi", ("Neil deGrasse Tyson", "hi")),
        ("[00:12:31] Pat: hi", ("Pat", "hi")),
        ("00:12:31 Pat: hi", ("Pat", "hi")),
        ("Pat [00:12:31]: hi", ("Pat", "hi")),
        ("Interviewer:", ("Interviewer", "")),
        ("Sam  0:03", ("Sam", "")),
        ("MARY JONES: Hello", ("MARY JONES", "Hello")),
    ],
)
def test_labels_found(line: str, expected: tuple[str, str]) -> None:
    assert split_label(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Well - I think so",
        "And then she said: no",
        "So, the thing is: yes",
        "[laughs] yes",
        "[00:12:31]",
        "I said: go",
    ],
)
def test_sentences_are_not_labels(line: str) -> None:
    assert split_label(line) is None


def test_known_label_is_always_recognised() -> None:
    assert split_label("well - yes") is None
    assert split_label("well - yes", {"well"}) == ("well", "yes")


def test_timestamps_stripped() -> None:
    assert strip_timestamps("[00:12:31] so (00:13) then") == "so then"
    assert strip_timestamps("00:12:31 - and then") == "and then"


def _lines(text: str) -> list[Line]:
    return [Line(str(i), t) for i, t in enumerate(text.split("\n"), start=1)]


def test_multi_line_turns_and_label_alone_on_its_line() -> None:
    turns = segment(_lines("Interviewer:\nHow was it?\nTell me.\n\nPat: Fine\n\nreally fine"))
    assert [(t.label, t.text, t.where) for t in turns] == [
        ("Interviewer", "How was it? Tell me.", "1"),
        ("Pat", "Fine\nreally fine", "5"),
    ]


def test_unlabelled_paragraphs_become_turns() -> None:
    turns = segment(_lines("First para\ncontinues\n\nSecond para"))
    assert [(t.label, t.text) for t in turns] == [
        (None, "First para continues"),
        (None, "Second para"),
    ]
