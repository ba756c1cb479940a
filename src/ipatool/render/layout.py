"""Layout helpers the templates call: LaTeX column specs and the heat map's geometry."""

from __future__ import annotations

from dataclasses import dataclass

from ipatool.analysis.model import Grid
from ipatool.analysis.themes import RecurrenceTable
from ipatool.render.escape import Raw

CELL = 28
ROW = 22
CHAR = 6.4
MAX_LABEL = 70


def tex_colspec(grid: Grid) -> Raw:
    """A longtable column spec: text columns share the width, numbers ``r``, marks ``c``."""
    n_text = sum(1 for c in grid.columns if c.align == "left")
    share = 0.92 - 0.05 * (len(grid.columns) - n_text)
    width = max(share, 0.3) / max(n_text, 1)
    parts = []
    for c in grid.columns:
        if c.align == "left":
            parts.append(rf">{{\raggedright\arraybackslash}}p{{{width:.3f}\linewidth}}")
        else:
            parts.append("r" if c.align == "right" else "c")
    return Raw("@{}" + "".join(parts) + "@{}")


@dataclass(frozen=True, slots=True)
class HeatCell:
    x: int
    y: int
    count: int
    opacity: str
    title: str


@dataclass(frozen=True, slots=True)
class HeatLabel:
    x: int
    y: int
    text: str
    full: str
    strong: bool


@dataclass(frozen=True, slots=True)
class HeatMap:
    width: int
    height: int
    cell: int
    row: int
    left: int
    top: int
    rows: tuple[HeatLabel, ...]
    columns: tuple[HeatLabel, ...]
    cells: tuple[HeatCell, ...]
    max: int


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def heatmap(table: RecurrenceTable) -> HeatMap:
    """Where each label and cell of the theme-by-participant heat map goes (counts = quotes)."""
    longest = max(
        (len(_short(r.label)) + (0 if r.level == "theme" else 2) for r in table.rows), default=10
    )
    left = int(longest * CHAR) + 16
    top = int(max((len(c.participant) for c in table.columns), default=4) * CHAR) + 24
    peak = max((q for r in table.rows for q in r.quotes), default=0)
    rows, cells = [], []
    for i, r in enumerate(table.rows):
        y = top + i * ROW
        indent = 0 if r.level == "theme" else 12
        rows.append(
            HeatLabel(8 + indent, y + ROW // 2, _short(r.label), r.label, r.level == "theme")
        )
        for j, (col, q) in enumerate(zip(table.columns, r.quotes, strict=True)):
            opacity = f"{0.15 + 0.85 * q / peak:.2f}" if q and peak else "0"
            what = "quote" if q == 1 else "quotes"
            cells.append(
                HeatCell(
                    left + j * CELL, y, q, opacity, f"{col.participant}, {r.label}: {q} {what}"
                )
            )
    columns = tuple(
        HeatLabel(
            left + j * CELL + CELL // 2,
            top - 8,
            c.participant,
            f"{c.participant} ({c.source_label})",
            False,
        )
        for j, c in enumerate(table.columns)
    )
    width = left + len(table.columns) * CELL + 16
    height = top + len(table.rows) * ROW + 16
    return HeatMap(width, height, CELL, ROW, left, top, tuple(rows), columns, tuple(cells), peak)
