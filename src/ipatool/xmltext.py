"""Text that XML can carry: removing the characters XML 1.0 forbids (control characters,
lone surrogates, U+FFFE/U+FFFF) from strings and from whole models, counting what went."""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

T = TypeVar("T")


def xml_clean(text: str) -> tuple[str, int]:
    """``text`` without the characters XML 1.0 forbids, and how many were removed."""
    cleaned, n = XML_FORBIDDEN.subn("", text)
    return cleaned, n


class Scrubber:
    """Cleans every string inside values and pydantic models; ``removed`` counts characters."""

    def __init__(self) -> None:
        self.removed = 0

    def __call__(self, value: T) -> T:
        return self._scrub(value)  # type: ignore[no-any-return]

    def _scrub(self, value: Any) -> Any:
        if isinstance(value, Enum):
            return value
        if isinstance(value, str):
            cleaned, n = xml_clean(value)
            if not n:
                return value
            self.removed += n
            return cleaned
        if isinstance(value, BaseModel):
            update = {}
            for name in type(value).model_fields:
                old = getattr(value, name)
                new = self._scrub(old)
                if new is not old:
                    update[name] = new
            extra = value.__pydantic_extra__
            if extra:
                for name, old in extra.items():
                    new = self._scrub(old)
                    if new is not old:
                        update[name] = new
            return value.model_copy(update=update) if update else value
        if isinstance(value, list):
            items = [self._scrub(v) for v in value]
            return value if all(a is b for a, b in zip(items, value, strict=True)) else items
        if isinstance(value, tuple):
            items = [self._scrub(v) for v in value]
            return value if all(a is b for a, b in zip(items, value, strict=True)) else tuple(items)
        if isinstance(value, dict):
            pairs = {self._scrub(k): self._scrub(v) for k, v in value.items()}
            return pairs
        return value
