"""De-identification: find real names, places and other identifiers anywhere in a study's text.

The identifiers file lives outside the repository: one identifier per line, ``#`` starts a
comment. Matching ignores case and treats any run of whitespace (a line break in a folded
scalar, say) as one space. Findings never repeat the identifiers file's own path or contents
beyond the matched word itself.
"""

from __future__ import annotations

import bisect
import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ipatool.diagnostics import Diagnostic, Span, make
from ipatool.errors import UserError


class IdentifiersError(UserError):
    """The identifiers file could not be read."""


def read_identifiers(path: Path) -> list[str]:
    """The identifiers listed in ``path`` (blank lines and ``#`` comments skipped)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IdentifiersError(
            f"cannot read the identifiers file: {exc.__class__.__name__}"
        ) from exc
    out = []
    for line in text.splitlines():
        item = line.split("#", 1)[0].strip()
        if item:
            out.append(item)
    return out


def compile_identifiers(identifiers: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive, word-bounded pattern for all identifiers (longest first)."""
    parts = sorted({i for i in identifiers if i}, key=len, reverse=True)
    if not parts:
        return None
    alts = [r"\s+".join(re.escape(w) for w in p.split()) for p in parts]
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


def scan_text(text: str, file: str, pattern: re.Pattern[str]) -> Iterator[Diagnostic]:
    """Every match of ``pattern`` in ``text``, as a positioned finding."""
    line_starts = [0]
    for m in re.finditer("\n", text):
        line_starts.append(m.end())

    for m in pattern.finditer(text):
        line = bisect.bisect_right(line_starts, m.start())
        col = m.start() - line_starts[line - 1] + 1
        end_line = bisect.bisect_right(line_starts, m.end())
        end_col = m.end() - line_starts[end_line - 1] + 1
        yield make(
            "IPA801",
            file,
            Span(line, col, end_line, end_col),
            "an identifier from the identifiers list appears here",
            hint="replace it with the pseudonym or a neutral description such as [place]",
        )


def scan_files(root: Path, files: Iterable[str], pattern: re.Pattern[str]) -> list[Diagnostic]:
    """Scan each study file (paths relative to ``root``) for identifiers."""
    out: list[Diagnostic] = []
    for rel in files:
        try:
            text = (root / rel).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        out.extend(scan_text(text, rel, pattern))
    return out


def _docx_text(data: bytes) -> str | None:
    """The text of a .docx, one paragraph a line (None when it is not a readable docx)."""

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read("word/document.xml").decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    xml = re.sub(r"</w:p>", "\n", xml)
    text = re.sub(r"<[^>]+>", "", xml)
    return html.unescape(text)


def scan_outputs(files: Iterable[tuple[str, bytes]], pattern: re.Pattern[str]) -> list[Diagnostic]:
    """Identifiers in rendered output files (relative path and bytes, one file at a time); a
    .docx is read as text, one paragraph a line."""
    out: list[Diagnostic] = []
    for rel, data in files:
        text = _docx_text(data) if rel.endswith(".docx") else data.decode("utf-8", errors="replace")
        if text is not None:
            out.extend(scan_text(text, rel, pattern))
    return out
