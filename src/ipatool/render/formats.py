"""The writers, one per format (a registry): each writes the rendered tables' files into a
:class:`~ipatool.render.sink.Sink`, as streams (no file is ever built whole in memory).

``md``, ``html`` and ``tex`` go through Jinja templates; ``csv`` and ``json`` are written from the
table data with the standard library; ``docx`` is built with python-docx (see :mod:`.docx`),
``xlsx`` with openpyxl (see :mod:`.xlsx`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipatool.analysis.extracts import Extracts
from ipatool.analysis.grid import Grid, TableData
from ipatool.render import escape, jsonout
from ipatool.render.sink import Sink, write_text
from ipatool.render.templates import make_env, stream_template

if TYPE_CHECKING:
    import jinja2


@dataclass(slots=True)
class RenderedTable:
    """A table ready for templates: its data, grid, number (0 when unnumbered) and caption. The
    grid is laid out when a writer first asks for it, after the study has been let go (a quote
    bank's grid is a row per quote)."""

    name: str
    number: int
    label: str
    title: str
    data: TableData
    laid_out: Grid | None = None

    @property
    def grid(self) -> Grid:
        if self.laid_out is None:
            self.laid_out = self.data.grid()
        return self.laid_out


@dataclass
class Job:
    """Everything a writer needs."""

    study_title: str
    method: str
    tables: list[RenderedTable]
    template_paths: list[Path]
    omitted: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    extracts: Extracts | None = None
    """Every coded extract, for the workbook's Extracts sheet (None: not asked for)."""

    def context(self, **extra: Any) -> dict[str, Any]:
        base: dict[str, Any] = {
            "study": {"title": self.study_title, "method": self.method},
            "tables": self.tables,
            "omitted": self.omitted,
        }
        base.update(extra)
        return base


Writer = Callable[[Job, Sink], list[str]]
"""A format's writer: it writes its files into the sink and returns their names, in order."""


def _template_file(
    sink: Sink, name: str, env: jinja2.Environment, template: str, job: Job, **extra: Any
) -> str:
    with sink.open(name) as fh:
        write_text(fh, stream_template(env, template, job.context(**extra)))
    return name


def write_md(job: Job, sink: Sink) -> list[str]:
    env = make_env("md", job.template_paths)
    return [_template_file(sink, "tables.md", env, "md/document.md.j2", job)]


def write_html(job: Job, sink: Sink) -> list[str]:
    env = make_env("html", job.template_paths)
    return [_template_file(sink, "tables.html", env, "html/page.html.j2", job)]


def write_tex(job: Job, sink: Sink) -> list[str]:
    env = make_env("tex", job.template_paths)
    names = [
        _template_file(sink, f"tex/{t.name}.tex", env, f"tex/{t.name}.tex.j2", job, table=t)
        for t in job.tables
    ]
    return [*names, _template_file(sink, "tables.tex", env, "tex/document.tex.j2", job)]


def _csv_header(grid: Grid) -> list[str]:
    """The column labels, each followed by its group's label in parentheses (when it has one)."""
    header = [c.label for c in grid.columns]
    if grid.column_groups:
        labels: list[str] = []
        for g in grid.column_groups:
            labels += [g.label] * g.span
        header = [f"{h} ({g})" if g else h for h, g in zip(header, labels, strict=False)]
    return header


def grid_records(grid: Grid) -> list[list[str]]:
    """A grid as CSV records: one header row, then every row (group headings in the first cell)."""
    return [_csv_header(grid), *(list(r.cells) for r in grid.rows)]


_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters :func:`escape.csv_cell` changes (a test keeps the two in step)."""


def _needs_csv_cell(cells: Iterable[str]) -> bool:
    """Whether any cell starts like a formula (checked in C, no Python call per cell)."""
    return any(map(str.startswith, cells, repeat(_CSV_TRIGGERS)))


def _csv_rows(records: list[Sequence[str]]) -> Iterable[Sequence[str]]:
    """The records with :func:`escape.csv_cell` applied to every cell of the rows that need it."""
    if not _needs_csv_cell(chain.from_iterable(records)):
        return records
    return [[escape.csv_cell(c) for c in r] if _needs_csv_cell(r) else r for r in records]


def write_csv(job: Job, sink: Sink) -> list[str]:
    """One CSV file per table (RFC 4180: CRLF line ends, quotes only where needed)."""
    names: list[str] = []
    for t in job.tables:
        name = f"csv/{t.name}.csv"
        with sink.open(name) as fh:
            text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=False)
            w = csv.writer(text, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
            w.writerows(_csv_rows([_csv_header(t.grid), *(r.cells for r in t.grid.rows)]))
            text.flush()
            text.detach()  # the sink closes the file
        names.append(name)
    return names


JSON_FORMAT_VERSION = 1


def write_json(job: Job, sink: Sink) -> list[str]:
    """``tables.json``: the structure indented, each record on one line, streamed: each table's
    data is converted only as the writer reaches it (see :mod:`.jsonout`)."""
    doc = {
        "format": JSON_FORMAT_VERSION,
        "study": {"title": job.study_title, "method": job.method},
        "tables": {
            t.name: {"number": t.number or None, "title": t.title, "data": t.data}
            for t in job.tables
        },
        "omitted": dict(job.omitted),
    }
    with sink.open("tables.json") as fh:
        jsonout.write(doc, fh)
    return ["tables.json"]


def write_docx(job: Job, sink: Sink) -> list[str]:
    # imported here, one of the two imports inside a function in render: python-docx and lxml
    # take a tenth of a second to import, and only Word output needs them
    from ipatool.render.docx import build_docx

    with sink.open("tables.docx") as fh:
        job.warnings.extend(build_docx(job, fh))
    return ["tables.docx"]


def write_xlsx(job: Job, sink: Sink) -> list[str]:
    # imported here, as python-docx is for Word: openpyxl takes a tenth of a second to import
    from ipatool.render.xlsx import build_xlsx

    with sink.open("tables.xlsx") as fh:
        build_xlsx(job, fh)
    return ["tables.xlsx"]


FORMATS: dict[str, Writer] = {
    "md": write_md,
    "html": write_html,
    "tex": write_tex,
    "csv": write_csv,
    "docx": write_docx,
    "json": write_json,
    "xlsx": write_xlsx,
}
"""Every output format, in the order files are written."""
DEFAULT_FORMATS = ("md", "html", "tex", "csv", "docx", "json")
"""The formats written when none is named: all but ``xlsx``, whose Extracts sheet needs every
transcript read again for its turns' words (a large study's workbook is also slow to write)."""
