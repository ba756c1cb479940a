"""Plain-English YAML syntax errors, placed where the mistake is rather than where the parser gave up.

libyaml reports a ``problem_mark`` (where it stopped) and sometimes a ``context_mark`` (where the
construct it was reading began). For the common slips of a study file the mistake is elsewhere:
a key without its colon is reported on the next line, a key indented too far is read as more words
of the value above it, an unclosed quote is reported where the next quote happens to close it.
This module looks at the source lines around the marks to find the true place; where two readings
are possible it names both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ipatool.diagnostics import TOP, Diagnostic, Span, make

_KEY_LINE_RE = re.compile(
    r"^(?P<lead>\s*(?:-\s+)*)(?P<key>[^\s:#\-\"'\[{][^:]*?):(?:\s|$)(?P<value>.*)$"
)
"""A ``key: value`` line (after its indentation and any ``- `` list markers)."""
_WORD_RE = re.compile(r"[^\s:]+")
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
"""What a key looks like (``speaker``, ``duration_min``): a word that is not, is text."""
_QUOTE_HINT = 'text containing ": " must be quoted, e.g. text: "She said: no"'


@dataclass(frozen=True, slots=True)
class _Found:
    """A placed message: where, what, and how to fix it."""

    span: Span
    message: str
    hint: str | None


def syntax_diagnostic(exc: yaml.MarkedYAMLError, text: str, file: str, loader: type) -> Diagnostic:
    """The diagnostic for a YAML syntax error raised while composing ``text``."""
    mark = exc.problem_mark or exc.context_mark
    span = Span.point(mark.line + 1, mark.column + 1) if mark is not None else TOP
    problem = (exc.problem or "").strip()
    lines = text.splitlines()
    line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if (
        "\t" in problem
        or "'\\t'" in problem
        or (mark is not None and "\t" in line_text[: len(line_text) - len(line_text.lstrip(" \t"))])
    ):
        return make(
            "IPA003",
            file,
            span,
            "a tab character is used for indentation; YAML indents with spaces only",
            hint="replace the tab with spaces (2 per level)",
        )
    found = _placed(exc, problem, lines, text, loader)
    if found is not None:
        return make("IPA001", file, found.span, found.message, hint=found.hint)
    message = _plain_syntax_message(problem, exc.context)
    return make("IPA001", file, span, message, hint=_syntax_hint(problem))


def _placed(
    exc: yaml.MarkedYAMLError, problem: str, lines: list[str], text: str, loader: type
) -> _Found | None:
    """The true place of the common slips, or None to keep the parser's own place and words."""
    pm, cm, context = exc.problem_mark, exc.context_mark, exc.context or ""
    if "could not find expected ':'" in problem and "simple key" in context and cm is not None:
        return _missing_colon(lines, cm.line, cm.column)
    if "found unexpected end of stream" in problem and "quoted scalar" in context and cm:
        return _Found(
            Span.point(cm.line + 1, cm.column + 1),
            "this quote is never closed: the file ends inside it",
            "add the closing quote where the quoted text ends",
        )
    if pm is None:
        return None
    quote = _runaway_quote(text, pm.line, pm.column, loader)
    if quote is not None:
        return quote
    if "mapping values are not allowed" in problem:
        return _stray_key(lines, pm.line, pm.column)
    if cm is not None and context in _FLOW:
        return _open_bracket(context, cm.line, cm.column, pm.line, pm.column)
    return None


_FLOW = {"while parsing a flow sequence": ("[", "]"), "while parsing a flow mapping": ("{", "}")}


def _open_bracket(context: str, line: int, column: int, stop: int, at: int) -> _Found:
    """A ``[`` or ``{`` that is not closed: where it opens, and where the parser gave up."""
    opening, closing = _FLOW[context]
    return _Found(
        Span.point(line + 1, column + 1),
        f"the '{opening}' opened here is not closed by a '{closing}' "
        f"(the parser gave up at line {stop + 1}, column {at + 1})",
        f"close it with '{closing}' where it ends, with ', ' between its items",
    )


def _missing_colon(lines: list[str], line: int, column: int) -> _Found | None:
    """A key without its ':' (``speaker Ruth``): the line of the key, not the line after it."""
    if line >= len(lines):
        return None
    rest = lines[line][column:]
    word = _WORD_RE.match(rest)
    if word is None:
        return None
    key, value = word.group(), rest[word.end() :].strip()
    if not _NAME_RE.match(key):  # not a key at all: words of a text, not lined up
        return _Found(
            Span.point(line + 1, column + 1),
            f"line {line + 1} is neither 'key: value' nor indented as more of the text above it",
            "if it continues the text above, indent it as far as the text's other lines "
            "(further than the keys)",
        )
    fixed = f"{key}: {value}" if value else f"{key}:"
    also = ""
    if _after_text(lines, line):
        also = "; if this line continues the text above it, indent it further than the keys"
    return _Found(
        Span(line + 1, column + 1, line + 1, column + 1 + len(key)),
        f"a ':' is missing after '{key}'",
        f"write '{fixed}'{also}",
    )


def _after_text(lines: list[str], line: int) -> bool:
    """Whether the line above ``line`` ends a text of several words, which ``line`` might be
    meant to continue (then a second reading of the slip is worth naming)."""
    for back in range(line - 1, -1, -1):
        prev = lines[back]
        if not prev.strip() or prev.lstrip().startswith("#"):
            continue
        m = _KEY_LINE_RE.match(prev)
        if m is None:
            return not prev.lstrip().startswith("-")  # a continuation line of a text
        value = m.group("value").strip()
        return " " in value and value[0] not in "\"'[{|>"
    return False


def _runaway_quote(text: str, line: int, column: int, loader: type) -> _Found | None:
    """A quote left open: the parser fails where a later quote closed it; report where it opens."""
    last: yaml.ScalarToken | None = None
    try:
        for token in yaml.scan(text, Loader=loader):
            if token.start_mark.line > line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = token
    except yaml.YAMLError:
        pass  # the tokens read before the error are all that is needed
    if last is None:
        return None
    start, end = last.start_mark, last.end_mark
    if start.line == end.line or end.line != line or column < end.column:
        return None  # no quoted text that ran over lines up to the failure
    q = last.style
    return _Found(
        Span.point(start.line + 1, start.column + 1),
        f"the quote ({q}) opened here is not closed on its line; the text runs on to the next {q} "
        f"on line {end.line + 1}, column {end.column}",
        f"add the closing {q} where the quoted text ends"
        + (" (an apostrophe inside '...' is written '')" if q == "'" else ""),
    )


def _stray_key(lines: list[str], line: int, column: int) -> _Found | None:
    """A ':' the parser did not expect. If it belongs to a key at the start of its line, that key
    was read as more words of a value begun on an earlier line: either that line lacks its own
    ':' (``- code guilt``) or this line is indented too far."""
    if line >= len(lines):
        return None
    here = lines[line]
    m = _KEY_LINE_RE.match(here)
    if m is None or len(m.group("lead")) + len(m.group("key")) != column:
        return None  # a second ': ' inside a value on this line: the quoting message stands
    key, indent = m.group("key"), _indent(here)
    for back in range(line - 1, -1, -1):
        prev = lines[back]
        if not prev.strip() or prev.lstrip().startswith("#"):
            continue
        pm = _KEY_LINE_RE.match(prev)
        if pm is None and _indent(prev) >= indent:
            continue  # a continuation line of the value: look further up
        return _began_on(lines, back, pm, line, key, indent)
    return None


def _began_on(
    lines: list[str], back: int, pm: re.Match[str] | None, line: int, key: str, indent: int
) -> _Found | None:
    """The message once the line where the run-on value began (``back``) is known."""
    prev = lines[back]
    if pm is None:  # no ':' on that line: the key there lost its colon
        lead = (
            len(prev) - len(prev.lstrip(" -")) if prev.lstrip().startswith("-") else _indent(prev)
        )
        word = _WORD_RE.match(prev, lead)
        if word is None:
            return None
        value = prev[word.end() :].strip()
        fixed = f"{word.group()}: {value}" if value else f"{word.group()}:"
        return _Found(
            Span(back + 1, lead + 1, back + 1, word.end() + 1),
            f"a ':' is missing after '{word.group()}'",
            f"write '{fixed}'; if this line is text, then line {line + 1} ('{key}:') "
            "is indented too far",
        )
    value = pm.group("value").strip()
    if not value or value[0] in "\"'[{|>&*!":
        return None  # not a plain value running on: keep the parser's words
    want = len(pm.group("lead"))
    if indent <= want:
        return None
    prev_key = pm.group("key")
    move = f"indent '{key}:' by {want} spaces" if want else f"start '{key}:' at the line's start"
    if " " in value:  # a text of several words: the line may be meant to continue it
        move += (
            f"; if the line continues the text of '{prev_key}', put that whole text in quotes "
            "(it contains ': ')"
        )
    return _Found(
        Span.point(line + 1, indent + 1),
        f"line {line + 1} is indented too far: '{key}' is indented {indent} spaces; "
        f"to line up with '{prev_key}' on line {back + 1} it needs {want}",
        move,
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _plain_syntax_message(problem: str, context: str | None) -> str:
    if "could not find expected ':'" in problem:
        return "a line is missing its ':' between key and value (or a text value needs quotes)"
    if "mapping values are not allowed" in problem:
        return "a ':' appears where YAML does not expect one; put the text in quotes"
    if "did not find expected key" in problem:
        return "the indentation does not line up with the keys around it"
    if "did not find expected '-' indicator" in problem:
        return "a list item is not lined up with the other items of its list"
    if "found unexpected end of stream" in problem:
        return "the file ends inside an open quote or bracket"
    if "found undefined alias" in problem or "found undefined anchor" in problem:
        return "an alias (*name) refers to no anchor; anchors and aliases are not allowed anyway"
    if "expected <document start>" in problem:
        return "unexpected content after the end of the document"
    words = problem or (context or "invalid YAML")
    return f"invalid YAML: {words}"


def _syntax_hint(problem: str) -> str | None:
    if "mapping values are not allowed" in problem or "could not find expected ':'" in problem:
        return _QUOTE_HINT
    if "did not find expected key" in problem:
        return "check the indentation of this line and the one before it"
    return None
