"""Analysis: pure functions from a loaded Study to table data (no I/O, no formatting)."""

from __future__ import annotations

from ipatool.analysis.grid import Context, Grid, Omitted, Options, TableData, make_context
from ipatool.analysis.registry import TABLES, TableSpec, build_tables

__all__ = [
    "TABLES",
    "Context",
    "Grid",
    "Omitted",
    "Options",
    "TableData",
    "TableSpec",
    "build_tables",
    "make_context",
]
