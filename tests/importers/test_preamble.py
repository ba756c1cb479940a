"""Preambles and footers (Otter, Teams, title lines) are skipped, counted, and read for the
date and length; the user's --skip-lines / --start-at choose the start instead."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ipatool.importers import read_transcript
from ipatool.importers.base import ImportFailed, ReadOptions
from ipatool.importers.preamble import find_date, find_duration

OTTER = """Carer interview 4
Tue, 3/21 10:02AM • 45:12

SUMMARY KEYWORDS
mother, hospital, secretkeyword, respite

SPEAKERS
Jane Realname, Kate Interviewer

Kate Interviewer  00:00
So how did it start?

Jane Realname  00:13
It started with my mother.
She fell at home.

Kate Interviewer  01:02
And then?



Transcribed by https://otter.ai
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_otter_txt_preamble_and_footer(tmp_path: Path) -> None:
    path = write(tmp_path, "otter.txt", OTTER.replace("\n", "\r\n"))
    raw = read_transcript(path, "otter.txt")
    assert [(t.label, t.text, t.where) for t in raw.turns] == [
        ("Kate Interviewer", "So how did it start?", "10"),
        ("Jane Realname", "It started with my mother. She fell at home.", "13"),
        ("Kate Interviewer", "And then?", "17"),
    ]
    assert raw.notes[0] == (
        "otter.txt: lines 1-9 skipped (6 with text): an Otter header (title, date, keywords, "
        "speakers); their text is not imported"
    )
    assert "otter.txt:22: Otter's 'Transcribed by' footer skipped" in raw.notes
    assert raw.duration_min == 45
    assert raw.date is None  # Otter's date line has no year
    everything = " ".join([*(t.text for t in raw.turns), *raw.notes])
    assert "secretkeyword" not in everything
    assert "Carer interview" not in everything


def _otter_docx(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    for text in [
        "Carer interview 4",
        "Fri, 3/22/2024 9:00AM • 1:02:05",
        "SUMMARY KEYWORDS",
        "mother, secretkeyword",
        "SPEAKERS",
        "Jane Realname, Kate Interviewer",
        "Kate Interviewer  00:00",
        "So how did it start?",
        "Jane Realname  00:13",
        "It started with my mother.",
        "Transcribed by https://otter.ai",
    ]:
        document.add_paragraph(text)
    path = tmp_path / "otter.docx"
    document.save(str(path))
    return path


def test_otter_docx_preamble(tmp_path: Path) -> None:
    raw = read_transcript(_otter_docx(tmp_path), "otter.docx")
    assert [(t.label, t.text, t.where) for t in raw.turns] == [
        ("Kate Interviewer", "So how did it start?", "paragraph 7"),
        ("Jane Realname", "It started with my mother.", "paragraph 9"),
    ]
    assert raw.notes[0].startswith("otter.docx: paragraph 1 to paragraph 6 skipped (6 with text)")
    assert raw.date == dt.date(2024, 3, 22)
    assert raw.duration_min == 62
    assert "secretkeyword" not in " ".join(raw.notes)


def test_teams_docx_header_and_transcription_events(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for text in [
        "Weekly carers sync-20240321_100211-Meeting Recording",
        "March 21, 2024, 10:02AM",
        "45m 12s",
        "Jane Realname started transcription",
        "Jane Realname   0:03",
        "Hello everyone.",
        "Kate Interviewer   0:13",
        "Thanks for joining.",
        "Jane Realname stopped transcription",
    ]:
        document.add_paragraph(text)
    path = tmp_path / "teams.docx"
    document.save(str(path))
    raw = read_transcript(path, "teams.docx")
    assert [(t.label, t.text) for t in raw.turns] == [
        ("Jane Realname", "Hello everyone."),
        ("Kate Interviewer", "Thanks for joining."),
    ]
    assert raw.date == dt.date(2024, 3, 21)
    assert raw.duration_min == 45
    assert raw.notes[0].startswith("teams.docx: paragraph 1 to paragraph 4 skipped (4 with text)")
    assert any("1 'started/stopped transcription' line(s)" in n for n in raw.notes)


def test_title_line_is_not_a_speaker(tmp_path: Path) -> None:
    text = "Interview 3 - carer study - 21/03/2024\n\nInterviewer: How are you?\nPat: Fine.\n"
    raw = read_transcript(write(tmp_path, "t.txt", text), "t.txt")
    assert [(t.label, t.text) for t in raw.turns] == [
        ("Interviewer", "How are you?"),
        ("Pat", "Fine."),
    ]
    assert raw.date == dt.date(2024, 3, 21)
    assert raw.notes == [
        "t.txt: line 1 skipped (1 with text): a header (title, date, length); "
        "their text is not imported"
    ]


def test_header_lines_with_keys_and_an_ambiguous_date(tmp_path: Path) -> None:
    text = "Interview with P3\nDate: 03/04/2024\nDuration: 47 minutes\n\nI: Hello.\nR: Hi.\n"
    raw = read_transcript(write(tmp_path, "h.txt", text), "h.txt")
    assert [(t.label, t.text) for t in raw.turns] == [("I", "Hello."), ("R", "Hi.")]
    assert raw.date is None
    assert raw.duration_min == 47
    assert "h.txt:2: the header's date 03/04/2024 could be day/month or month/day" in raw.notes[1]


def test_speech_is_never_taken_for_a_header(tmp_path: Path) -> None:
    labelled = "Pat: I moved on 21/03/2024 after 10 minutes\nKW: Why?\n"
    raw = read_transcript(write(tmp_path, "p.txt", labelled), "p.txt")
    assert [t.label for t in raw.turns] == ["Pat", "KW"]
    assert raw.date is None and raw.notes == []
    whisper = "so I was born in Leeds\nand we moved when I was ten\n"
    raw = read_transcript(write(tmp_path, "w.txt", whisper), "w.txt")
    assert [(t.label, t.text) for t in raw.turns] == [
        (None, "so I was born in Leeds and we moved when I was ten")
    ]


def test_skip_lines_and_start_at(tmp_path: Path) -> None:
    text = "Secret Person's notes\nabout the day\n\nKW: Let's start.\nPat: Yes.\n"
    path = write(tmp_path, "s.txt", text)
    raw = read_transcript(path, "s.txt", options=ReadOptions(skip_lines=3))
    assert [t.label for t in raw.turns] == ["KW", "Pat"]
    assert raw.notes[0].startswith("s.txt: lines 1-3 skipped (2 with text): before the start")
    raw = read_transcript(path, "s.txt", options=ReadOptions(start_at="PAT: yes"))
    assert [(t.label, t.text) for t in raw.turns] == [("Pat", "Yes.")]
    with pytest.raises(ImportFailed, match=r"^s\.txt: no line after the first 1 lines contains"):
        read_transcript(path, "s.txt", options=ReadOptions(skip_lines=1, start_at="Secret"))
    with pytest.raises(ImportFailed, match=r"^s\.txt: --skip-lines 9 skips the whole file"):
        read_transcript(path, "s.txt", options=ReadOptions(skip_lines=9))


def test_docx_skip_lines_counts_paragraphs(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Consent read out\nand recorded")  # one paragraph, two lines
    document.add_paragraph("KW: Let's start.")
    document.add_paragraph("Pat: Yes.")
    path = tmp_path / "s.docx"
    document.save(str(path))
    raw = read_transcript(path, "s.docx", options=ReadOptions(skip_lines=1))
    assert [(t.label, t.text) for t in raw.turns] == [("KW", "Let's start."), ("Pat", "Yes.")]
    assert raw.notes[0].startswith("s.docx: paragraph 1 skipped (2 with text)")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024-03-21 10:02:11", dt.date(2024, 3, 21)),
        ("12-May-2023 - 10:36", dt.date(2023, 5, 12)),
        ("March 21, 2024, 10:02AM", dt.date(2024, 3, 21)),
        ("21st March 2024", dt.date(2024, 3, 21)),
        ("3/22/2024", dt.date(2024, 3, 22)),
        ("Tue, 3/21 10:02AM", None),
    ],
)
def test_dates(text: str, date: dt.date | None) -> None:
    assert find_date(text)[0] == date


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Duration 0:45:12", 45),
        ("Duration: 45:40", 46),
        ("• 1:02:05", 62),
        ("45m 12s", 45),
        ("1h09m31s", 70),
        ("Length: 47 min", 47),
        ("1 hour", 60),
        ("at 10:02AM", None),
    ],
)
def test_durations(text: str, minutes: int | None) -> None:
    assert find_duration(text) == minutes
