"""Column geometry of a Word table: widths sized from the content, portrait or landscape, headers
turned on their side, and a table too wide for a landscape page cut into parts.

A column is never narrower than its widest word (measured in Times New Roman,
:mod:`ipatool.render.textwidth`) nor a number column narrower than its widest number; the width
left over is shared by how much text each column holds, none taking more than it needs to show
its longest line unwrapped (:func:`share`). A table whose columns do
not fit the portrait text width at their narrowest is set on a landscape page; if it does not fit
there either, the headers of narrow number and mark columns are turned to read upwards, and if
it is still too wide, its columns are cut into parts that fit, each repeating the first column.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, repeat
from operator import attrgetter, eq, itemgetter, mul
from typing import NamedTuple

from ipatool.analysis.grid import ColumnGroup, Grid, Row
from ipatool.render.textwidth import BOLD, UNKNOWN, WIDTHS, em_width, widest

TWIPS = 20
"""Twips in a point."""
PORTRAIT = 6.5 * 72 * TWIPS
"""The text width of a portrait Letter page with 1-inch margins, in twips."""
LANDSCAPE = 9.0 * 72 * TWIPS
INDENT = 240
"""The indent of a nested first cell (a subtheme under its theme), in twips per level."""
MARGINS = 108
"""Word's default left and right cell margin, in twips."""
NARROW_MARGINS = 57
"""The cell margin of a table of more than :data:`MANY` columns."""
MANY = 10
SLACK = 1.03
"""Room for the difference between these widths and the renderer's (kerning, another font)."""
MAX_MIN = 3.0 * 72 * TWIPS
"""The most a column's narrowest width may be: a word longer than this (a web address) breaks."""
EXACT = 2_000_000
"""A column of more characters than this is measured from its longest word's length, with every
character as wide as :data:`~ipatool.render.textwidth.UNKNOWN` (never narrower than drawn),
instead of word by word: a column of a large quote bank is tens of megabytes of text."""
FLOOR = 12
"""The fewest characters a word of such a column is taken to have."""


@dataclass(frozen=True, slots=True)
class Layout:
    """How to draw one table (or one part of a table cut into parts)."""

    grid: Grid
    widths: tuple[int, ...]
    """Each column's width in twips."""
    size: int
    """The type size in points."""
    landscape: bool
    rotated: tuple[bool, ...]
    """Whether each column's header reads upwards."""
    margins: int
    """Each cell's left and right margin in twips."""
    part: int = 0
    """Which part of a table cut into parts (0: the first, or the whole table)."""
    header_height: int = 0
    """The least height of the header row in twips: its longest header turned upwards (0: as
    high as its text)."""
    listed: tuple[bool, ...] = ()
    """Whether each column is a list, whose wrapped lines hang (see
    :func:`ipatool.render.docx_table.lists`; empty: not worked out, the table writer works it
    out from the grid)."""


@dataclass(frozen=True, slots=True)
class _Measure:
    least: float
    """The narrowest the column may be, in twips."""
    most: float
    """The width that shows its longest line unwrapped, in twips."""
    turned: float
    """Its narrowest width with the header turned upwards (``least`` if it should not turn)."""
    ample: float = 0.0
    """The width that shows its header on one line too."""
    content: float = 0.0
    """How much text it holds (all its cells on one line, in thousandths of an em)."""
    listed: bool = False
    """Whether it is a text column with a cell of several lines (a list)."""


def type_size(grid: Grid) -> int:
    """The type size of a table: 12 points, 10 above four columns, 9 above ten."""
    n = len(grid.columns)
    return 9 if n > MANY else 10 if n > 4 else 12


def layouts(grid: Grid) -> list[Layout]:
    """The table's layout: one, or one per part when it is too wide for a landscape page."""
    size = type_size(grid)
    margins = NARROW_MARGINS if len(grid.columns) > MANY else MARGINS
    measures = measure_columns(grid, size, margins)
    least = [m.least for m in measures]
    if sum(least) <= PORTRAIT:
        return [_layout(grid, measures, size, False, margins)]
    if sum(least) <= LANDSCAPE:
        return [_layout(grid, measures, size, True, margins)]
    turned = [
        _Measure(m.turned, max(m.turned, m.most), m.turned, m.most, m.content, m.listed)
        for m in measures
    ]
    rotated = tuple(m.turned < m.least for m in measures)
    parts = column_parts(grid, [m.least for m in turned], LANDSCAPE)
    out = []
    for n, cols in enumerate(parts):
        sub = sub_grid(grid, cols)
        out.append(
            _layout(
                sub,
                [turned[c] for c in cols],
                size,
                True,
                margins,
                tuple(rotated[c] for c in cols),
                n,
            )
        )
    return out


def _layout(
    grid: Grid,
    measures: list[_Measure],
    size: int,
    landscape: bool,
    margins: int,
    rotated: tuple[bool, ...] | None = None,
    part: int = 0,
) -> Layout:
    available = LANDSCAPE if landscape else PORTRAIT
    widths = share(
        [m.least for m in measures],
        [m.most for m in measures],
        [m.content for m in measures],
        [c.align == "left" for c in grid.columns],
        available,
        [m.ample for m in measures],
    )
    turned = rotated if rotated is not None else (False,) * len(grid.columns)
    high = max(
        (em_width(c.label) for c, up in zip(grid.columns, turned, strict=True) if up), default=0
    )
    height = int(high * size * TWIPS / 1000 * SLACK) + 2 * NARROW_MARGINS if high else 0
    listed = tuple(m.listed for m in measures)
    return Layout(grid, widths, size, landscape, turned, margins, part, height, listed)


def share(
    least: list[float],
    most: list[float],
    weight: list[float],
    text: list[bool],
    available: float,
    ample: list[float] | None = None,
) -> tuple[int, ...]:
    """Column widths in whole twips filling ``available``: each column its ``least``, then the
    rest shared by ``weight`` (how much text each holds) among the columns still short of their
    ``most`` (a column that reaches its ``most`` takes no more, and the others share again);
    when every column has its ``most`` with room to spare, each grows the same fraction towards
    its ``ample`` width (its header on one line), and what is still spare goes to the text
    columns in proportion to their ``most``; when even the ``least`` do not fit, they are scaled
    down."""
    floor = sum(least)
    if floor >= available:
        scale = available / floor if floor else 1.0
        return tuple(int(w * scale) for w in least)
    widths = list(least)
    rest = available - floor
    short = [i for i in range(len(widths)) if most[i] > least[i]]
    while short and rest > 0:
        total = sum(weight[i] for i in short)
        shares = {i: rest * (weight[i] / total if total else 1 / len(short)) for i in short}
        full = [i for i in short if widths[i] + shares[i] >= most[i]]
        if not full:
            for i in short:
                widths[i] += shares[i]
            rest = 0.0
            break
        for i in full:  # these reach their most: the others share what is left
            rest -= most[i] - widths[i]
            widths[i] = most[i]
        short = [i for i in short if i not in full]
    if rest > 0:
        roomy = [max(w, a) for w, a in zip(widths, ample or widths, strict=True)]
        need = sum(roomy) - sum(widths)
        fraction = min(1.0, rest / need) if need else 0.0
        widths = [w + (r - w) * fraction for w, r in zip(widths, roomy, strict=True)]
        rest -= need * fraction
        total = sum(hi for hi, t in zip(most, text, strict=True) if t) or 1.0
        if rest > 0:
            widths = [
                w + (rest * hi / total if t else 0.0)
                for w, hi, t in zip(widths, most, text, strict=True)
            ]
    return tuple(int(w) for w in widths)


_KIND = attrgetter("kind")
_INDENT = attrgetter("indent")
_CELLS = attrgetter("cells")


def measure_columns(grid: Grid, size: int, margins: int) -> list[_Measure]:
    """Each column's narrowest and unwrapped widths (with the cell margins), in twips, and
    whether it is a list."""
    body = [r for r in grid.rows if r.kind != "group"]
    kinds = list(map(_KIND, body))
    strong = list(compress(body, map(eq, kinds, repeat("strong")))) if "strong" in kinds else []
    indent = max(map(_INDENT, body), default=0) * INDENT
    rows = list(map(_CELLS, body))
    shortest = min(map(len, rows), default=0)  # the columns every body row has
    per_em = size * TWIPS / 1000  # twips per thousandth of an em
    pad = 2 * margins
    out: list[_Measure] = []
    for i, col in enumerate(grid.columns):
        if i < shortest:
            cells = list(map(itemgetter(i), rows))
        else:
            cells = [r[i] for r in rows if i < len(r)]
        word, line, content, breaks = _sizes(cells)
        if i == 0 and strong:
            bold_word, bold_line, _bold, _breaks = _sizes([r.cells[0] for r in strong])
            word, line = max(word, bold_word * BOLD), max(line, bold_line * BOLD)
        head_word = max(map(em_width, col.label.split()), default=0)
        head_line = em_width(col.label)
        extra = pad + (indent if i == 0 else 0)
        # a number or a mark never wraps: its widest line; text, its widest word
        least = max(word if col.align == "left" else line, head_word)
        most = max(line, least)  # a header wraps at its words rather than widen its column
        # turned upwards, a header is as wide as its line is high
        upright = least
        turned = max(line, 1200) if col.align != "left" and head_word > line else upright
        out.append(
            _Measure(
                min(least * per_em * SLACK + extra, MAX_MIN),
                most * per_em * SLACK + extra,
                min(turned * per_em * SLACK + extra, MAX_MIN),
                max(most, head_line) * per_em * SLACK + extra,
                content,
                col.align == "left" and breaks,
            )
        )
    return _fit_groups(grid, out, per_em, pad)


def _fit_groups(grid: Grid, measures: list[_Measure], per_em: float, pad: int) -> list[_Measure]:
    """The measures widened where a column group's heading has a word wider than its columns:
    the difference shared equally by the group's columns."""
    out = list(measures)
    start = 0
    for g in grid.column_groups:
        cols = range(start, min(start + g.span, len(out)))
        start += g.span
        if not cols:
            continue
        need = max(map(em_width, g.label.split()), default=0) * per_em * SLACK + pad
        for attr in ("least", "turned"):
            have = sum(getattr(out[c], attr) for c in cols)
            if have < need:
                more = (need - have) / len(cols)
                for c in cols:
                    m = out[c]
                    least = m.least + more if attr == "least" else m.least
                    turned = m.turned + more if attr == "turned" else m.turned
                    out[c] = _Measure(
                        least, max(m.most, least), turned, max(m.ample, least), m.content, m.listed
                    )
    return out


class _Sizes(NamedTuple):
    word: float
    """The widest word of the cells, in thousandths of an em."""
    line: float
    """The widest line."""
    content: float
    """All their text on one line (the cells joined by newlines)."""
    breaks: bool
    """Whether a cell holds a line break."""


def _sizes(cells: Sequence[str]) -> _Sizes:
    """How wide the cells' text is: each distinct cell measured once (a column of a large study
    repeats a few hundred participants and sources a hundred thousand times), or estimated from
    lengths when there is more than :data:`EXACT` of it."""
    length = sum(map(len, cells)) + len(cells) - 1  # of the cells joined by newlines
    if length > EXACT:
        return _estimated_sizes(cells, length)
    counts = Counter(cells)
    text = "\n".join(counts)
    content = sum(map(mul, map(em_width, counts), counts.values()))
    content += WIDTHS["\n"] * max(len(cells) - 1, 0)  # the newlines joining them
    breaks = text.count("\n") >= len(counts) > 0
    return _Sizes(widest(set(text.split())), widest(set(text.split("\n"))), content, breaks)


def _estimated_sizes(cells: Sequence[str], length: int) -> _Sizes:
    """The sizes of a large column from lengths: every character of its longest word as wide
    as :data:`~ipatool.render.textwidth.UNKNOWN` (at least :data:`FLOOR` of them), of its
    lines and its text as wide as half an em, :data:`WIDTH_BLOCK` cells at a time."""
    longest = 0
    words = FLOOR
    breaks = False
    for k in range(0, len(cells), WIDTH_BLOCK):
        block = cells[k : k + WIDTH_BLOCK]
        text = "\n".join(block)
        # the cells are its lines, unless a cell holds a newline besides those joining them
        broken = text.count("\n") >= len(block)
        line = max(map(len, text.split("\n") if broken else block), default=0)
        # a block whose lines are no longer than the floor has no longer word
        words = max(words, _longest_word(text, FLOOR, line))
        longest = max(longest, line)
        breaks = breaks or broken
    return _Sizes(words * UNKNOWN, longest * 500, length * 500, breaks)


def column_parts(grid: Grid, least: list[float], available: float) -> list[list[int]]:
    """The columns cut into parts that fit ``available`` at their narrowest, each part the first
    column and then whole column groups where they fit (a group wider than a page is cut)."""
    n = len(grid.columns)
    blocks: list[list[int]] = []
    start = 0
    for g in grid.column_groups:
        blocks.append(list(range(start, min(start + g.span, n))))
        start += g.span
    blocks += [[c] for c in range(start, n)]
    columns = [c for c in chain.from_iterable(blocks) if c != 0]
    room = available - least[0]
    parts: list[list[int]] = [[0]]
    used = 0.0
    for block in blocks:
        block = [c for c in block if c != 0]
        width = sum(least[c] for c in block)
        if used + width > room and len(parts[-1]) > 1 and width <= room:
            parts.append([0])
            used = 0.0
        for c in block:
            if used + least[c] > room and len(parts[-1]) > 1:
                parts.append([0])
                used = 0.0
            parts[-1].append(c)
            used += least[c]
    assert sorted(chain.from_iterable(p[1:] for p in parts)) == sorted(columns)
    return parts


_SPAN = attrgetter("span")


def sub_grid(grid: Grid, cols: list[int]) -> Grid:
    """The grid with only these columns (group headings kept whole, column groups cut to fit)."""
    # where each column group ends: a column's group is the first ending after it
    ends = list(accumulate(map(_SPAN, grid.column_groups)))

    def group_of(c: int) -> str | None:
        g = bisect_right(ends, c)
        return grid.column_groups[g].label if g < len(ends) else None

    groups: list[ColumnGroup] = []
    if grid.column_groups:
        for c in cols:
            label = group_of(c) or ""
            if groups and groups[-1].label == label and c - 1 in cols and group_of(c - 1) == label:
                groups[-1] = ColumnGroup(label, groups[-1].span + 1)
            else:
                groups.append(ColumnGroup(label, 1))
    last = max(cols, default=-1)
    rows = tuple(
        r
        if r.kind == "group"
        else Row(
            tuple(map(r.cells.__getitem__, cols))
            if last < len(r.cells)
            else tuple(r.cells[c] for c in cols if c < len(r.cells)),
            r.kind,
            r.indent,
        )
        for r in grid.rows
    )
    return Grid(
        grid.name,
        grid.title,
        tuple(grid.columns[c] for c in cols),
        rows,
        grid.notes,
        tuple(groups),
        grid.wide,
    )


_WORD_BYTES = bytes(32 if chr(b).isspace() else 120 for b in range(128)) + b"x" * 128
"""A ``bytes.translate`` table for UTF-8 text: a space for each ASCII character ``str.split``
cuts at (tab, newline, ``\\x0b`` to ``\\r``, ``\\x1c`` to ``\\x1f``, space), an ``x`` for every
other byte. So a word's bytes are a run of ``x`` at least as long as the word (a non-ASCII
character is bytes above 0x7f, all ``x``, whitespace or not): a run may hold more than one
word, never part of one."""


WIDTH_BLOCK = 4096
"""How many cells of a large column are measured at a time."""


def _longest_word(text: str, floor: int, longest_line: int) -> int:
    """The length of the longest word of ``text`` (as ``str.split`` cuts it) when it is above
    ``floor``, else ``floor`` (no word is longer than its line: words are only looked for when
    lines are longer). Splitting all the text of a large column takes a tenth of a second;
    looking for runs of more than ``floor`` non-space bytes is a C search, and only the runs
    found (almost never any) are split."""
    if longest_line <= floor:
        return floor
    raw = text.encode("utf-8", "surrogatepass")
    mask = raw.translate(_WORD_BYTES)
    run = b"x" * (floor + 1)
    longest = floor
    # the leftmost run found starts after a space or at a start: its run of x goes on to the
    # next space; bytes below 0x80 are whole characters, so it is whole words of the text
    start = mask.find(run)
    while start >= 0:
        end = mask.find(b" ", start)
        if end < 0:
            end = len(mask)
        words = raw[start:end].decode("utf-8", "surrogatepass").split()
        longest = max(longest, max(map(len, words), default=0))
        start = mask.find(run, end)
    return longest
