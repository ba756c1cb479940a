"""The REFI-QDA files written by other software in ../shared/realdata import, with honest reports."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ipatool.check.validate import validate_study
from ipatool.exchange.codebook_import import read_codebook
from ipatool.exchange.importer import import_qdpx


@pytest.fixture
def samples(realdata: Path) -> Path:
    folder = realdata / "refi-samples"
    if not folder.is_dir():
        pytest.skip("refi-samples is not present")
    return folder


def test_atlas_ti_standard_test_project(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "atlas"
    report = import_qdpx(samples / "atlasti8-refi-standard-TestProject.qdpx", out)
    result = validate_study(out)
    assert result.errors == []
    assert report.origin.startswith("ATLAS.ti 8.4.0")
    assert report.made["coders"] == 3
    assert report.made["codes"] == 14
    # the archive holds Project.qde and an empty Sources/: every text is referenced, not included
    assert sorted(report.missing_sources) == [
        "1960s Coca Cola commercial - Audio.docx",
        "1960s Coca Cola commercial - Visual.docx",
        "1994 Diet Coke-Diet Coke Break.docx",
        "Mabel.txt",
        "Mabe\u0302l 2ie\u0300me.txt",
        "Simon.docx",
    ]
    lost = report.not_carried
    assert lost["text selections in missing sources"] == 6
    assert lost["PDF sources"] == 2
    assert lost["PDF selections"] == 4
    assert lost["text selections in PDF representations"] == 2
    assert lost["picture selections"] == 1
    assert lost["audio sources"] == 1
    assert lost["video sources"] == 2
    assert lost["video selections"] == 2
    assert lost["media transcripts"] == 3
    assert lost["graphs"] == 1
    assert lost["sets"] == 16
    assert lost["links"] == 1
    assert lost["notes not attached to a text selection"] == 2
    codes = yaml.safe_load((out / "themes.yaml").read_text(encoding="utf-8"))["themes"][0]
    labels = [c.get("label", c["id"]) for c in codes["subthemes"][0]["codes"]]
    assert labels[:2] == ["happiness", "Feelings"]
    assert '"rushed"' in labels


def test_requal_atlas_codebook(samples: Path) -> None:
    files, report = read_codebook(samples / "requal-atlasti23.4-codebook.qdc")
    themes = yaml.safe_load(files["themes.yaml"])["themes"]
    assert themes[0]["subthemes"][0]["codes"] == [{"id": "code1", "definition": "description"}]
    assert report.not_carried == {"sets": 1}


def test_taguette_codebook(samples: Path) -> None:
    files, report = read_codebook(samples / "taguette-expected-codebook.qdc")
    codes = yaml.safe_load(files["themes.yaml"])["themes"][0]["subthemes"][0]["codes"]
    assert codes == [
        {"id": "interesting"},
        {"id": "people"},
        {"id": "interesting-places", "label": "interesting\\places"},
    ]
    assert report.not_carried == {}  # its <Sets/> is empty
