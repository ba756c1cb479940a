"""Each transcript reader on its odd cases: BOM, CRLF, overlaps, split labels, empty files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipatool.importers import read_transcript
from ipatool.importers.base import ImportFailed


def _turns(path: Path, known: set[str] | None = None) -> list[tuple[str | None, str]]:
    raw = read_transcript(path, path.name, known or set())
    return [(t.label, t.text) for t in raw.turns]


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# ------------------------------------------------------------------ txt


def test_txt_labels_timestamps_and_multiline(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "i.txt",
        "[00:00:05] Interviewer 1: How did\nit start?\n\n"
        "00:00:09 P3 - It started\nslowly.\n\nInterviewer 1:\nAnd then?\n",
    )
    assert _turns(path) == [
        ("Interviewer 1", "How did it start?"),
        ("P3", "It started slowly."),
        ("Interviewer 1", "And then?"),
    ]


def test_txt_crlf_and_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "c.txt", b"\xef\xbb\xbfPat: one\r\ntwo\r\n\r\nKW: three\r\n")
    assert _turns(path) == [("Pat", "one two"), ("KW", "three")]


def test_txt_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="empty"):
        _turns(write(tmp_path, "e.txt", ""))
    with pytest.raises(ImportFailed, match="no text"):
        _turns(write(tmp_path, "blank.txt", "\n\n  \n"))


def test_txt_mojibake_repaired_and_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "m.txt", "Pat: it wasnâ€™t easy\n")
    raw = read_transcript(path, "m.txt")
    assert raw.turns[0].text == "it wasn’t easy"
    assert raw.notes == ["m.txt:1: repaired mojibake 'â€™' -> '’'"]


# ------------------------------------------------------------------ docx


def _docx(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Interview 3", level=1)
    p = document.add_paragraph()
    p.add_run("Interviewer").bold = True
    p.add_run(" How are you?")
    p = document.add_paragraph()
    p.add_run("Neil deGrasse Tyson:").bold = True
    p.add_run(" Fine, thanks.")
    document.add_paragraph("And you?")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Secret name"
    p = document.add_paragraph()
    p.add_run("Interviewer:").bold = True
    document.add_paragraph("Good.")
    path = tmp_path / "t.docx"
    document.save(str(path))
    return path


def test_docx_bold_labels_heading_and_table(tmp_path: Path) -> None:
    raw = read_transcript(_docx(tmp_path), "t.docx")
    assert [(t.label, t.text) for t in raw.turns] == [
        ("Interviewer", "How are you?"),
        ("Neil deGrasse Tyson", "Fine, thanks.\nAnd you?"),
        ("Interviewer", "Good."),
    ]
    assert "t.docx: 1 table(s) ignored: text in tables is not imported" in raw.notes
    assert "Secret name" not in str([t.text for t in raw.turns])


def test_docx_not_a_word_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="not a Word"):
        _turns(write(tmp_path, "x.docx", "plain text"))


# ------------------------------------------------------------------ vtt

VTT = """WEBVTT - a title
Kind: captions

NOTE this is a note
with two lines

STYLE
::cue { color: red }

1
00:00:01.000 --> 00:00:03.000 align:start position:10%
<v Roger Bingham>We are in <i>New York</i> &amp; here

00:00:03.000 --> 00:00:04.000
<v Roger Bingham>with a guest

00:00:05.000 --> 00:00:08.000
<v.loud Neil>Overlapping <b>answer</b>

00:00:04.500 --> 00:00:06.000
<v Roger Bingham>Overlapping question</v>
"""


def test_vtt_voices_merge_and_overlap_order(tmp_path: Path) -> None:
    path = write(tmp_path, "v.vtt", "\ufeff" + VTT.replace("\n", "\r\n"))
    assert _turns(path) == [
        ("Roger Bingham", "We are in New York & here with a guest Overlapping question"),
        ("Neil", "Overlapping answer"),
    ]


def test_vtt_name_prefix_and_label_split_across_cue_lines(tmp_path: Path) -> None:
    text = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nPat:\nwell I\n\n"
        "00:02.000 --> 00:03.000\nthink so\n\n00:03.000 --> 00:04.000\nKW: ok\n"
    )
    assert _turns(write(tmp_path, "z.vtt", text)) == [("Pat", "well I think so"), ("KW", "ok")]


def test_vtt_errors(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="empty"):
        _turns(write(tmp_path, "e.vtt", ""))
    with pytest.raises(ImportFailed, match="not a WebVTT"):
        _turns(write(tmp_path, "n.vtt", "hello\n"))


# ------------------------------------------------------------------ srt

SRT = """1
00:00:01,000 --> 00:00:02,000
<i>Pat:</i> It was
hard at first.

2
00:00:02,500 --> 00:00:03,000
{\\an8}and then easier

3
00:00:03,000 --> 00:00:04,000
[Interviewer] Why?
"""


def test_srt_prefixes_tags_and_continuation(tmp_path: Path) -> None:
    path = write(tmp_path, "s.srt", SRT.replace("\n", "\r\n"))
    assert _turns(path) == [
        ("Pat", "It was hard at first. and then easier"),
        ("Interviewer", "Why?"),
    ]


def test_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"cannot import '\.pdf'"):
        _turns(write(tmp_path, "x.pdf", "x"))
