"""Shared fixtures: the repository root, the bundled example, and ../shared (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "mbt-therapists"
SHARED = REPO.parent / "shared"


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
