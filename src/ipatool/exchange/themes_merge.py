"""Merging imported themes into an existing ``themes.yaml`` without changing what is there.

Themes and subthemes match by id or by label (case and spacing ignored); codes match by id or
label anywhere in the file, since theme, subtheme and code ids share one namespace. A match with
the same content is "already there"; a match that differs, or sits elsewhere, is a clash: it is
reported and the existing item is kept as it is. Everything else is appended, with ids made
unique. The file is edited through ruamel.yaml, so its comments and layout stay; the result is
checked to load to exactly the intended data before it is returned for writing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ipatool.exchange.common import ExchangeError, make_id
from ipatool.write import yamlout as yamlwrite

CODE_FIELDS = ("label", "definition", "inclusion", "exclusion")
"""The fields of a code compared when the codebook and the study both have it."""


def _key(value: Any) -> str:
    return " ".join(str(value or "").split()).casefold()


@dataclass
class MergeResult:
    """The merged file text (None when there is nothing to add), counts, clashes and notes."""

    text: str | None
    added: dict[str, int] = field(default_factory=dict)
    clashes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Place:
    kind: str
    where: str
    node: Any
    parent: str = ""
    """The id of the subtheme a code is in."""


class _Merger:
    """Appends imported themes to existing ones (ruamel or plain containers, the same way)."""

    def __init__(self, themes: list[Any], file: str, *, ruamel: bool = False) -> None:

        self.themes = themes
        self.file = file
        self.new_map: type[dict[str, Any]] = CommentedMap if ruamel else dict
        self.new_seq: type[list[Any]] = CommentedSeq if ruamel else list
        self.new_nodes: list[tuple[Any, int]] = []
        """Appended items and the column of their keys (for block styles)."""
        self.ids: dict[str, _Place] = {}
        self.code_labels: dict[str, _Place] = {}
        self.added = {"themes": 0, "subthemes": 0, "codes": 0, "codes already there": 0}
        self.clashes: list[str] = []
        self.notes: list[str] = []
        for theme in themes:
            self._remember("theme", f"theme '{theme.get('id')}'", theme)
            for sub in theme.get("subthemes") or []:
                where = f"subtheme '{sub.get('id')}' of theme '{theme.get('id')}'"
                self._remember("subtheme", where, sub)
                for code in sub.get("codes") or []:
                    self._remember("code", where, code, str(sub.get("id")))

    def _remember(self, kind: str, where: str, node: Any, parent: str = "") -> None:
        place = _Place(kind, where, node, parent)
        self.ids.setdefault(str(node.get("id")), place)
        if kind == "code":
            self.code_labels.setdefault(_key(node.get("label") or node.get("id")), place)

    def _fresh_id(self, wanted: str, kind: str) -> str:
        if wanted not in self.ids:
            return wanted
        new = make_id(wanted, set(self.ids))
        other = self.ids[wanted]
        self.notes.append(
            f"{kind} id '{wanted}' is already a {other.kind} in {self.file}; the new {kind} "
            f"is '{new}'"
        )
        return new

    def merge(self, imported: list[dict[str, Any]]) -> None:
        for theme in imported:
            match = self._find_group(self.themes, theme)
            if match is None:
                self._add_theme(theme)
                continue
            for sub in theme.get("subthemes", []):
                found = self._find_group(match.get("subthemes") or [], sub)
                if found is None:
                    self._add_subtheme(match, sub, f"theme '{match.get('id')}'", 8)
                    continue
                where = f"subtheme '{found.get('id')}' of theme '{match.get('id')}'"
                for code in sub.get("codes", []):
                    self._add_code(found, code, str(found.get("id")), where, 12)

    @staticmethod
    def _find_group(groups: list[Any], wanted: dict[str, Any]) -> Any:
        for group in groups:
            if group.get("id") == wanted["id"] or _key(group.get("label")) == _key(
                wanted.get("label")
            ):
                return group
        return None

    def _copy(self, item: dict[str, Any], skip: str, new_id: str) -> dict[str, Any]:
        new = self.new_map()
        for key, value in item.items():
            if key != skip:
                new[key] = new_id if key == "id" else value
        return new

    def _append(self, parent: Any, key: str, item: dict[str, Any], column: int) -> None:
        items = parent.get(key)
        if items is None:
            items = parent[key] = self.new_seq()
        items.append(item)
        self.new_nodes.append((item, column))

    def _add_theme(self, theme: dict[str, Any]) -> None:
        new = self._copy(theme, "subthemes", self._fresh_id(theme["id"], "theme"))
        self._remember("theme", f"theme '{new['id']}'", new)
        for sub in theme.get("subthemes", []):
            self._add_subtheme(new, sub, f"theme '{new['id']}'", None)
        if new.get("subthemes") or not theme.get("subthemes"):
            new.setdefault("subthemes", self.new_seq())
            self.themes.append(new)
            self.new_nodes.append((new, 4))
            self.added["themes"] += 1

    def _add_subtheme(
        self, theme: Any, sub: dict[str, Any], where: str, column: int | None
    ) -> None:
        new = self._copy(sub, "codes", self._fresh_id(sub["id"], "subtheme"))
        here = f"subtheme '{new['id']}' of {where}"
        self._remember("subtheme", here, new)
        for code in sub.get("codes", []):
            self._add_code(new, code, str(new["id"]), here, None)
        if not new.get("codes") and sub.get("codes"):
            self.notes.append(f"{here}: not added, all its codes clash or are there already")
            return
        new.setdefault("codes", self.new_seq())
        if column is None:
            theme.setdefault("subthemes", self.new_seq()).append(new)
        else:
            self._append(theme, "subthemes", new, column)
        self.added["subthemes"] += 1

    def _add_code(
        self, sub: Any, code: dict[str, Any], sub_id: str, where: str, column: int | None
    ) -> None:
        label = code.get("label") or code["id"]
        place = self.code_labels.get(_key(label))
        if place is None and code["id"] in self.ids and self.ids[code["id"]].kind == "code":
            place = self.ids[code["id"]]
        if place is None:
            new = self._copy(code, "", self._fresh_id(code["id"], "code"))
            if column is None:
                sub.setdefault("codes", self.new_seq()).append(new)
            else:
                self._append(sub, "codes", new, column)
            self._remember("code", where, new, sub_id)
            self.added["codes"] += 1
            return
        old = place.node
        differs = [
            f for f in CODE_FIELDS if f in code and _key(old.get(f) or "") != _key(code.get(f))
        ]
        if place.parent != sub_id:
            self.clashes.append(
                f"code '{label}': the codebook puts it in {where}; {self.file} has it as code "
                f"'{old.get('id')}' in {place.where}; kept there"
            )
        elif differs:
            self.clashes.append(
                f"code '{label}' in {place.where}: the codebook's {', '.join(differs)} "
                f"differ(s) from {self.file}'s; kept {self.file}'s"
            )
        else:
            self.added["codes already there"] += 1


def merge_themes(
    existing: list[Any], imported: list[dict[str, Any]], file: str, *, ruamel: bool = False
) -> _Merger:
    """Append ``imported`` to ``existing`` in place; the merger holds counts, clashes, notes."""
    merger = _Merger(existing, file, ruamel=ruamel)
    merger.merge(imported)
    return merger


def merge_into_file(path: Path, imported: list[dict[str, Any]]) -> MergeResult:
    """The text of ``path`` with ``imported`` merged in (None when nothing is new); nothing is
    written here. Raises :class:`ExchangeError` when the file cannot be read or merged safely."""

    try:
        before = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExchangeError(f"{path}: cannot read the file ({exc})") from exc
    try:
        doc = yamlwrite.load(before)
        plain = yaml.safe_load(before)
    except (YAMLError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ExchangeError(
            f"{path}{where}: not valid YAML; fix it first (ipatool validate)"
        ) from exc
    if not isinstance(plain, dict) or not isinstance(plain.get("themes"), list):
        raise ExchangeError(f"{path}: has no `themes:` list; fix it first (ipatool validate)")
    for theme in plain["themes"]:
        if not isinstance(theme, dict) or not all(
            isinstance(s, dict) and isinstance(s.get("codes", []), list)
            for s in theme.get("subthemes") or []
        ):
            raise ExchangeError(f"{path}: a theme is not shaped as in docs/format.md; fix it first")
    expected = copy.deepcopy(plain)
    plan = merge_themes(expected["themes"], imported, path.name)
    edit = merge_themes(doc["themes"], _round_trip(imported), path.name, ruamel=True)
    result = MergeResult(None, plan.added, plan.clashes, plan.notes)
    if not any(plan.added[k] for k in ("themes", "subthemes", "codes")):
        return result
    for node, column in edit.new_nodes:
        yamlwrite.apply_block_styles(node, indent=column)
    text = yamlwrite.dump(doc)
    if yaml.safe_load(text) != expected:
        raise ExchangeError(f"{path}: the merged file would not load as intended; nothing written")
    result.text = text
    return result


def _round_trip(value: Any) -> Any:
    """Plain data as ruamel containers, so appended items dump in the file's layout."""

    if isinstance(value, dict):
        return CommentedMap((k, _round_trip(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(_round_trip(v) for v in value)
    return value


def new_themes_text(themes: list[dict[str, Any]], header: str) -> str:
    """A new ``themes.yaml`` in the canonical layout (as ``ipatool fmt`` writes it)."""

    doc = _round_trip({"themes": themes})
    yamlwrite.apply_block_styles(doc)
    text = f"# {header}\n{yamlwrite.dump(doc)}"
    if yaml.safe_load(text) != {"themes": themes}:
        raise ExchangeError("the new themes.yaml would not load as intended; nothing written")
    return text
