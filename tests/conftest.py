"""Shared fixtures: the repository root, the bundled example, the hand-built small study (tests/data)
and ../shared (skipped when absent)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ipatool.analysis import Context, Options, make_context
from ipatool.read.loader import load_study

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "mbt-therapists"
SHARED = REPO.parent / "shared"
SMALL = REPO / "tests" / "data" / "small"
STARTER = REPO / "tests" / "data" / "starter"


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def example_study() -> Path:
    if not (EXAMPLE / "ipatool.yaml").is_file():
        pytest.skip("the bundled example study is not present")
    return EXAMPLE


@pytest.fixture
def shared() -> Path:
    """The workplace's ../shared folder; tests using it skip cleanly on a fresh clone."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (fresh clone)")
    return SHARED


@pytest.fixture
def realdata(shared: Path) -> Path:
    path = shared / "realdata"
    if not path.is_dir():
        pytest.skip("../shared/realdata is not present")
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A writable copy of tests/data/small, the study the table figures were worked out on."""
    dest = tmp_path / "small"
    shutil.copytree(SMALL, dest)
    return dest


@pytest.fixture
def starter(tmp_path: Path) -> Callable[..., Path]:
    """Makes a copy of tests/data/starter (one coder and interviewer R1, one participant P1, one
    theme, one tiny transcript: what ``ipatool init`` wrote before issue 17) at ``tmp_path/name``."""

    def make(name: str = "study") -> Path:
        dest = tmp_path / name
        shutil.copytree(STARTER, dest)
        return dest

    return make


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
