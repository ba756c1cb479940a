"""The readers on files written outside the project (../shared/realdata): the words of the turns
are the words of the captions, or of the Word file's body after its title; skipped when absent."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from ipatool.importers import read_transcript
from ipatool.importers.encoding import read_text


def _source(realdata: Path, name: str) -> Path:
    path = realdata / name
    if not path.is_file():
        pytest.skip(f"{name} is not present")
    return path


def caption_words(path: Path) -> list[str]:
    """Words of a WebVTT file's captions, found without the reader: blocks after the header,
    text lines below a timing line, tags removed, cues in start order, a line that repeats the
    line before (rolling captions) counted once."""
    text, _ = read_text(path, path.name)
    cues: list[tuple[str, list[str]]] = []
    for line in text.split("\n\n", 1)[1].split("\n"):
        if "-->" in line:
            cues.append((line.split("-->")[0].strip().rjust(12, "0"), []))
        elif cues and line.strip():
            cues[-1][1].append(" ".join(re.sub(r"<[^>]*>", "", line).split()))
    lines: list[str] = []
    for _, cue_lines in sorted(cues, key=lambda c: c[0]):
        for line in cue_lines:
            if line and (not lines or line != lines[-1]):
                lines.append(line)
    return " ".join(lines).split()


@pytest.mark.parametrize(
    "name", ["youtube-autocaptions.vtt", "spec-example.vtt", "captions_with_bom.vtt"]
)
def test_vtt_words_of_turns_are_words_of_captions(realdata: Path, name: str) -> None:
    path = _source(realdata, f"transcripts-vtt-srt/{name}")
    raw = read_transcript(path, name)
    assert " ".join(t.text for t in raw.turns).split() == caption_words(path)
    assert not any("-->" in t.text or "<" in t.text for t in raw.turns)


def test_youtube_autocaptions(realdata: Path) -> None:
    path = _source(realdata, "transcripts-vtt-srt/youtube-autocaptions.vtt")
    raw = read_transcript(path, path.name)
    assert [(t.label, t.text) for t in raw.turns] == [
        (None, "yeah what this will happen is I'm telling")
    ]
    assert raw.duration_min == 5  # the last caption ends at 00:05:05.400


def test_sheffield_word_interview(realdata: Path) -> None:
    import docx

    path = _source(realdata, "transcripts-docx/sheffield-ana.docx")
    raw = read_transcript(path, path.name)
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    body = [re.sub(r"^(Researcher 1|Ana):", "", p) for p in paragraphs[1:]]
    assert " ".join(t.text for t in raw.turns).split() == " ".join(body).split()
    assert {t.label for t in raw.turns} == {"Researcher 1", "Ana"}
    assert len(raw.turns) == 246
    assert raw.turns[0].where == "paragraph 2"
    assert raw.date == dt.date(2023, 5, 12)
    assert raw.duration_min == 70  # 1h09m31s
    assert raw.notes[0].startswith("sheffield-ana.docx: paragraph 1 skipped (1 with text)")
    assert "1h09m31s" not in " ".join(raw.notes)
