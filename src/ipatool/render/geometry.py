"""Layout helpers the templates call: LaTeX column specs and the heat map's geometry."""

from __future__ import annotations

from dataclasses import dataclass

from ipatool.analysis.grid import Grid
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


FILL = (0x1F, 0x4E, 0x79)
"""The heat map's darkest shade (on white, at full opacity)."""


@dataclass(frozen=True, slots=True)
class HeatCell:
    x: int
    y: int
    count: int
    opacity: str
    title: str
    ink: str
    """The colour of its count: black or white, whichever stands out more from the shade."""


@dataclass(frozen=True, slots=True)
class HeatLabel:
    x: int
    y: int
    text: str
    full: str
    strong: bool


@dataclass(frozen=True, slots=True)
class HeatMap:
    """The heat map's geometry, labels and cells (``cells`` are made on each use; the built-in
    template draws them with ``heatmap_cells(hm)`` instead, which is much faster)."""

    width: int
    height: int
    cell: int
    row: int
    left: int
    top: int
    rows: tuple[HeatLabel, ...]
    columns: tuple[HeatLabel, ...]
    max: int
    table: RecurrenceTable

    @property
    def cells(self) -> tuple[HeatCell, ...]:
        """Every cell, row by row: where it goes, its count of quotes, shade and title."""
        out = []
        for i, r in enumerate(self.table.rows):
            y = self.top + i * self.row
            for j, (col, q) in enumerate(zip(self.table.columns, r.quotes, strict=True)):
                x = self.left + j * self.cell
                title = cell_title(col.participant, r.label, q)
                shade = opacity(q, self.max)
                out.append(HeatCell(x, y, q, shade, title, ink(shade)))
        return tuple(out)


def opacity(count: int, peak: int) -> str:
    """A cell's fill opacity: 0 when empty, else from 0.15 up to 1 at the largest count."""
    return f"{0.15 + 0.85 * count / peak:.2f}" if count and peak else "0"


def _linear(channel: float) -> float:
    """An sRGB channel (0 to 1) as linear light (WCAG 2's relative luminance)."""
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[float, float, float]) -> float:
    """The relative luminance (WCAG 2) of a colour given as 0-255 channels."""
    r, g, b = (_linear(c / 255) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: float, b: float) -> float:
    """The WCAG contrast ratio of two relative luminances (1 to 21)."""
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def shade_rgb(opacity: str) -> tuple[float, float, float]:
    """The colour a cell shows: :data:`FILL` at this opacity over white."""
    alpha = float(opacity)
    return tuple(255 - (255 - c) * alpha for c in FILL)  # type: ignore[return-value]


def ink(opacity: str) -> str:
    """The count's colour on a cell of this opacity: ``#000`` or ``#fff``, whichever contrasts
    more with the shade. One of the two always reaches the 4.5:1 WCAG asks of text (the worst
    case, a shade of luminance 0.18, is 4.58:1 with either)."""
    shade = luminance(shade_rgb(opacity))
    return "#000" if contrast(shade, 0.0) >= contrast(shade, 1.0) else "#fff"


def cell_title(participant: str, label: str, count: int) -> str:
    """A cell's title (its tooltip and accessible name): ``P1, Theme: 2 quotes``."""
    return f"{participant}, {label}: {count} {'quote' if count == 1 else 'quotes'}"


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
    rows = []
    for i, r in enumerate(table.rows):
        y = top + i * ROW
        indent = 0 if r.level == "theme" else 12
        rows.append(
            HeatLabel(8 + indent, y + ROW // 2, _short(r.label), r.label, r.level == "theme")
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
    return HeatMap(width, height, CELL, ROW, left, top, tuple(rows), columns, peak, table)
