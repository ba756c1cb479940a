"""What the REFI-QDA exporter and importer share: namespaces, deterministic GUIDs, ids from names."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ipatool.errors import UserError

if TYPE_CHECKING:
    from lxml.etree import _Element

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_SCHEMA = (
    "urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
)
CODEBOOK_SCHEMA = (
    "urn:QDA-XML:codebook:1.0 http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"
)
XSI = "http://www.w3.org/2001/XMLSchema-instance"

GUID_NAMESPACE = uuid.UUID("6f0c1d52-3b0e-5a8e-9c57-1a2b3c4d5e6f")
"""Fixed namespace of ipatool's uuid5 GUIDs: the same study path always gives the same GUID."""

ZIP_DATE = (2000, 1, 1, 0, 0, 0)
"""The date stamped on every zip entry, so the same study exports byte-identical files."""

SPLIT_LINES = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Characters that end a line (``str.splitlines``); turned into spaces inside a turn on export."""

_ID_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_FIELD_OK = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class ExchangeError(UserError):
    """A file that cannot be exported or imported (exit 2), with a plain message."""


def guid(path: str) -> str:
    """The deterministic GUID of an object, from a stable path such as ``code/<id>``."""
    return str(uuid.uuid5(GUID_NAMESPACE, path)).upper()


def norm_guid(value: str | None) -> str:
    """A GUID in one comparable form: braces dropped, lower case."""
    return (value or "").strip().strip("{}").lower()


def local(tag: object) -> str:
    """The local name of an lxml tag (namespace dropped); '' for comments and the like."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def make_id(name: str, taken: set[str], *, fallback: str = "item") -> str:
    """A study id for ``name``: kept when already valid, otherwise a slug; unique among ``taken``."""
    base = name.strip()
    if not _ID_OK.match(base):
        ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
        base = re.sub(r"[^A-Za-z0-9._]+", "-", ascii_name).strip("-._").lower()
    if not base:
        base = fallback
    candidate, k = base, 2
    while candidate in taken:
        candidate, k = f"{base}-{k}", k + 1
    taken.add(candidate)
    return candidate


def make_field_name(name: str, taken: set[str]) -> str:
    """A demographic field name (letters, digits, ``_``, starting with a letter) for ``name``."""
    base = name.strip()
    if not _FIELD_OK.match(base):
        ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
        base = re.sub(r"[^A-Za-z0-9]+", "_", ascii_name).strip("_").lower()
        if not base or not base[0].isalpha():
            base = "v_" + base if base else "variable"
    candidate, k = base, 2
    while candidate in taken:
        candidate, k = f"{base}_{k}", k + 1
    taken.add(candidate)
    return candidate


def one_line(text: str) -> str:
    """``text`` with every line break replaced by a space (same length, so offsets hold)."""
    return text.translate({ord(c): " " for c in SPLIT_LINES})


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order, without repeats."""
    return list(dict.fromkeys(items))


def kids(el: _Element, name: str) -> list[_Element]:
    """The child elements of ``el`` with local name ``name``."""
    return [c for c in el if local(c.tag) == name]


def kid(el: _Element, name: str) -> _Element | None:
    """The first child element of ``el`` with local name ``name``, or None."""
    for c in el:
        if local(c.tag) == name:
            return c
    return None


def element_text(el: _Element | None) -> str | None:
    """The stripped text of ``el``; None when there is no element or no text."""
    if el is None or el.text is None:
        return None
    value = el.text.strip()
    return value or None


def count_descendants(el: _Element, name: str) -> int:
    """How many elements below (and including) ``el`` have local name ``name``."""
    return sum(1 for c in el.iter() if local(c.tag) == name)
