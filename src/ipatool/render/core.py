"""Render orchestration: build the tables once, run each format's writer, return files in memory.

Nothing is written here: the command writes the returned files only after every format has
rendered, so a template error leaves the output folder untouched. On a large study the formats
are written by two processes at once (forked, so the tables are shared, not copied or pickled).
"""

from __future__ import annotations

import multiprocessing
import sys
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
    jobs: int = 1,
) -> RenderResult:
    """Every requested table in every requested format, in memory. Raises RenderError.

    ``jobs`` above 1 lets a large study's formats be written by two processes."""
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
    wanted = [f for f in FORMATS if f in (formats or FORMATS)]
    rows = sum(len(t.grid.rows) for t in rendered)
    if jobs > 1 and len(wanted) > 1 and rows >= PARALLEL_MIN_ROWS and _can_fork():
        written = _write_in_two(job, wanted)
    else:
        written = _write(job, wanted)
    result = RenderResult(omitted=omitted)
    for fmt in wanted:  # files and warnings in format order, however they were written
        files, warnings = written[fmt]
        result.files.update(files)
        result.warnings += warnings
    return result


PARALLEL_MIN_ROWS = 20_000
"""Below this many table rows in all, a second process costs more than it saves."""
COST = {"docx": 19, "json": 15, "html": 7, "csv": 5, "md": 4, "tex": 3}
"""Relative cost of each writer (tenths of a second on the 1,000-transcript benchmark), to
share the formats fairly between two processes. The child takes the costliest first: with
these, Word, CSV and LaTeX, whose output is small to send back; JSON, HTML and Markdown, the
largest output, are written where they are needed."""

Written = dict[str, tuple[dict[str, bytes], list[str]]]
"""Per format: its files, and the warnings its writer gave."""


def _write(job: Job, wanted: list[str]) -> Written:
    out: Written = {}
    for fmt in wanted:
        before = len(job.warnings)
        files = FORMATS[fmt](job)
        out[fmt] = (files, job.warnings[before:])
    return out


def _can_fork() -> bool:
    """Forking shares the built tables at no cost; only Linux forks safely and cheaply."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


_FORKED_JOB: Job | None = None
"""The job a forked writer process inherits (set just before the fork)."""


def _write_forked(wanted: list[str]) -> Written:
    assert _FORKED_JOB is not None
    return _write(_FORKED_JOB, wanted)


def _write_in_two(job: Job, wanted: list[str]) -> Written:
    """The formats shared between this process and one forked child."""
    from concurrent.futures import ProcessPoolExecutor

    global _FORKED_JOB
    mine: list[str] = []
    theirs: list[str] = []
    for fmt in sorted(wanted, key=lambda f: -COST.get(f, 1)):
        load_theirs = sum(COST.get(f, 1) for f in theirs)
        (theirs if load_theirs <= sum(COST.get(f, 1) for f in mine) else mine).append(fmt)
    _FORKED_JOB = job
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            child = pool.submit(_write_forked, theirs)
            written = _write(job, mine)
            written.update(child.result())
    finally:
        _FORKED_JOB = None
    return written
