"""Fixtures for the render tests: the hand-built small study, copied so tests may change it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ipatool.analysis import Context, Options, make_context
from ipatool.loader import load_study

SMALL = Path(__file__).parent / "data" / "small"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A writable copy of tests/render/data/small."""
    dest = tmp_path / "small"
    shutil.copytree(SMALL, dest)
    return dest


@pytest.fixture
def context_of() -> Callable[..., Context]:
    """Load a study folder (optionally with another count_codings rule) into a Context."""

    def make(root: Path, rule: str | None = None, codes: bool = False) -> Context:
        if rule is not None:
            cfg = root / "ipatool.yaml"
            cfg.write_text(cfg.read_text().replace("count_codings: any", f"count_codings: {rule}"))
        study, _diags = load_study(root)
        return make_context(study, Options(codes=codes))

    return make
