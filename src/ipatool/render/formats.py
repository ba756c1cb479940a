"""The writers, one per format (a registry): each turns the rendered tables into output files.

``md``, ``html`` and ``tex`` go through Jinja templates; ``csv`` and ``json`` are written from the
table data with the standard library; ``docx`` is built with python-docx (see :mod:`.docx`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipatool.analysis.model import Grid, TableData
from ipatool.render import escape
from ipatool.render.templates import make_env, render_template


@dataclass(frozen=True, slots=True)
class RenderedTable:
    """A table ready for templates: its data, grid, number (0 when unnumbered) and caption."""

    name: str
    number: int
    label: str
    title: str
    data: TableData
    grid: Grid


@dataclass
class Job:
    """Everything a writer needs."""

    study_title: str
    method: str
    tables: list[RenderedTable]
    template_paths: list[Path]
    omitted: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def context(self, **extra: Any) -> dict[str, Any]:
        base: dict[str, Any] = {
            "study": {"title": self.study_title, "method": self.method},
            "tables": self.tables,
            "omitted": self.omitted,
        }
        base.update(extra)
        return base


Writer = Callable[[Job], dict[str, bytes]]


def _text(s: str) -> bytes:
    return s.encode("utf-8")


def write_md(job: Job) -> dict[str, bytes]:
    env = make_env("md", job.template_paths)
    return {"tables.md": _text(render_template(env, "md/document.md.j2", job.context()))}


def write_html(job: Job) -> dict[str, bytes]:
    env = make_env("html", job.template_paths)
    return {"tables.html": _text(render_template(env, "html/page.html.j2", job.context()))}


def write_tex(job: Job) -> dict[str, bytes]:
    env = make_env("tex", job.template_paths)
    out: dict[str, bytes] = {}
    for t in job.tables:
        ctx = job.context(table=t)
        out[f"tex/{t.name}.tex"] = _text(render_template(env, f"tex/{t.name}.tex.j2", ctx))
    out["tables.tex"] = _text(render_template(env, "tex/document.tex.j2", job.context()))
    return out


def grid_records(grid: Grid) -> list[list[str]]:
    """A grid as CSV records: one header row, then every row (group headings in the first cell)."""
    header = [c.label for c in grid.columns]
    if grid.column_groups:
        labels: list[str] = []
        for g in grid.column_groups:
            labels += [g.label] * g.span
        header = [f"{h} ({g})" if g else h for h, g in zip(header, labels, strict=False)]
    return [header, *(list(r.cells) for r in grid.rows)]


def write_csv(job: Job) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for t in job.tables:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        for record in grid_records(t.grid):
            w.writerow([escape.csv_cell(c) for c in record])
        out[f"csv/{t.name}.csv"] = _text(buf.getvalue())
    return out


JSON_FORMAT_VERSION = 1


def write_json(job: Job) -> dict[str, bytes]:
    doc = {
        "format": JSON_FORMAT_VERSION,
        "study": {"title": job.study_title, "method": job.method},
        "tables": {
            t.name: {"number": t.number or None, "title": t.title, "data": t.data.to_json()}
            for t in job.tables
        },
        "omitted": dict(job.omitted),
    }
    return {"tables.json": _text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")}


def write_docx(job: Job) -> dict[str, bytes]:
    from ipatool.render.docx import build_docx

    data, warnings = build_docx(job)
    job.warnings.extend(warnings)
    return {"tables.docx": data}


FORMATS: dict[str, Writer] = {
    "md": write_md,
    "html": write_html,
    "tex": write_tex,
    "csv": write_csv,
    "docx": write_docx,
    "json": write_json,
}
"""Every output format, in the order files are written."""
