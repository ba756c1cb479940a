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


Draw = Callable[[Heading | Extract], str]


def _parts(passages: Sequence[Heading | Extract], draw: Draw) -> Iterator[str]:
    for start in range(0, len(passages), PART_ROWS):
        yield "".join(map(draw, passages[start : start + PART_ROWS]))


def _md(p: Heading | Extract) -> str:
    if isinstance(p, Heading):
        marks = ("**", "***", "*", "")[min(p.level, 3)]
        return f"{marks}{escape.md(p.text)}{marks}\n\n"
    cite = escape.md(p.citation)
    if p.block:
        out = f"> {escape.md(p.printed)} {cite}\n\n"
    else:
        out = f"\u201c{escape.md(inline(p.printed))}\u201d {cite}\n\n"
    return out + "".join(f"*{NOTE_LABEL}* {escape.md(n)}\n\n" for n in p.notes)


def _html(p: Heading | Extract) -> str:
    if isinstance(p, Heading):
        if p.level >= 3:
            return f'<p class="empty">{html_escape(p.text)}</p>\n'
        tag = f"h{p.level + 3}"
        return f"<{tag}>{html_escape(p.text)}</{tag}>\n"
    cite = f'<span class="citation">{html_escape(p.citation)}</span>'
    if p.block:
        out = f"<blockquote><p>{html_escape(p.printed)} {cite}</p></blockquote>\n"
    else:
        out = f'<p class="quote">\u201c{html_escape(inline(p.printed))}\u201d {cite}</p>\n'
    return out + "".join(
        f'<p class="quote-note"><em>{NOTE_LABEL}</em> {html_escape(n)}</p>\n' for n in p.notes
    )


def _tex(p: Heading | Extract) -> str:
    if isinstance(p, Heading):
        text = escape.tex(p.text)
        inner = (
            "\\textbf{" + text + "}",
            "\\textbf{\\textit{" + text + "}}",
            "\\textit{" + text + "}",
            text,
        )[min(p.level, 3)]
        return "\\par\\medskip\\noindent " + inner + "\\par\\smallskip\n"
    cite = escape.tex(p.citation)
    if p.block:
        out = "\\begin{quote}\n" + escape.tex(p.printed) + " " + cite + "\n\\end{quote}\n"
    else:
        out = "\\noindent ``" + escape.tex(inline(p.printed)) + "'' " + cite + "\\par\\smallskip\n"
    return out + "".join(
        "\\noindent\\textit{" + NOTE_LABEL + "} " + escape.tex(n) + "\\par\\smallskip\n"
        for n in p.notes
    )


def md_passages(data: HasPassages) -> Parts:
    """The table's quotes as Markdown paragraphs and block quotes."""
    return Parts(partial(_parts, data.passages(), _md), escape.Raw)


def html_passages(data: HasPassages) -> Parts:
    """The table's quotes as HTML paragraphs and ``<blockquote>``s."""
    return Parts(partial(_parts, data.passages(), _html), Markup)


def tex_passages(data: HasPassages) -> Parts:
    """The table's quotes as LaTeX paragraphs and ``quote`` environments."""
    return Parts(partial(_parts, data.passages(), _tex), escape.Raw)
