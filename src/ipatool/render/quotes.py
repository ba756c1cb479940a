"""Quotes drawn as journals print them, in Markdown, HTML and LaTeX: ``quote_passages(data)``
in the quote bank's and the personal themes' templates.

A table's ``passages()`` are headings and :class:`~ipatool.analysis.quoting.Extract` records; a
short quote is a paragraph in double quotation marks followed by its citation, a quote of 40
words or more a block quotation (Markdown ``>``, HTML ``<blockquote>``, LaTeX ``quote``) without
quotation marks, the citation after its last word. Drawn in Python, a part at a time (as the
table rows are, :mod:`ipatool.render.rows`): a Jinja loop over 100,000 quotes takes seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from markupsafe import Markup
from markupsafe import escape as html_escape

from ipatool.analysis.quoting import Extract, Heading, inline
from ipatool.render import escape
from ipatool.render.rows import PART_ROWS, Parts

NOTE_LABEL = "Conceptual note."


class HasPassages(Protocol):
    def passages(self) -> Sequence[Heading | Extract]: ...


@dataclass(frozen=True, slots=True)
class Style:
    """How one format draws headings and quotes: ``%s`` patterns for their escaped texts."""

    escape: Callable[[str], str]
    headings: tuple[str, str, str, str]
    """A heading of level 0, 1, 2 and 3 (see :class:`~ipatool.analysis.quoting.Heading`)."""
    short: str
    """A short quote: its words and citation."""
    block: str
    """A block quotation: its words and citation."""
    note: str
    """A conceptual note under a quote."""


def _parts(passages: Sequence[Heading | Extract], style: Style) -> Iterator[str]:
    """The passages a part at a time: each part's texts escaped in one call and set into the
    part's patterns in one ``%``."""
    headings, short, block, note = style.headings, style.short, style.block, style.note
    for start in range(0, len(passages), PART_ROWS):
        patterns: list[str] = []
        texts: list[str] = []
        for p in passages[start : start + PART_ROWS]:
            if isinstance(p, Heading):
                patterns.append(headings[min(p.level, 3)])
                texts.append(p.text)
            else:
                if p.block:
                    patterns.append(block)
                    texts.append(p.printed)
                else:
                    patterns.append(short)
                    texts.append(inline(p.printed))
                texts.append(p.citation)
                if p.notes:
                    patterns += [note] * len(p.notes)
                    texts += p.notes
        yield "".join(patterns) % tuple(escape.escape_all(texts, style.escape))


def _html_text(text: str) -> str:
    return str(html_escape(text))


_TEX_PAR = "\\par\\smallskip\n"

MD = Style(
    escape.md,
    ("**%s**\n\n", "***%s***\n\n", "*%s*\n\n", "%s\n\n"),
    "\u201c%s\u201d %s\n\n",
    "> %s %s\n\n",
    f"*{NOTE_LABEL}* %s\n\n",
)
HTML = Style(
    _html_text,
    ("<h3>%s</h3>\n", "<h4>%s</h4>\n", "<h5>%s</h5>\n", '<p class="empty">%s</p>\n'),
    '<p class="quote">\u201c%s\u201d <span class="citation">%s</span></p>\n',
    '<blockquote><p>%s <span class="citation">%s</span></p></blockquote>\n',
    f'<p class="quote-note"><em>{NOTE_LABEL}</em> %s</p>\n',
)
TEX = Style(
    escape.tex,
    (
        "\\par\\medskip\\noindent \\textbf{%s}" + _TEX_PAR,
        "\\par\\medskip\\noindent \\textbf{\\textit{%s}}" + _TEX_PAR,
        "\\par\\medskip\\noindent \\textit{%s}" + _TEX_PAR,
        "\\par\\medskip\\noindent %s" + _TEX_PAR,
    ),
    "\\noindent ``%s'' %s" + _TEX_PAR,
    "\\begin{quote}\n%s %s\n\\end{quote}\n",
    "\\noindent\\textit{" + NOTE_LABEL + "} %s" + _TEX_PAR,
)


def md_passages(data: HasPassages) -> Parts:
    """The table's quotes as Markdown paragraphs and block quotes."""
    return Parts(partial(_parts, data.passages(), MD), escape.Raw)


def html_passages(data: HasPassages) -> Parts:
    """The table's quotes as HTML paragraphs and ``<blockquote>``s."""
    return Parts(partial(_parts, data.passages(), HTML), Markup)


def tex_passages(data: HasPassages) -> Parts:
    """The table's quotes as LaTeX paragraphs and ``quote`` environments."""
    return Parts(partial(_parts, data.passages(), TEX), escape.Raw)
