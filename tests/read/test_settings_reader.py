"""``read_settings``: the study's ipatool.yaml read as ``load_study`` reads it."""

from __future__ import annotations

import shutil
from pathlib import Path

from ipatool.files import CONFIG
from ipatool.read.loader import load_study, read_settings


def test_settings_read_alone_are_those_the_study_loads(example_study: Path) -> None:
    config, diags = read_settings(example_study)
    study, _ = load_study(example_study, digests=False)
    assert config is not None and config == study.config
    assert diags == []


def test_broken_settings_give_their_findings(tmp_path: Path, example_study: Path) -> None:
    root = tmp_path / "study"
    shutil.copytree(example_study, root)
    (root / CONFIG).write_text("title: [unclosed\n", encoding="utf-8")
    config, diags = read_settings(root)
    assert config is None
    assert diags and all(d.file == CONFIG for d in diags)


def test_missing_settings_are_a_finding(tmp_path: Path) -> None:
    config, diags = read_settings(tmp_path)
    assert config is None
    assert [d.code for d in diags] == ["IPA010"]
