"""Escaping per format: Markdown, LaTeX, CSV cells and text for XML (DOCX), and many texts at once.

Templates never escape by hand: each format's Jinja environment applies its function to every
``{{ ... }}`` output (``finalize``), and HTML uses Jinja's autoescape.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence


class Raw(str):
    """Text already in the output format (made by a format filter); ``finalize`` leaves it alone."""

    __slots__ = ()


_MD_SPECIAL = "\\`*_[]<>|$~^@#"
"""Characters Markdown (pandoc) reads as markup; the backslash first, so that the backslashes
put before the others are not escaped again."""
_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "✓": r"\checkmark{}",
    "κ": r"$\kappa$",
    "α": r"$\alpha$",
    "\u2212": r"$-$",
    "×": r"$\times$",
    "\n": r"\newline{}",
}
_TEX_RE = re.compile("|".join(re.escape(k) for k in _TEX_SPECIAL if k.isascii()))
_TEX_OTHER = tuple((k, v) for k, v in _TEX_SPECIAL.items() if not k.isascii())
"""Replaced after the ASCII characters (a call per match of a regex is slow for many ``✓``)."""
_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def md(text: str) -> str:
    """Markdown inline text: pandoc's special characters escaped, ``|`` too; newlines become spaces."""
    return _md_escape(text.replace("\r\n", "\n")).replace("\n", " ")


def tex(text: str) -> str:
    """LaTeX text: the ten special characters (and ``<``, ``>``, ``✓``, newlines) made literal."""
    return tex_lines(text.replace("\r\n", "\n"))


def md_lines(text: str) -> str:
    """A multi-line Markdown cell: each line escaped as :func:`md` does, the lines joined by ``; ``."""
    return _md_escape(text).replace("\n", "; ")


def _md_escape(text: str) -> str:
    """Each of :data:`_MD_SPECIAL` with a backslash before it (a ``str.replace`` per character
    runs in C; a regex calls back into Python for each match)."""
    for char in _MD_SPECIAL:
        if char in text:
            text = text.replace(char, "\\" + char)
    return text


def tex_lines(text: str) -> str:
    r"""A multi-line LaTeX cell: each line escaped as :func:`tex` does, joined by ``\newline{}``."""
    text = _TEX_RE.sub(_tex_match, text)
    if not text.isascii():
        for char, replacement in _TEX_OTHER:
            text = text.replace(char, replacement)
    return text


def _tex_match(match: re.Match[str]) -> str:
    return _TEX_SPECIAL[match.group(0)]


def csv_cell(text: str) -> str:
    """A CSV cell that spreadsheets will not run as a formula: ``=cmd`` becomes ``'=cmd``."""
    return "'" + text if text.startswith(_CSV_TRIGGERS) else text


def escape_all(cells: Sequence[str], fn: Callable[[str], str]) -> list[str]:
    r"""``[fn(c) for c in cells]`` for a character-by-character ``fn`` (one that leaves ``\x00``
    alone), in one call: the cells joined by ``\x00``, escaped, split again. One by one when a
    cell holds ``\x00`` itself."""
    if not cells:
        return []
    joined = "\x00".join(cells)
    if joined.count("\x00") != len(cells) - 1:  # a cell holds the separator itself
        return [fn(c) for c in cells]
    return fn(joined).split("\x00")
