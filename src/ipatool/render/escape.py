"""Escaping per format: Markdown, LaTeX, CSV cells and text for XML (DOCX).

Templates never escape by hand: each format's Jinja environment applies its function to every
``{{ ... }}`` output (``finalize``), and HTML uses Jinja's autoescape.
"""

from __future__ import annotations

import re


class Raw(str):
    """Text already in the output format (made by a format filter); ``finalize`` leaves it alone."""

    __slots__ = ()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|$~^@#])")
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
_TEX_RE = re.compile("|".join(re.escape(k) for k in _TEX_SPECIAL))
_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def md(text: str) -> str:
    """Markdown inline text: pandoc's special characters escaped, ``|`` too; newlines become spaces."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\r\n", "\n")).replace("\n", " ")


def tex(text: str) -> str:
    """LaTeX text: the ten special characters (and ``<``, ``>``, ``✓``, newlines) made literal."""
    return _TEX_RE.sub(lambda m: _TEX_SPECIAL[m.group(0)], text.replace("\r\n", "\n"))


def csv_cell(text: str) -> str:
    """A CSV cell that spreadsheets will not run as a formula: ``=cmd`` becomes ``'=cmd``."""
    return "'" + text if text.startswith(_CSV_TRIGGERS) else text
