"""``ipatool fmt``: rewrite study files in the canonical layout without changing what they say.

The canonical layout is the key order of docs/format.md, 2-space indentation with list dashes
indented under their key, long or multi-line text as folded block scalars, and one turn per list
item. Every comment is kept: when keys move, the comment lines between them move with the key
they precede. A file is only rewritten when the study reader (:mod:`ipatool.read.yamlio`) loads the
same data from the new text as from the old; otherwise it is left alone and reported.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from ipatool.diagnostics import TOP, Diagnostic, Severity, make
from ipatool.files import atomic_write
from ipatool.read.cache import DigestCache
from ipatool.read.loader import settings_document
from ipatool.read.yamlio import YamlDocument, decode, parse_text
from ipatool.write.canon import canonical_text
from ipatool.write.layout import BLOCK_LISTS, CHILDREN, ORDERS, file_kind
from ipatool.write.memory import SMALL_FILES, memory_key, tidy_paths
from ipatool.write.renumber import renumber_data, renumber_nodes, same_meaning_renumbered
from ipatool.write.yamlout import (
    CommentedMap,
    CommentedSeq,
    FoldedScalarString,
    LiteralScalarString,
    YAMLError,
    apply_block_styles,
    dump,
    load,
    same_meaning,
)


class Outcome(StrEnum):
    """What ``fmt`` did (or would do) to one file."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    FAILED = "failed"


@dataclass
class FileResult:
    """The formatting of one file: its old and new text, or why it could not be formatted."""

    file: str
    outcome: Outcome
    before: str = ""
    after: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def diff(self) -> str:
        """A unified diff from the old text to the new one ('' when unchanged)."""
        if self.outcome is not Outcome.CHANGED:
            return ""
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile=f"a/{self.file}",
            tofile=f"b/{self.file}",
        )
        return "".join(lines)


# --------------------------------------------------------------------------- comments


def _post_token(node: Any, key: Any) -> CommentToken | None:
    entry = node.ca.items.get(key)
    if not entry:
        return None
    slot = 2 if isinstance(node, CommentedMap) else 0
    token = entry[slot] if len(entry) > slot else None
    return token if isinstance(token, CommentToken) else None


def _set_post(node: Any, key: Any, value: str) -> None:
    """Set the comment text following ``node[key]`` (``''`` removes it)."""
    slot = 2 if isinstance(node, CommentedMap) else 0
    token = _post_token(node, key)
    if token is not None:
        if value:
            token.value = value
        else:
            node.ca.items[key][slot] = None
        return
    if not value:
        return
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    entry[slot] = CommentToken(value, CommentMark(0), None)


def _split(value: str, *, after_block: bool = False) -> tuple[str, str]:
    """A post comment as (end-of-line comment, full lines after it).

    After a block scalar the value has already ended its line: everything is full lines.
    """
    if after_block:
        return "", value
    if value.startswith("#"):
        cut = value.find("\n")
        if cut < 0:
            return value + "\n", ""
        return value[: cut + 1], value[cut + 1 :]
    if value.startswith("\n"):
        return "", value[1:]
    return "", value


def _join(eol: str, lead: str, *, after_block: bool = False) -> str:
    if after_block or not lead:
        return eol + lead
    return (eol or "\n") + lead


def _is_block_container(value: Any) -> bool:
    return (
        isinstance(value, CommentedMap | CommentedSeq)
        and len(value) > 0
        and not value.fa.flow_style()
    )


def _last_slot(node: Any, key: Any) -> tuple[Any, Any]:
    """Where the comments after ``node[key]``'s value live: its deepest last entry."""
    value = node[key]
    while _is_block_container(value):
        node = value
        key = list(value.keys())[-1] if isinstance(value, CommentedMap) else len(value) - 1
        value = node[key]
    return node, key


def _ends_in_block(node: Any, key: Any) -> bool:
    return isinstance(node[key], FoldedScalarString | LiteralScalarString)


def _take_lead(node: Any, key: Any) -> str:
    """Remove and return the full comment lines that follow ``node[key]``'s value."""
    where, k = _last_slot(node, key)
    token = _post_token(where, k)
    if token is None:
        return ""
    block = _ends_in_block(where, k)
    eol, lead = _split(token.value, after_block=block)
    if lead:
        _set_post(where, k, eol)
    return lead


def _add_lead(node: Any, key: Any, lead: str) -> None:
    """Put full comment lines after ``node[key]``'s value."""
    if not lead:
        return
    where, k = _last_slot(node, key)
    token = _post_token(where, k)
    block = _ends_in_block(where, k)
    eol, old = _split(token.value, after_block=block) if token is not None else ("", "")
    _set_post(where, k, _join(eol, old + lead, after_block=block))


def _add_head_comment(node: CommentedMap, lines: str) -> None:
    """Add full comment lines at the very top of a file."""
    token = CommentToken(lines, CommentMark(0), None)
    if node.ca.comment is None:
        node.ca.comment = [None, [token]]
    elif node.ca.comment[1] is None:
        node.ca.comment[1] = [token]
    else:
        node.ca.comment[1].append(token)


def _reorder(node: CommentedMap, order: Sequence[str], *, top: bool = False) -> None:
    """Put ``node``'s keys in ``order`` (unknown keys after, as they were); comments follow."""
    keys = list(node.keys())
    rank = {k: i for i, k in enumerate(order)}
    wanted = sorted(keys, key=lambda k: (rank.get(k, len(order)), keys.index(k)))
    if wanted == keys:
        return
    # The comment lines after a key's value introduce the next key: they travel with it.
    before: dict[Any, str] = {}
    trailer = ""
    for i, key in enumerate(keys):
        lead = _take_lead(node, key)
        if i + 1 < len(keys):
            before[keys[i + 1]] = lead
        else:
            trailer = lead
    for key in wanted:
        node.move_to_end(key)
    first_lead = before.get(wanted[0], "")
    if first_lead and top:
        _add_head_comment(node, first_lead)
        first_lead = ""
    for i, key in enumerate(wanted):
        lead = before.get(wanted[i + 1], "") if i + 1 < len(wanted) else trailer
        if i == 0:
            lead = first_lead + lead  # nothing can precede a nested first key: keep it just after
        _add_lead(node, key, lead)


# --------------------------------------------------------------------------- layout


def canonicalize(data: Any, kind: str, field_order: Sequence[str] = ()) -> None:
    """Reorder keys and fix list styles of one file's data, in place."""
    if not isinstance(data, CommentedMap):
        return
    _canon_map(data, kind, field_order, top=True)


def _canon_map(
    node: CommentedMap, kind: str, field_order: Sequence[str], *, top: bool = False
) -> None:
    order = ORDERS.get(kind, ())
    if kind == "participant":
        order = ("id", *field_order)
    _reorder(node, order, top=top)
    for key, child_kind in CHILDREN.get(kind, {}).items():
        value = node.get(key)
        if isinstance(value, CommentedSeq):
            if (kind, key) in BLOCK_LISTS:
                value.fa.set_block_style()
            for item in value:
                if isinstance(item, CommentedMap):
                    if (kind, key) in BLOCK_LISTS:
                        item.fa.set_block_style()
                    _canon_map(item, child_kind, field_order)
        elif isinstance(value, CommentedMap):
            _canon_map(value, child_kind, field_order)
    if kind in {"config", "participants_file", "themes_file", "pets_file", "transcript"}:
        node.fa.set_block_style()


def declared_fields(root: Path) -> list[str]:
    """The demographic field names of a study, in declared order ([] when unreadable)."""
    doc = settings_document(root)
    data = doc.data if doc is not None else None
    fields = data.get("fields") if isinstance(data, dict) else None
    if not isinstance(fields, list):
        return []
    return [f["name"] for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)]


def format_text(
    text: str,
    kind: str | None,
    file: str,
    field_order: Sequence[str] = (),
    *,
    fast: bool = True,
    renumber: bool = False,
) -> FileResult:
    """Format one file's text; the result says whether it changed or why it cannot be done.

    The text is first emitted from the fast reader's node tree (:mod:`ipatool.write.canon`):
    a file equal to it is already tidy, and a file without comments is written as it (when it
    means the same). ruamel's round trip is for the rest, as ``fast=False`` forces.
    ``renumber`` numbers a transcript's turns 1..n in file order (:mod:`ipatool.write.renumber`)."""
    doc = parse_text(text, file)
    if not doc.ok or any(d.severity is Severity.ERROR for d in doc.diagnostics):
        return FileResult(file, Outcome.FAILED, text, text, list(doc.diagnostics))
    renumber = renumber and kind == "transcript"
    if fast:
        if renumber:
            renumber_nodes(doc.root)
        emitted = canonical_text(doc.root, text, kind, field_order)
        if emitted is not None:
            new, extras = emitted
            if new == text:
                return FileResult(file, Outcome.UNCHANGED, text, text)
            if not extras and _same(text, new, renumber=renumber, old=doc):
                return FileResult(file, Outcome.CHANGED, text, new)
    return _format_ruamel(text, kind, file, field_order, renumber=renumber)


def _same(before: str, after: str, *, renumber: bool, old: YamlDocument | None = None) -> bool:
    """Whether ``after`` means what ``before`` does (its turns renumbered, with ``renumber``);
    ``old`` is ``before`` already parsed."""
    if renumber:
        return same_meaning_renumbered(before, after, old)
    if old is None:
        return same_meaning(before, after)
    new = parse_text(after, "after")
    return new.ok and len(new.diagnostics) <= len(old.diagnostics) and bool(old.data == new.data)


def _format_ruamel(
    text: str, kind: str | None, file: str, field_order: Sequence[str], *, renumber: bool
) -> FileResult:
    """Format one file's text (already read without error) through ruamel's round trip."""
    try:
        data = load(text)
    except (YAMLError, ValueError) as exc:  # pragma: no cover - yamlio refuses such files first
        first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        return FileResult(file, Outcome.FAILED, text, text, [make("IPA001", file, TOP, first)])
    if kind is not None:
        canonicalize(data, kind, field_order)
    if renumber:
        renumber_data(data)
    apply_block_styles(data)
    new = dump(data)
    if not _same(text, new, renumber=renumber):
        message = "ipatool fmt cannot rewrite this file without changing its meaning; left as is"
        return FileResult(file, Outcome.FAILED, text, text, [make("IPA001", file, TOP, message)])
    outcome = Outcome.UNCHANGED if new == text else Outcome.CHANGED
    return FileResult(file, outcome, text, new)


def study_files(root: Path) -> list[Path]:
    """The files of a study that fmt formats, in a stable order."""
    return [path for path, _rel in tidy_paths(root)]


def format_file(
    path: Path,
    rel: str,
    field_order: Sequence[str] = (),
    *,
    fast: bool = True,
    renumber: bool = False,
) -> FileResult:
    """Format one file on disk (without writing it)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        diag = make("IPA011", rel, TOP, f"cannot read the file: {reason}")
        return FileResult(rel, Outcome.FAILED, diagnostics=[diag])
    text, diags = decode(raw, rel)
    if text is None:
        return FileResult(rel, Outcome.FAILED, diagnostics=diags)
    result = format_text(text, file_kind(rel), rel, field_order, fast=fast, renumber=renumber)
    if result.outcome is Outcome.UNCHANGED and raw != text.encode("utf-8"):
        result.outcome = Outcome.CHANGED  # a BOM or CRLF line endings go
        result.before = raw.decode("utf-8", errors="replace")
    return result


PARALLEL_MIN_FILES = 16
PARALLEL_MIN_BYTES = 8 * 1024 * 1024
"""Below these, starting worker processes costs more than it saves (as for ``validate``)."""


def format_study(
    root: Path,
    *,
    write: bool,
    fast: bool = True,
    use_cache: bool = False,
    jobs: int = 1,
    keep_text: bool = True,
    renumber: bool = False,
) -> list[FileResult]:
    """Format every study file under ``root``; with ``write``, rewrite those that change.

    ``use_cache`` skips files whose content ``fmt`` found tidy before (and remembers the ones
    it finds or makes tidy); ``jobs`` > 1 formats a large study in that many processes;
    ``keep_text=False`` leaves out each result's old and new text (``--check`` needs neither).
    ``fast=False`` formats through ruamel alone (what the tests compare with); ``renumber``
    numbers every transcript's turns 1..n (files remembered tidy are looked at again)."""
    fields = declared_fields(root)
    files = tidy_paths(root)
    cache = DigestCache(root) if use_cache else None
    known = cache.tidy() if cache is not None else {}
    results: list[FileResult | None] = [None] * len(files)
    todo: list[int] = []
    for i, (path, rel) in enumerate(files):
        if cache is not None:
            key = memory_key(cache, root, path, rel)
            if key is not None and known.get(rel) == key and not renumber:
                results[i] = FileResult(rel, Outcome.UNCHANGED)
                continue
        todo.append(i)
    args = [
        (files[i][0], files[i][1], tuple(fields), fast, keep_text, write, renumber) for i in todo
    ]
    size = sum(_size(files[i][0]) for i in todo)
    workers = min(jobs, len(todo))
    outcomes: list[Outcome] = []
    if workers > 1 and len(todo) >= PARALLEL_MIN_FILES and size >= PARALLEL_MIN_BYTES:
        from concurrent.futures import ProcessPoolExecutor  # here: slow to import, rarely used

        with ProcessPoolExecutor(max_workers=workers) as pool:
            for i, result in zip(todo, pool.map(_format_in_worker, args, chunksize=4), strict=True):
                outcomes.append(_finish(files[i][0], result, write=write, keep_text=keep_text))
                results[i] = result
    else:
        for i, one in zip(todo, args, strict=True):
            result = _format_in_worker(one)
            outcomes.append(_finish(files[i][0], result, write=write, keep_text=keep_text))
            results[i] = result
    if cache is not None:  # after every write: the participants' key covers the settings file
        for i, outcome in zip(todo, outcomes, strict=True):
            path, rel = files[i]
            tidy = outcome is Outcome.UNCHANGED or (write and outcome is Outcome.CHANGED)
            cache.set_tidy(rel, memory_key(cache, root, path, rel) if tidy else None)
        cache.save_tidy({rel for _path, rel in files})
        if cache.dirty:
            cache.save({rel for _path, rel in files if rel not in SMALL_FILES})
    return [r for r in results if r is not None]


def _finish(path: Path, result: FileResult, *, write: bool, keep_text: bool) -> Outcome:
    """Write one formatted file (with ``write``) and let go of its text unless kept: a large
    study is never held in memory whole."""
    if write and result.outcome is Outcome.CHANGED:
        atomic_write(path, result.after)
    if not keep_text:
        result.before = result.after = ""
    return result.outcome


def _format_in_worker(
    args: tuple[Path, str, tuple[str, ...], bool, bool, bool, bool],
) -> FileResult:
    path, rel, fields, fast, keep_text, write, renumber = args
    result = format_file(path, rel, fields, fast=fast, renumber=renumber)
    if not keep_text and not (write and result.outcome is Outcome.CHANGED):
        result.before = result.after = ""  # not sent back from a worker process
    return result


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
