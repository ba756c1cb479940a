"""Render orchestration: build the tables once, then run each format's writer into a sink.

:func:`prepare` builds the tables and lays them out; nothing of the study itself is kept, so a
caller that lets the study go has the memory back for writing. :func:`write_formats` runs the
writers into a :class:`~ipatool.render.sink.Sink`: the command stages them on disk and moves
them into place only when every format has rendered, so a template error leaves the output folder
untouched. On a large study the formats are written by two processes at once (forked, so the
tables are shared, not copied or pickled). :func:`render_study` does both, in memory.
"""

from __future__ import annotations

import multiprocessing
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ipatool.analysis import Omitted, Options, build_tables, make_context
from ipatool.analysis.registry import TABLES
from ipatool.render.formats import FORMATS, Job, RenderedTable
from ipatool.render.sink import InMemory, Sink
from ipatool.render.templates import search_path
from ipatool.study import Study


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
) -> tuple[Job | None, list[Omitted]]:
    """The writers' job: every requested table built and laid out (``None`` when every table
    was left out), and the tables left out. The job holds no reference to the study."""
    ctx = make_context(study, options)
    data, omitted = build_tables(ctx, tables)
    if not data:
        return None, omitted
    assert ctx.config is not None
    title, method = ctx.config.title, ctx.config.method.value
    del ctx  # the tables hold what they need; the rest of the context can go before layout
    rendered: list[RenderedTable] = []
    number = 0
    for d in data:
        grid = d.grid()
        if TABLES[d.name].numbered:
            number += 1
            rendered.append(RenderedTable(d.name, number, f"Table {number}", grid.title, d, grid))
        else:
            rendered.append(RenderedTable(d.name, 0, "", grid.title, d, grid))
    job = Job(
        title,
        method,
        rendered,
        search_path(Path(study.root), templates),
        omitted={o.name: o.reason for o in omitted},
    )
    return job, omitted


def write_formats(
    job: Job, sink: Sink, formats: list[str] | None = None, *, jobs: int = 1
) -> tuple[list[str], list[str]]:
    """Write the job in every requested format (default: all) into ``sink``; the names of the
    files written and the writers' warnings, both in format order. Raises RenderError.

    ``jobs`` above 1 lets a large study's formats be written by two processes."""
    wanted = [f for f in FORMATS if f in (formats or FORMATS)]
    rows = sum(len(t.grid.rows) for t in job.tables)
    if jobs > 1 and len(wanted) > 1 and rows >= PARALLEL_MIN_ROWS and _can_fork():
        written = _write_in_two(job, sink, wanted)
    else:
        written = _write(job, sink, wanted)
    names: list[str] = []
    warnings: list[str] = []
    for fmt in wanted:  # files and warnings in format order, however they were written
        names += written[fmt][0]
        warnings += written[fmt][1]
    return names, warnings


def render_study(
    study: Study,
    *,
    formats: list[str] | None = None,
    tables: list[str] | None = None,
    templates: Path | None = None,
    options: Options | None = None,
    jobs: int = 1,
) -> RenderResult:
    """Every requested table in every requested format, in memory. Raises RenderError."""
    job, omitted = prepare(study, tables=tables, templates=templates, options=options)
    result = RenderResult(omitted=omitted)
    if job is None:
        return result
    sink = InMemory()
    names, result.warnings = write_formats(job, sink, formats, jobs=jobs)
    result.files = {n: sink.files[n] for n in names}
    return result


PARALLEL_MIN_ROWS = 20_000
"""Below this many table rows in all, a second process costs more than it saves."""
COST = {"docx": 19, "json": 15, "html": 7, "csv": 5, "md": 4, "tex": 3}
"""Relative cost of each writer (tenths of a second on the 1,000-transcript benchmark), to
share the formats fairly between two processes. The child takes the costliest first (with
these: Word, CSV and LaTeX); both write their files straight into the sink's staging folder, and
only with an in-memory sink are the child's files sent back."""

Written = dict[str, tuple[list[str], list[str]]]
"""Per format: the names of its files, and the warnings its writer gave."""


def _write(job: Job, sink: Sink, wanted: list[str]) -> Written:
    out: Written = {}
    for fmt in wanted:
        before = len(job.warnings)
        names = FORMATS[fmt](job, sink)
        out[fmt] = (names, job.warnings[before:])
    return out


def _can_fork() -> bool:
    """Forking shares the built tables at no cost; only Linux forks safely and cheaply."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


_FORKED: tuple[Job, Sink] | None = None
"""The job and sink a forked writer process inherits (set just before the fork)."""


def _write_forked(wanted: list[str]) -> tuple[Written, dict[str, bytes] | None]:
    assert _FORKED is not None
    job, sink = _FORKED
    written = _write(job, sink, wanted)
    return written, sink.handover([n for names, _w in written.values() for n in names])


def _write_in_two(job: Job, sink: Sink, wanted: list[str]) -> Written:
    """The formats shared between this process and one forked child."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _FORKED
    mine: list[str] = []
    theirs: list[str] = []
    for fmt in sorted(wanted, key=lambda f: -COST.get(f, 1)):
        load_theirs = sum(COST.get(f, 1) for f in theirs)
        (theirs if load_theirs <= sum(COST.get(f, 1) for f in mine) else mine).append(fmt)
    _FORKED = (job, sink)
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            child = pool.submit(_write_forked, theirs)
            written = _write(job, sink, mine)
            try:
                theirs_written, handed = child.result()
            except BrokenProcessPool:  # the child was killed (out of memory, a signal)
                theirs_written, handed = _write(job, sink, theirs), None  # its files anew
            sink.take(handed)
            written.update(theirs_written)
    finally:
        _FORKED = None
    return written
