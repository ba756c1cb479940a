"""No mutated case-first study crashes ipatool: the case-first example's files (statements,
pets.yaml, gets in themes.yaml) edited as a person or a bad merge would, then validated and
its case-first tables drawn (``gets`` and ``pets``, from whatever loaded)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipatool.analysis import Options, build_tables, make_context
from ipatool.check.validate import validate_study
from ipatool.diagnostics import Diagnostic

from .conftest import REPO, fuzz_settings, tried
from .test_fuzz_study import Edit, edits, mutate

CASE_FIRST = REPO / "examples" / "case-first-ipa"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    dest = tmp_path_factory.mktemp("fuzz-cf") / "study"
    shutil.copytree(CASE_FIRST, dest, ignore=shutil.ignore_patterns(".ipatool-cache"))
    yield dest


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml"))


@fuzz_settings(120)
@given(st.data(), edits())
def test_mutated_case_first_study_validates_and_renders(
    root: Path, data: st.DataObject, plan: list[Edit]
) -> None:
    rel = data.draw(st.sampled_from(_files(root)))
    path = root / rel
    original = path.read_bytes()
    try:
        path.write_text(mutate(original.decode("utf-8"), plan), encoding="utf-8")
        result = validate_study(root)
        for d in result.diagnostics:
            assert isinstance(d, Diagnostic) and d.code.startswith("IPA") and d.message
        if result.study.config is not None:
            ctx = make_context(result.study, Options())
            built, _omitted = build_tables(ctx, ["gets", "pets"])
            for table in built:
                table.grid()
                table.to_json()
    finally:
        path.write_bytes(original)
    tried("mutated case-first studies (validate + tables)")
