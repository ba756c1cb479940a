"""How long text is laid out as a block scalar: which text a folded or literal block can carry
exactly, and where folded text is folded. Pure functions of strings (no YAML library), shared
by the ruamel writer (:mod:`ipatool.write.yamlout`) and the fast canonical emitter
(:mod:`ipatool.write.canon`)."""

from __future__ import annotations


def _printable_line(line: str) -> bool:
    return line.isprintable()  # every character printable (True for an empty line)


def foldable(value: str) -> bool:
    """Whether ``value`` survives a folded (``>-``) block scalar unchanged.

    Folding joins lines with one space and keeps blank lines as line breaks; it cannot carry
    lines that start or end with spaces, control characters, or leading/trailing line breaks.
    """
    if not value or value != value.strip():
        return False
    for line in value.split("\n"):
        if line != line.strip(" ") or not _printable_line(line):
            return False
    return True


def literal_safe(value: str) -> bool:
    """Whether ``value`` survives a literal (``|-``) block scalar unchanged, with no line of
    it ending in whitespace (a literal block would write that whitespace at a line's end)."""
    if not value or value != value.strip() or "\n" not in value:
        return False
    return all(_printable_line(line) and line == line.rstrip() for line in value.split("\n"))


def fold_positions(value: str, room: int) -> list[int]:
    """Where to fold ``value`` so its lines fit in ``room`` columns (indices of single spaces).

    Only a single space between two non-space characters can be folded; a word longer than
    ``room`` gets a line of its own.
    """
    out: list[int] = []
    line_start = 0
    for line in value.split("\n"):
        end = line_start + len(line)
        candidates = [
            i
            for i in range(line_start + 1, end - 1)
            if value[i] == " " and not value[i - 1].isspace() and not value[i + 1].isspace()
        ]
        start, last = line_start, -1
        for pos in [*candidates, end]:
            if pos - start <= room:
                last = pos if pos != end else last
                continue
            if last >= 0:
                out.append(last)
                start, last = last + 1, -1
                if pos - start <= room:
                    last = pos if pos != end else last
                    continue
            if pos != end:
                out.append(pos)
                start = pos + 1
        line_start = end + 1
    return out


def fits(value: str, folds: list[int], room: int) -> bool:
    cuts = sorted({p for p in folds if 0 < p < len(value) and value[p] == " "})
    if "\n" in value:
        cuts += [i for i, ch in enumerate(value) if ch == "\n"]
    start = 0
    for cut in sorted(cuts):
        if cut - start > room:
            return False
        start = cut + 1
    return len(value) - start <= room
