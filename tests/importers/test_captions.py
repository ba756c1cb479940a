"""Caption readers (WebVTT, SRT) on real-world shapes: Zoom names, partial labels, YouTube's
rolling captions, Whisper's unlabelled subtitles, read options and broken files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ipatool.importers import read_transcript
from ipatool.importers.base import ImportFailed, ReadOptions
from ipatool.importers.paragraphs import HARD_LIMIT


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def stamp(seconds: float) -> str:
    ms_total = round(seconds * 1000)
    whole, ms = divmod(ms_total, 1000)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}.{ms:03d}"


def vtt(cues: list[tuple[float, float, str]], header: str = "WEBVTT") -> str:
    blocks = [header, ""]
    for number, (start, end, text) in enumerate(cues, start=1):
        blocks += [str(number), f"{stamp(start)} --> {stamp(end)}", text, ""]
    return "\n".join(blocks)


def words(texts: list[str]) -> list[str]:
    return " ".join(texts).split()


# ------------------------------------------------------------------ Zoom display names

ZOOM = [
    (1.0, 3.0, "latha sriram: Hello everyone, thanks for coming."),
    (3.5, 5.0, "Ashlee Kupor (SL): Happy to be here."),
    (5.2, 6.0, "and glad to help"),
    (6.5, 8.0, "Sam (she/her): Me too."),
    (8.5, 9.0, "krithika S: Shall we start?"),
    (9.2, 10.0, "latha sriram: Yes."),
    (10.5, 12.0, "Room 2 iPad: Can you hear us?"),
    (12.5, 14.0, "So the thing is: it echoes"),
]


def test_zoom_display_names_are_labels(tmp_path: Path) -> None:
    raw = read_transcript(write(tmp_path, "zoom.vtt", vtt(ZOOM)), "zoom.vtt")
    assert [(t.label, t.text) for t in raw.turns] == [
        ("latha sriram", "Hello everyone, thanks for coming."),
        ("Ashlee Kupor (SL)", "Happy to be here. and glad to help"),
        ("Sam (she/her)", "Me too."),
        ("krithika S", "Shall we start?"),
        ("latha sriram", "Yes."),
        ("Room 2 iPad", "Can you hear us? So the thing is: it echoes"),
    ]
    continued = [n for n in raw.notes if "no speaker label" in n]
    assert continued == [
        "zoom.vtt: 2 of 8 captions have no speaker label and were joined to the previous "
        "speaker's turn (first at line 12)"
    ]


def test_label_like_prefix_not_taken_is_reported(tmp_path: Path) -> None:
    cues = [(1.0, 2.0, "Pat: We start."), (2.0, 3.0, "Note: the line dropped here")]
    raw = read_transcript(write(tmp_path, "n.vtt", vtt(cues)), "n.vtt")
    assert [(t.label, t.text) for t in raw.turns] == [
        ("Pat", "We start. Note: the line dropped here")
    ]
    assert any(n.startswith("n.vtt:9: 'Note' looks like a speaker label") for n in raw.notes)


def test_a_label_taken_once_is_a_label_everywhere(tmp_path: Path) -> None:
    cues = [(1.0, 2.0, "Will: so"), (2.0, 3.0, "Pat: well"), (3.0, 4.0, "will: again")]
    raw = read_transcript(write(tmp_path, "w.vtt", vtt(cues)), "w.vtt", {"will"})
    assert [t.label for t in raw.turns] == ["Will", "Pat", "will"]


# ------------------------------------------------------------------ YouTube rolling captions


def youtube(sentence_lines: list[str]) -> str:
    """Rolling captions as yt-dlp writes them: a long cue (previous line, new words with <c>
    word timings) then a 10 ms cue repeating the finished line; no blank line after some."""
    out = ["WEBVTT", "Kind: captions", "Language: en", "", ""]
    t = 0.0
    previous = " "
    for i, line in enumerate(sentence_lines):
        first, *rest = line.split()
        timed = first + "".join(
            f"<{stamp(t + 0.3 * (k + 1))}><c> {w}</c>" for k, w in enumerate(rest)
        )
        out += [f"{stamp(t)} --> {stamp(t + 2)} align:start position:0%", previous, timed]
        if i % 2 == 0:
            out += [""]  # sometimes a blank line, sometimes the next timing line at once
        out += [f"{stamp(t + 2)} --> {stamp(t + 2.01)} align:start position:0%", line, " ", ""]
        previous = line
        t += 2.01
    return "\n".join(out)


def rolled_words(text: str) -> list[str]:
    """The words a viewer reads once: each caption's lines, tags removed, repeats dropped."""
    lines = []
    for line in text.split("\n")[4:]:
        if "-->" in line:
            continue
        plain = " ".join(re.sub(r"<[^>]*>", "", line).split())
        if plain and (not lines or plain != lines[-1]):
            lines.append(plain)
    return words(lines)


def test_youtube_rolling_captions_keep_each_word_once(tmp_path: Path) -> None:
    lines = [
        "so I went to the",
        "doctor and she said",
        "that it was fine",
        "fine really",
        "and then I went home",
    ]
    text = youtube(lines)
    raw = read_transcript(write(tmp_path, "yt.vtt", text), "yt.vtt")
    got = words([t.text for t in raw.turns])
    assert got == words(lines) == rolled_words(text)
    assert all(t.label is None for t in raw.turns)
    assert not any("-->" in t.text or "<" in t.text for t in raw.turns)
    assert any("rolling captions" in n for n in raw.notes)


def test_repeated_words_in_ordinary_captions_are_kept(tmp_path: Path) -> None:
    cues = [(1.0, 2.0, "Pat: No."), (2.0, 3.0, "No."), (3.0, 4.0, "Not at all.")]
    raw = read_transcript(write(tmp_path, "r.vtt", vtt(cues)), "r.vtt")
    assert [(t.label, t.text) for t in raw.turns] == [("Pat", "No. No. Not at all.")]


def test_timing_line_right_after_text_ends_the_cue(tmp_path: Path) -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nPat: first\n"
        "00:00:02.000 --> 00:00:03.000\nsecond\n2\n00:00:03.000 --> 00:00:04.000\nthird\n"
    )
    raw = read_transcript(write(tmp_path, "t.vtt", text), "t.vtt")
    assert [(t.label, t.text) for t in raw.turns] == [("Pat", "first second third")]


# ------------------------------------------------------------------ unlabelled subtitles


def whisper_srt(count: int, pause_after: int) -> tuple[str, list[str]]:
    blocks, texts = [], []
    t = 0.0
    for i in range(count):
        text = f"This is sentence number {i} of a long talk about care work."
        if i % 3 == 0:
            text = f"and it goes on without stopping {i}"
        start, end = t, t + 1.5
        blocks.append(
            f"{i + 1}\n{stamp(start).replace('.', ',')} --> {stamp(end).replace('.', ',')}\n{text}\n"
        )
        texts.append(text)
        t = end + (5.0 if i == pause_after else 0.1)
    return "\n".join(blocks), texts


def test_long_unlabelled_srt_becomes_paragraphs(tmp_path: Path) -> None:
    text, texts = whisper_srt(400, pause_after=6)
    raw = read_transcript(write(tmp_path, "w.srt", text.replace("\n", "\r\n")), "w.srt")
    assert all(t.label is None for t in raw.turns)
    assert words([t.text for t in raw.turns]) == words(texts)
    assert len(raw.turns) > 20
    assert max(len(t.text) for t in raw.turns) <= HARD_LIMIT
    assert raw.turns[0].text.endswith(texts[6])  # the 5 s pause after caption 7 ends a turn
    assert raw.turns[1].text.startswith(texts[7])
    assert raw.turns[1].where == "30"  # the timing line of subtitle 8
    assert all(t.text[-1] in ".!?" for t in raw.turns[2:-1])  # cut at sentence ends
    assert raw.duration_min == round(400 * 1.6 / 60)


def test_one_huge_caption_is_cut_at_word_boundaries(tmp_path: Path) -> None:
    body = " ".join(f"word{i}" for i in range(600))  # no sentence ends at all
    path = write(tmp_path, "h.srt", f"1\n00:00:00,000 --> 00:44:40,000\n{body}\n")
    raw = read_transcript(path, "h.srt")
    assert len(raw.turns) > 1
    assert max(len(t.text) for t in raw.turns) <= HARD_LIMIT
    assert words([t.text for t in raw.turns]) == body.split()
    assert raw.duration_min == 45  # 44 min 40 s, rounded


# ------------------------------------------------------------------ options and errors


def test_skip_lines_and_start_at_in_captions(tmp_path: Path) -> None:
    cues = [
        (1.0, 2.0, "Pat: pre-interview chat"),
        (3.0, 4.0, "KW: Let us begin."),
        (4.0, 5.0, "Pat: Fine."),
    ]
    path = write(tmp_path, "o.vtt", vtt(cues))
    raw = read_transcript(path, "o.vtt", options=ReadOptions(start_at="let us BEGIN"))
    assert [(t.label, t.text) for t in raw.turns] == [("KW", "Let us begin."), ("Pat", "Fine.")]
    assert raw.notes[0].startswith("o.vtt: lines 1-8 skipped (1 caption line(s))")
    raw = read_transcript(path, "o.vtt", options=ReadOptions(skip_lines=8))
    assert [t.label for t in raw.turns] == ["KW", "Pat"]
    with pytest.raises(ImportFailed, match=r"^o\.vtt: no caption line contains the --start-at"):
        read_transcript(path, "o.vtt", options=ReadOptions(start_at="absent"))


def test_broken_caption_files_name_file_and_line(tmp_path: Path) -> None:
    bad = write(tmp_path, "b.vtt", "WEBVTT\n\n00:01.000 --> soon\nPat: hi\n")
    with pytest.raises(ImportFailed, match=r"^b\.vtt:3: cannot read the caption timing"):
        read_transcript(bad, "b.vtt")
    srt = write(tmp_path, "b.srt", "1\n00:00:01,000 --> 00:00:02,000\nhi\n\nstray words\n")
    with pytest.raises(ImportFailed, match=r"^b\.srt:5: a subtitle block without"):
        read_transcript(srt, "b.srt")
    empty = write(tmp_path, "n.vtt", "WEBVTT\n\nNOTE nothing here\n")
    with pytest.raises(ImportFailed, match=r"^n\.vtt: the file has no captions"):
        read_transcript(empty, "n.vtt")


def test_cue_straight_after_the_header_line(tmp_path: Path) -> None:
    text = "WEBVTT\n00:01.000 --> 00:02.000\nPat: hi\n"
    raw = read_transcript(write(tmp_path, "h.vtt", text), "h.vtt")
    assert [(t.label, t.text) for t in raw.turns] == [("Pat", "hi")]


def test_text_outside_captions_is_reported(tmp_path: Path) -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nPat: hi\n\nsome stray words\n"
    raw = read_transcript(write(tmp_path, "s.vtt", text), "s.vtt")
    assert [(t.label, t.text) for t in raw.turns] == [("Pat", "hi")]
    assert "s.vtt:6: 1 block(s) of text outside any caption ignored" in raw.notes[0]
