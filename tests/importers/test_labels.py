"""Speaker labels, timestamps and cutting lines into turns."""

from __future__ import annotations

import pytest

from ipatool.importers.base import Line
from ipatool.importers.labels import find_prefix, judge, segment, split_label, strip_timestamps


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


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("latha sriram: Hello everyone", ("latha sriram", "Hello everyone")),
        ("krithika S: yes", ("krithika S", "yes")),
        ("Ashlee Kupor (SL): ok", ("Ashlee Kupor (SL)", "ok")),
        ("Sam (she/her): right", ("Sam (she/her)", "right")),
        ("Room 2 iPad: can you hear", ("Room 2 iPad", "can you hear")),
        ("dr. ng-o'brien: hi", ("dr. ng-o'brien", "hi")),
    ],
)
def test_zoom_display_names_at_a_caption_start(line: str, expected: tuple[str, str]) -> None:
    assert split_label(line, cue=True) == expected


@pytest.mark.parametrize(
    "line",
    [
        "So the thing is: yes",
        "And then she said: no",
        "the point was: money",
        "I said: go",
        "[laughs] yes",
    ],
)
def test_sentences_are_not_labels_in_captions_either(line: str) -> None:
    assert split_label(line, cue=True) is None


def test_free_text_is_stricter_than_captions() -> None:
    assert split_label("Ashlee Kupor (SL): ok") == ("Ashlee Kupor (SL)", "ok")
    assert split_label("latha sriram: Hello") is None  # seen once in free text: not taken
    assert split_label("latha sriram: Hello", recurring={"latha sriram"}) == (
        "latha sriram",
        "Hello",
    )
    assert split_label("I: So tell me") == ("I", "So tell me")
    assert split_label("10 things: first") is None
    assert split_label("2nd floor iPad: hello", cue=True) == ("2nd floor iPad", "hello")
    assert split_label("Note: the recorder stopped") is None
    assert split_label("Note: the recorder stopped", cue=True) is None
    prefix = find_prefix("Note: the recorder stopped")
    assert prefix is not None
    found = judge(prefix)
    assert found is not None and not found.taken  # label-like: reported, not taken
    prefix = find_prefix("So the thing is: yes")
    assert prefix is not None and judge(prefix) is None  # a sentence: not even reported


def test_recurring_lower_case_names_and_reported_prefixes_in_free_text() -> None:
    notes: list[str] = []
    text = (
        "latha sriram: Hello\nkrithika s: Hi\nlatha sriram: Shall we?\nkrithika s: Yes.\n"
        "Note: the line dropped\nmaria: back now\nSo the thing is: it works\n"
    )
    turns = segment(_lines(text), file="z.txt", notes=notes)
    assert [(t.label, t.text) for t in turns] == [
        ("latha sriram", "Hello"),
        ("krithika s", "Hi"),
        ("latha sriram", "Shall we?"),
        ("krithika s", "Yes. Note: the line dropped maria: back now So the thing is: it works"),
    ]
    assert notes == [
        "z.txt:5: 'Note' looks like a speaker label but was kept as text; "
        'map it with --speaker "Note=ID" if it is one',
        "z.txt:6: 'maria' looks like a speaker label but was kept as text; "
        'map it with --speaker "maria=ID" if it is one',
    ]


def test_otter_and_bracket_labels_with_times() -> None:
    assert split_label("Jane Realname  00:13") == ("Jane Realname", "")
    assert split_label("Speaker 2  1:02:03") == ("Speaker 2", "")
    assert split_label("[Pat] 10:02:11 hello") == ("Pat", "hello")


def test_unlabelled_text_keeps_paragraphs_and_is_cut_when_huge() -> None:
    sentence = "We talked about the garden and the weather for a while. "
    text = "Short first paragraph.\n\n" + "\n".join([sentence] * 60)
    turns = segment(_lines(text))
    assert turns[0].text == "Short first paragraph."
    assert all(t.label is None for t in turns)
    assert len(turns) > 3 and max(len(t.text) for t in turns) <= 1000
    assert " ".join(t.text for t in turns).split() == text.split()
    assert turns[1].where == "3"
