"""REFI-QDA code trees and how they become a study's themes > subthemes > codes.

Shared by the project import (``.qdpx``) and the codebook import (``.qdc``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from ipatool.exchange.common import element_text, kid, kids, make_id, norm_guid
from ipatool.exchange.report import ImportReport

if TYPE_CHECKING:
    from lxml.etree import _Element


@dataclass
class CodeNode:
    """One REFI ``Code`` and its children (GUID normalised)."""

    guid: str
    name: str
    codable: bool
    description: str | None
    children: list[CodeNode]


def code_node(el: _Element) -> CodeNode:
    """The code tree below a ``<Code>`` element."""
    return CodeNode(
        norm_guid(el.get("guid")),
        (el.get("name") or "").strip(),
        (el.get("isCodable") or "true").strip().lower() in ("true", "1"),
        element_text(kid(el, "Description")),
        [code_node(c) for c in kids(el, "Code")],
    )


class CodeMapper:
    """Turns a REFI code tree into themes > subthemes > codes, remembering each code's id."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.theme_ids: set[str] = set()
        self.code_ids: dict[str, str] = {}  # normalised guid -> code id

    def to_themes(self, top: list[CodeNode], used: set[str]) -> list[dict[str, Any]]:
        """Themes for the top-level codes ``top``; codes in ``used`` (GUIDs) were applied."""
        themes: list[dict[str, Any]] = []
        flat: list[dict[str, Any]] = []
        for node in top:
            if not node.children:
                flat.append(self._code(node))
                continue
            theme = self._group(node)
            subs: list[dict[str, Any]] = []
            direct: list[dict[str, Any]] = []
            if node.guid in used:
                direct.append(self._code(node))
            for child in node.children:
                if not child.children:
                    direct.append(self._code(child))
                    continue
                sub = self._group(child)
                codes = [self._code(child)] if child.guid in used else []
                for d in descendants(child):
                    if d.children:
                        self.report.lost("code levels below subthemes (codes kept, flattened)")
                    if not d.children or d.guid in used or d.codable:
                        codes.append(self._code(d))
                sub["codes"] = codes
                subs.append(sub)
            if direct:
                label = f"{theme['label']}: other codes"
                subs.insert(
                    0,
                    {
                        "id": make_id(f"{theme['id']}-codes", self.theme_ids),
                        "label": label,
                        "codes": direct,
                    },
                )
            theme["subthemes"] = subs
            themes.append(theme)
        if flat:
            themes.append(
                {
                    "id": make_id("imported", self.theme_ids),
                    "label": "Imported codes",
                    "subthemes": [
                        {
                            "id": make_id("imported-codes", self.theme_ids),
                            "label": "Imported codes",
                            "codes": flat,
                        }
                    ],
                }
            )
        return themes

    def _group(self, node: CodeNode) -> dict[str, Any]:
        gid = make_id(node.name, self.theme_ids, fallback="theme")
        out: dict[str, Any] = {"id": gid, "label": node.name or gid}
        if node.description:
            out["description"] = node.description
        return out

    def _code(self, node: CodeNode) -> dict[str, Any]:
        cid = make_id(node.name, self.theme_ids, fallback="code")
        self.code_ids[node.guid] = cid
        out: dict[str, Any] = {"id": cid}
        if node.name and node.name != cid:
            out["label"] = node.name
        out.update(parse_description(node.description))
        return out


def descendants(node: CodeNode) -> list[CodeNode]:
    """Every code below ``node``, depth first."""
    out: list[CodeNode] = []
    for child in node.children:
        out.append(child)
        out += descendants(child)
    return out


def parse_description(text: str | None) -> dict[str, str]:
    """A code description as ``definition`` with ``Inclusion:``/``Exclusion:`` lines split out."""
    if not text:
        return {}
    definition: list[str] = []
    out: dict[str, str] = {}
    for line in text.replace("\r\n", "\n").split("\n"):
        low = line.lower()
        if low.startswith("inclusion:") and "inclusion" not in out:
            out["inclusion"] = line.split(":", 1)[1].strip()
        elif low.startswith("exclusion:") and "exclusion" not in out:
            out["exclusion"] = line.split(":", 1)[1].strip()
        else:
            definition.append(line)
    body = "\n".join(definition).strip()
    result = {"definition": body} if body else {}
    result.update({k: v for k, v in out.items() if v})
    return result


def dump_yaml(data: Any, header: str) -> str:
    """``data`` as YAML (keys in order, Unicode kept) under a ``# header`` comment line."""

    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return f"# {header}\n{body}"
