"""How ``--help`` reads: plain placeholders, commands in workflow order, an example for each.

Typer's own help shows Python types (``<list[str]>``, ``<int range> [x>=1]``) and lists
commands in the order they were registered. The command and group classes here show a
placeholder instead (the option's ``metavar``, its choices ``a|b|c``, or ``N``/``TEXT``/``PATH``
by its type), list commands in :data:`ORDER`, and end each command's help with the lines of
:data:`EXAMPLES`. Imported by :func:`ipatool.cli.app.build_app` only, so ``--version`` and the
warm path never load typer.
"""

from __future__ import annotations

import enum
import re
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

ORDER = (
    "init",
    "import",
    "transcript",
    "participants",
    "qdpx",
    "codebook",
    "validate",
    "fmt",
    "render",
    "agreement",
    "diff",
    "history",
    "schema",
    "export",
)
"""Commands in the order a study is worked on: start it, bring data in, check, tidy, write the
tables, measure agreement, review changes, then the tools around it. Names not listed follow
in the order they were registered."""

EXAMPLES: dict[str, tuple[str, ...]] = {
    "init": ("ipatool init my-study --coder HP", "ipatool init demo --example"),
    "import": ("ipatool import transcript interview-3.docx --id I3 --speaker 'Jane Doe=Pat'",),
    "import transcript": (
        "ipatool import transcript interview-3.docx --id I3 --kind interview \\\n"
        "    --speaker 'Dr Smith=KW' --speaker 'Jane Doe=Pat'",
    ),
    "import participants": ("ipatool import participants demographics.xlsx --id-column Pseudonym",),
    "import qdpx": ("ipatool import qdpx project.qdpx --into my-study --method ipa",),
    "import codebook": ("ipatool import codebook codebook.qdc",),
    "validate": ("ipatool validate", "ipatool validate my-study --strict --format github"),
    "fmt": ("ipatool fmt --check", "ipatool fmt --renumber"),
    "render": ("ipatool render", "ipatool render --format docx --format html --table themes"),
    "agreement": ("ipatool agreement", "ipatool agreement --code staying-with --unit character"),
    "diff": ("ipatool diff", "ipatool diff origin/main...HEAD --format md"),
    "history": ("ipatool history --since v1.0",),
    "schema": ("ipatool schema --out schemas --study my-study",),
    "export": ("ipatool export qdpx -o study.qdpx",),
    "export qdpx": ("ipatool export qdpx -o study.qdpx my-study",),
    "export codebook": ("ipatool export codebook -o codebook.qdc",),
}
"""The examples of each command's help, by its path after ``ipatool``."""

PLACEHOLDERS = {
    "identifiers": "FILE",
    "out": "FOLDER",
    "templates": "FOLDER",
    "into": "FOLDER",
    "output": "FILE",
    "study": "STUDY",
    "file": "FILE",
    "files": "FILE",
    "spreadsheet": "FILE",
    "table": "TABLE",
    "tables": "TABLE",
    "code": "CODE",
    "since": "REV",
    "speaker": "LABEL=ID",
    "transcript_id": "ID",
    "interviewer": "ID",
    "unlabelled": "ID",
    "date": "YYYY-MM-DD",
    "id_column": "COLUMN",
    "sheet": "SHEET",
}
"""The placeholder of a parameter without a metavar of its own, by its name: the same option
reads the same in every command."""

DOCS_POINTER = (
    "Every command has --help. The manual is the docs/ folder of the ipatool repository, "
    "beside its README.md: docs/format.md (the study files), docs/checks.md (every check and "
    "how to fix it), docs/render.md (the tables), docs/validate.md (hooks and CI)."
)
"""The last paragraph of ``ipatool --help``."""

_RANGE_RE = re.compile(r"^[\d.\-]*(?:<=?|>=?)?x(?:<=?|>=?)?[\d.\-]*$")
"""Typer's number-range note (``x>=1``): the placeholder and the help text say it instead."""
_EXTRAS_RE = re.compile(r"\s*\[([^\[\]]*)\]$")


def placeholder(param: Any) -> str:
    """What an option's value is called in help: its metavar, its choices, or a plain word."""
    if param.metavar:
        return str(param.metavar)
    if param.name in PLACEHOLDERS:
        return PLACEHOLDERS[param.name]
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "|".join(str(m.value) for m in annotation)
    choices = getattr(getattr(param, "type", None), "choices", None)
    if choices:
        return "|".join(str(c) for c in choices)
    words = str(annotation)
    if annotation is int or "int" in words:
        return "N"
    if annotation is Path or "Path" in words:
        return "PATH"
    return "TEXT"


def _without_range(help_text: str) -> str:
    """The help text without typer's ``[x>=1]`` note (other notes, such as defaults, stay)."""
    m = _EXTRAS_RE.search(help_text)
    if m is None:
        return help_text
    kept = [part for part in m.group(1).split("; ") if not _RANGE_RE.match(part.strip())]
    base = help_text[: m.start()]
    return f"{base}  [{'; '.join(kept)}]" if kept else base


def _write_examples(name: str, formatter: Any) -> None:
    lines = EXAMPLES.get(name)
    if not lines:
        return
    formatter.write_paragraph()
    formatter.write_text("Examples:" if len(lines) > 1 else "Example:")
    for example in lines:
        for line in example.splitlines():
            formatter.write(f"{'':>{formatter.current_indent + 2}}{line}\n")


def _path_name(ctx: Any) -> str:
    """The command's path after ``ipatool`` (``import transcript``)."""
    return " ".join(str(ctx.command_path).split()[1:])


class HelpCommand(TyperCommand):
    """A command whose help shows plain placeholders and ends with its examples."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.param_type_name == "argument" and not param.metavar:
                param.metavar = PLACEHOLDERS.get(param.name, str(param.name).upper())
            elif param.param_type_name == "option" and not getattr(param, "is_flag", False):
                param.metavar = placeholder(param)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args: list[tuple[str, str]] = []
        opts: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            left, right = record
            if param.param_type_name == "argument":
                many = "..." if param.nargs != 1 and not str(param.metavar).endswith("]") else ""
                args.append((f"{param.metavar}{many}", _without_range(right)))
            else:
                opts.append((left, _without_range(right)))
        if args:
            with formatter.section("Arguments"):
                formatter.write_dl(args)
        if opts:
            with formatter.section("Options"):
                formatter.write_dl(opts)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        super().format_epilog(ctx, formatter)
        _write_examples(_path_name(ctx), formatter)


class HelpGroup(TyperGroup):
    """A group listing its commands in workflow order, then its examples."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = list(super().list_commands(ctx))
        rank = {name: i for i, name in enumerate(ORDER)}
        return sorted(names, key=lambda n: (rank.get(n, len(ORDER)), names.index(n)))

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        super().format_epilog(ctx, formatter)
        _write_examples(_path_name(ctx), formatter)


def apply(app: typer.Typer) -> None:
    """Give every command and group of ``app`` (and of its groups) these help classes."""
    app.info.cls = HelpGroup
    for info in app.registered_commands:
        info.cls = HelpCommand
    for group in app.registered_groups:
        group.cls = HelpGroup
        if group.typer_instance is not None:
            apply(group.typer_instance)
