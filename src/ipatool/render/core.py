"""Render orchestration: build the tables once, run each format's writer, return files in memory.

Nothing is written here: the command writes the returned files only after every format has
rendered, so a template error leaves the output folder untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ipatool.analysis import Omitted, Options, build_tables, make_context
from ipatool.analysis.registry import TABLES
from ipatool.render.formats import FORMATS, Job, RenderedTable
from ipatool.render.templates import search_path
from ipatool.study import Study


@dataclass
class RenderResult:
    """The output files (relative path -> bytes, in writing order), warnings, and the tables left
    out because the study has nothing for them (no files at all when every table was left out)."""

    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    omitted: list[Omitted] = field(default_factory=list)


def render_study(
    study: Study,
    *,
    formats: list[str] | None = None,
    tables: list[str] | None = None,
    templates: Path | None = None,
    options: Options | None = None,
) -> RenderResult:
    """Every requested table in every requested format, in memory. Raises RenderError."""
    ctx = make_context(study, options)
    data, omitted = build_tables(ctx, tables)
    if not data:
        return RenderResult(omitted=omitted)
    rendered: list[RenderedTable] = []
    number = 0
    for d in data:
        grid = d.grid()
        if TABLES[d.name].numbered:
            number += 1
            rendered.append(RenderedTable(d.name, number, f"Table {number}", grid.title, d, grid))
        else:
            rendered.append(RenderedTable(d.name, 0, "", grid.title, d, grid))
    assert ctx.config is not None
    job = Job(
        ctx.config.title,
        ctx.config.method.value,
        rendered,
        search_path(Path(study.root), templates),
        omitted={o.name: o.reason for o in omitted},
    )
    result = RenderResult()
    wanted = formats or list(FORMATS)
    for fmt in FORMATS:
        if fmt in wanted:
            result.files.update(FORMATS[fmt](job))
    result.warnings = job.warnings
    result.omitted = omitted
    return result
