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
    """How one format draws headings and quotes from their escaped texts."""

    escape: Callable[[str], str]
    heading: Callable[[int, str], str]
    quote: Callable[[bool, str, str, list[str]], str]
    """(block, words, citation, notes) -> the quote's markup."""


def _parts(passages: Sequence[Heading | Extract], style: Style) -> Iterator[str]:
    """The passages a part at a time, each part's texts escaped in one call."""
    heading, quote = style.heading, style.quote
    for start in range(0, len(passages), PART_ROWS):
        part = passages[start : start + PART_ROWS]
        texts: list[str] = []
        for p in part:
            if isinstance(p, Extract):
                texts.append(p.printed if p.block else inline(p.printed))
                texts.append(p.citation)
                if p.notes:
                    texts += p.notes
            else:
                texts.append(p.text)
        done = escape.escape_all(texts, style.escape)
        out: list[str] = []
        at = 0
        for p in part:
            if isinstance(p, Extract):
                notes = at + 2 + len(p.notes)
                out.append(quote(p.block, done[at], done[at + 1], done[at + 2 : notes]))
                at = notes
            else:
                out.append(heading(p.level, done[at]))
                at += 1
        yield "".join(out)


_MD_MARKS = ("**", "***", "*", "")


def _md_heading(level: int, text: str) -> str:
    marks = _MD_MARKS[min(level, 3)]
    return f"{marks}{text}{marks}\n\n"


def _md_quote(block: bool, words: str, cite: str, notes: list[str]) -> str:
    out = f"> {words} {cite}\n\n" if block else f"\u201c{words}\u201d {cite}\n\n"
    return out + "".join(f"*{NOTE_LABEL}* {n}\n\n" for n in notes)


def _html_text(text: str) -> str:
    return str(html_escape(text))


def _html_heading(level: int, text: str) -> str:
    if level >= 3:
        return f'<p class="empty">{text}</p>\n'
    return f"<h{level + 3}>{text}</h{level + 3}>\n"


def _html_quote(block: bool, words: str, cite: str, notes: list[str]) -> str:
    cited = f'<span class="citation">{cite}</span>'
    out = (
        f"<blockquote><p>{words} {cited}</p></blockquote>\n"
        if block
        else f'<p class="quote">\u201c{words}\u201d {cited}</p>\n'
    )
    return out + "".join(f'<p class="quote-note"><em>{NOTE_LABEL}</em> {n}</p>\n' for n in notes)


_TEX_HEADINGS = ("\\textbf{%s}", "\\textbf{\\textit{%s}}", "\\textit{%s}", "%s")


def _tex_heading(level: int, text: str) -> str:
    return "\\par\\medskip\\noindent " + _TEX_HEADINGS[min(level, 3)] % text + "\\par\\smallskip\n"


def _tex_quote(block: bool, words: str, cite: str, notes: list[str]) -> str:
    if block:
        out = "\\begin{quote}\n" + words + " " + cite + "\n\\end{quote}\n"
    else:
        out = "\\noindent ``" + words + "'' " + cite + "\\par\\smallskip\n"
    return out + "".join(
        "\\noindent\\textit{" + NOTE_LABEL + "} " + n + "\\par\\smallskip\n" for n in notes
    )


MD = Style(escape.md, _md_heading, _md_quote)
HTML = Style(_html_text, _html_heading, _html_quote)
TEX = Style(escape.tex, _tex_heading, _tex_quote)


def md_passages(data: HasPassages) -> Parts:
    """The table's quotes as Markdown paragraphs and block quotes."""
    return Parts(partial(_parts, data.passages(), MD), escape.Raw)


def html_passages(data: HasPassages) -> Parts:
    """The table's quotes as HTML paragraphs and ``<blockquote>``s."""
    return Parts(partial(_parts, data.passages(), HTML), Markup)


def tex_passages(data: HasPassages) -> Parts:
    """The table's quotes as LaTeX paragraphs and ``quote`` environments."""
    return Parts(partial(_parts, data.passages(), TEX), escape.Raw)
