"""Render orchestration: build the tables once, then run each format's writer into a sink.

:func:`prepare` builds the tables and lays them out; nothing of the study itself is kept, so a
caller that lets the study go has the memory back for writing. :func:`write_formats` runs the
writers one after another into a :class:`~ipatool.render.sink.Sink`: the command stages them on
disk and moves them into place only when every format has rendered, so a template error leaves
the output folder untouched. :func:`render_study` does both, in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ipatool.analysis import Omitted, Options, build_tables, make_context
from ipatool.analysis.extracts import TurnWords, build_extracts
from ipatool.analysis.registry import TABLES
from ipatool.read.study import Study
from ipatool.render.formats import DEFAULT_FORMATS, FORMATS, Job, RenderedTable
from ipatool.render.sink import InMemory, Sink
from ipatool.render.templates import search_path


@dataclass
class RenderResult:
    """The output files (relative path -> bytes, in writing order), warnings, and the tables left
    out because the study has nothing for them (no files at all when every table was left out)."""

    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    omitted: list[Omitted] = field(default_factory=list)


def prepare(
    study: Study,
    *,
    tables: list[str] | None = None,
    templates: Path | None = None,
    options: Options | None = None,
    extracts: bool = False,
    words: TurnWords | None = None,
) -> tuple[Job | None, list[Omitted]]:
    """The writers' job: every requested table built (``None`` when every table
    was left out), and the tables left out; with ``extracts``, every coded extract too (for the
    workbook; ``words``: the turns' words and notes). The job holds no reference to the study."""
    ctx = make_context(study, options)
    data, omitted = build_tables(ctx, tables)
    if not data:
        return None, omitted
    coded = build_extracts(ctx, words) if extracts else None
    assert ctx.config is not None
    title, method = ctx.config.title, ctx.config.method.value
    del ctx  # the tables hold what they need; the rest of the context can go before layout
    rendered: list[RenderedTable] = []
    number = 0
    for d in data:
        named = getattr(d, "title", None)
        grid = None if isinstance(named, str) else d.grid()  # else laid out when written
        caption = grid.title if grid is not None else str(named)
        if TABLES[d.name].numbered:
            number += 1
            rendered.append(RenderedTable(d.name, number, f"Table {number}", caption, d, grid))
        else:
            rendered.append(RenderedTable(d.name, 0, "", caption, d, grid))
    job = Job(
        title,
        method,
        rendered,
        search_path(Path(study.root), templates),
        omitted={o.name: o.reason for o in omitted},
        extracts=coded,
    )
    return job, omitted


def write_formats(
    job: Job, sink: Sink, formats: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """Write the job in every requested format (default: all but xlsx) into ``sink``, one format after
    another; the names of the files written and the writers' warnings, both in format order.
    Raises RenderError."""
    names: list[str] = []
    before = len(job.warnings)
    for fmt in FORMATS:
        if fmt in (formats or DEFAULT_FORMATS):
            names += FORMATS[fmt](job, sink)
    return names, job.warnings[before:]


def render_study(
    study: Study,
    *,
    formats: list[str] | None = None,
    tables: list[str] | None = None,
    templates: Path | None = None,
    options: Options | None = None,
    words: TurnWords | None = None,
) -> RenderResult:
    """Every requested table in every requested format, in memory. Raises RenderError."""
    job, omitted = prepare(
        study,
        tables=tables,
        templates=templates,
        options=options,
        extracts="xlsx" in (formats or ()),
        words=words,
    )
    result = RenderResult(omitted=omitted)
    if job is None:
        return result
    sink = InMemory()
    names, result.warnings = write_formats(job, sink, formats)
    result.files = {n: sink.files[n] for n in names}
    return result
