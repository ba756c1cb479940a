"""REFI-QDA codebook import: a ``.qdc`` becomes the study's ``themes.yaml``, or is merged into it.

Codes, descriptions and nesting map as in a project import (:class:`CodeMapper`). ATLAS.ti
writes groups into code names (``Parent::child``): those become nesting. A study without
``themes.yaml`` gets a new one; an existing one is merged by :mod:`ipatool.exchange.themes_merge`
(new items appended, clashes reported, nothing there changed, comments kept). The file is written
atomically, and only when every check passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipatool.exchange.archive import parse_xml
from ipatool.exchange.codetree import CodeMapper, CodeNode, code_node, dump_yaml
from ipatool.exchange.common import ExchangeError, kid, kids, local
from ipatool.exchange.report import ImportReport
from ipatool.exchange.themes_merge import merge_into_file, new_themes_text
from ipatool.files import CONFIG, THEMES, atomic_write

if TYPE_CHECKING:
    from lxml.etree import _Element

ATLAS_SEPARATOR = "::"
"""ATLAS.ti's separator of a code group and a code in one code name."""


def read_codebook_xml(path: Path) -> _Element:
    """The ``<CodeBook>`` root of ``path``; a clear :class:`ExchangeError` for any other file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ExchangeError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise ExchangeError(f"{path}: is a folder; give a .qdc file") from exc
    except OSError as exc:
        raise ExchangeError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    if raw.startswith(b"PK\x03\x04"):
        raise ExchangeError(
            f"{path}: a zip archive (a .qdpx project?), not a codebook; "
            "import a project with `ipatool import qdpx`"
        )
    root = parse_xml(raw, str(path))
    if local(root.tag) != "CodeBook":
        where = f":{root.sourceline}" if root.sourceline else ""
        hint = (
            "; a project is imported with `ipatool import qdpx`"
            if local(root.tag) == "Project"
            else ""
        )
        raise ExchangeError(
            f"{path}{where}: not a REFI-QDA codebook (root element <{local(root.tag)}>, "
            f"expected <CodeBook>){hint}"
        )
    return root


def nest_by_separator(nodes: list[CodeNode], sep: str = ATLAS_SEPARATOR) -> list[CodeNode]:
    """``Parent::child`` names made nesting: ``child`` under a group ``Parent`` (a code of that
    name when there is one among the siblings). Applies at every level; other names unchanged."""
    out: list[CodeNode] = []
    by_name: dict[str, CodeNode] = {}
    for node in nodes:
        parts = [p.strip() for p in node.name.split(sep)] if sep in node.name else [node.name]
        parts = [p for p in parts if p] or [node.name]
        siblings, index = out, by_name
        for depth, part in enumerate(parts[:-1]):
            group = index.get(part)
            if group is None:
                path = sep.join(parts[: depth + 1])
                group = CodeNode(f"group:{path}", part, False, None, [])
                siblings.append(group)
                index[part] = group
            siblings = group.children
            index = {c.name: c for c in group.children}
        leaf = CodeNode(node.guid, parts[-1], node.codable, node.description, node.children)
        existing = index.get(leaf.name)
        if existing is not None and existing.guid.startswith("group:"):
            existing.guid, existing.codable = leaf.guid, leaf.codable
            existing.description = leaf.description
            existing.children.extend(leaf.children)
        else:
            siblings.append(leaf)
            index[leaf.name] = leaf
    for node in out:
        node.children = nest_by_separator(node.children, sep)
    return out


@dataclass
class Codebook:
    """A codebook read: its themes (plain data, ``themes.yaml`` shape) and the report."""

    themes: list[dict[str, Any]]
    report: ImportReport
    nested: int = 0
    """Codes whose ``Parent::child`` names became nesting."""


def read_codebook_themes(path: Path) -> Codebook:
    """The themes a ``.qdc`` codebook becomes (no file written)."""
    root = read_codebook_xml(path)
    report = ImportReport(origin=(root.get("origin") or "").strip())
    codes = kid(root, "Codes")
    top = [code_node(c) for c in kids(codes, "Code")] if codes is not None else []
    nested = sum(
        1
        for el in root.iter()
        if local(el.tag) == "Code" and ATLAS_SEPARATOR in (el.get("name") or "")
    )
    themes = CodeMapper(report).to_themes(nest_by_separator(top), set())
    sets = kid(root, "Sets")
    if sets is not None:
        report.lost("sets", len(list(sets)))
    report.made = {
        "themes": len(themes),
        "subthemes": sum(len(t["subthemes"]) for t in themes),
        "codes": sum(len(s["codes"]) for t in themes for s in t["subthemes"]),
    }
    return Codebook(themes, report, nested)


def read_codebook(path: Path) -> tuple[dict[str, str], ImportReport]:
    """A REFI-QDA codebook (``.qdc``) as a ``themes.yaml`` text (same mapping as a project's codes)."""
    book = read_codebook_themes(path)
    header = f"Imported from {path.name} by ipatool"
    return {THEMES: dump_yaml({"themes": book.themes}, header)}, book.report


def import_codebook(path: Path, study: Path) -> ImportReport:
    """Import the codebook ``path`` into the study folder ``study``: a new ``themes.yaml``, or
    merged into the existing one. Nothing is written when anything fails."""

    if not (study / CONFIG).is_file():
        raise ExchangeError(f"{study}: not a study folder (no ipatool.yaml); run `ipatool init`")
    book = read_codebook_themes(path)
    report = book.report
    if book.nested:
        report.messages.append(
            f"{book.nested} code name(s) with '{ATLAS_SEPARATOR}' became nesting (ATLAS.ti groups)"
        )
    target = study / THEMES
    if not target.exists():
        text = new_themes_text(book.themes, f"Imported from {path.name} by ipatool")
        atomic_write(target, text)
        report.messages.append(f"wrote a new {target}")
        return report
    merged = merge_into_file(target, book.themes)
    report.made = merged.added
    report.clashes = merged.clashes
    report.messages.extend(merged.notes)
    if merged.text is None:
        report.messages.append(f"{target}: nothing new to add; left unchanged")
    else:
        atomic_write(target, merged.text)
        report.messages.append(f"merged into {target}")
    return report
