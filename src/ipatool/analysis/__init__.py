"""Analysis: pure functions from a loaded Study to table data (no I/O, no formatting)."""

from __future__ import annotations

from ipatool.analysis.model import Context, Grid, Options, TableData, make_context
from ipatool.analysis.registry import TABLES, TableSpec, build_tables

__all__ = [
    "TABLES",
    "Context",
    "Grid",
    "Options",
    "TableData",
    "TableSpec",
    "build_tables",
    "make_context",
]
