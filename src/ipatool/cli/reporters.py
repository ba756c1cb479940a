"""Reporters: diagnostics as text, JSON or GitHub annotations (a registry, one function each)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from rich.console import Console
from rich.markup import escape

from ipatool.diagnostics import Diagnostic, Severity, summary_counts

Reporter = Callable[[list[Diagnostic], Console, str], None]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(diagnostics: list[Diagnostic], files_checked: int) -> str:
    errors, warnings, files = summary_counts(diagnostics)
    if not diagnostics:
        return f"no problems found in {_plural(files_checked, 'file')}"
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}"


def report_text(diagnostics: list[Diagnostic], console: Console, prefix: str) -> None:
    """``file:line:col: severity CODE message`` lines with hints, for people."""
    for d in diagnostics:
        colour = "red" if d.severity is Severity.ERROR else "yellow"
        where = f"{d.file}:{d.span.line}:{d.span.column}"
        console.print(
            f"[bold]{escape(where)}[/]: [{colour}]{d.severity.value}[/] "
            f"[dim]{d.code}[/] {escape(d.message)} [dim]\\[{d.slug}][/]"
        )
        if d.hint:
            console.print(f"    [cyan]hint:[/] {escape(d.hint)}")


def report_json(diagnostics: list[Diagnostic], console: Console, prefix: str) -> None:
    """A JSON list of records with stable keys."""
    records = [d.as_record() for d in diagnostics]
    console.file.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")


def _gh_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_escape(text).replace(":", "%3A").replace(",", "%2C")


def report_github(diagnostics: list[Diagnostic], console: Console, prefix: str) -> None:
    """GitHub Actions workflow commands, so findings show on the pull request."""
    for d in diagnostics:
        level = "error" if d.severity is Severity.ERROR else "warning"
        path = os.path.normpath(os.path.join(prefix, d.file)) if prefix else d.file
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        console.file.write(
            f"::{level} file={_gh_prop(path)},line={d.span.line},col={d.span.column},"
            f"endLine={d.span.end_line},endColumn={d.span.end_column},"
            f"title={_gh_prop(d.code + ' ' + d.slug)}::{_gh_escape(message)}\n"
        )


REPORTERS: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}
