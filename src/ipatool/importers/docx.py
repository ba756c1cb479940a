"""Word (.docx) transcripts: paragraphs with speaker labels in plain or bold text.

Tables, headers and footers are not read (a table is reported: its text is not imported).
Headings (paragraph styles ``Heading ...``, ``Title``, ``Subtitle``) are skipped; a title at the
start, and Otter's or Teams' header paragraphs, are skipped as a preamble (its date and length
read), see :mod:`ipatool.importers.preamble`. ``--skip-lines`` counts paragraphs.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError

from ipatool.importers.base import DEFAULT_READ, ImportFailed, Line, RawTranscript, ReadOptions
from ipatool.importers.encoding import clean, describe_repairs, repair_mojibake
from ipatool.importers.labels import segment
from ipatool.importers.preamble import cut_preamble

_HEADING_STYLES = ("heading", "title", "subtitle")


def _bold_label(paragraph: Any) -> tuple[str, str] | None:
    """``(label, rest)`` when the paragraph starts with bold text that reads as a label."""
    prefix = ""
    for run in paragraph.runs:
        if not run.text:
            continue
        if run.bold or (run.text.strip() == "" and prefix):
            prefix += run.text
            continue
        break
    label = prefix.strip()
    if not label:
        return None
    full = paragraph.text
    if not full.startswith(prefix):
        return None
    rest = full[len(prefix) :].strip()
    ends_with_colon = label.endswith(":")
    label = label.rstrip(":").strip()
    if not rest.strip() and not ends_with_colon:
        return None  # a bold line on its own, without a colon, is a heading, not a speaker
    rest = rest.lstrip(":").strip()
    if not label or len(label) > 40 or len(label.split()) > 5:
        return None
    return label, rest


def read(
    path: Path, file: str, known: Iterable[str] = (), options: ReadOptions = DEFAULT_READ
) -> RawTranscript:
    """Read the paragraphs of a .docx file into turns."""

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFailed(f"{file}: not a Word .docx file ({exc})") from exc
    notes: list[str] = []
    lines: list[Line] = []
    headings: set[str] = set()
    for number, paragraph in enumerate(document.paragraphs, start=1):
        where = f"paragraph {number}"
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        if style.startswith(_HEADING_STYLES) and paragraph.text.strip():
            headings.add(where)
            text, _ = repair_mojibake(paragraph.text)
            lines += [Line(where, " ".join(text.split())), Line(where, "")]
            continue
        bold = _bold_label(paragraph)
        body = bold[1] if bold is not None else paragraph.text
        body, repairs = repair_mojibake(body)
        notes += [
            n.replace(f"{file}:1:", f"{file}: {where}:") for n in describe_repairs(file, repairs)
        ]
        parts = clean(body).split("\n")
        if bold is not None:
            label, _ = repair_mojibake(bold[0])
            lines.append(Line(where, parts[0], label=label))
            parts = parts[1:]
        lines += [Line(where, part) for part in parts]
        lines.append(Line(where, ""))
    lines, stated = cut_preamble(lines, file, known, options, unit="paragraph")
    notes += stated.notes
    skipped = {line.where for line in lines if line.where in headings and line.text}
    lines = [line for line in lines if line.where not in headings]
    if document.tables:
        count = len(document.tables)
        notes.append(f"{file}: {count} table(s) ignored: text in tables is not imported")
    if skipped:
        notes.append(f"{file}: {len(skipped)} heading(s) skipped")
    turns = segment(lines, known, file=file, notes=notes)
    return RawTranscript(file, turns, notes, stated.date, stated.duration_min)
