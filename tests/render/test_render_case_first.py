"""The case-first example renders its GET and PET tables in every format, the same each time."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipatool.cli.app import build_app

CASE_FIRST = Path(__file__).resolve().parents[2] / "examples" / "case-first-ipa"
runner = CliRunner()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cf") / "study"
    shutil.copytree(CASE_FIRST, root, ignore=shutil.ignore_patterns(".ipatool-cache"))
    out = root / "rendered"
    result = runner.invoke(build_app(), ["render", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_case_first_tables_and_no_code_tables(rendered: Path) -> None:
    files = set(_tree(rendered))
    assert {"csv/gets.csv", "csv/pets.csv", "tex/gets.tex", "tex/pets.tex"} <= files
    for table in ("themes", "recurrence", "quality", "quotes", "codebook"):
        assert f"csv/{table}.csv" not in files  # a study without codes has none of these


def test_markdown(rendered: Path) -> None:
    md = (rendered / "tables.md").read_text(encoding="utf-8")
    assert "*Group Experiential Themes and Subthemes with Contributing Participants*" in md
    assert (
        "| **The knee as a stranger** |  |  | Ines, Tomas, Ruth, Dev | 4/4 |" in md
    )  # a GET row, bold, with its participants and n/N
    assert "| Group experiential theme | Subtheme | Personal experiential themes |" in md
    # the PETs printed as the quote bank prints quotes: participant, PET, statement, extract
    pets = md[md.index("*Personal Experiential Themes*") :]
    assert "\n**Ines**\n\n***A leg that was not mine***\n" in pets
    assert "\n***Small runs as proof***\n" in pets
    assert (
        "*Small distances become milestones worth marking*\n\n"
        "“The first time I ran to the end of my road without stopping I actually cried” "
        "(Ines, Interview 1)\n"
    ) in pets


def test_html(rendered: Path) -> None:
    html = (rendered / "tables.html").read_text(encoding="utf-8")
    assert '<section id="gets"' in html and '<section id="pets"' in html
    assert "Ines: A leg that was not mine" in html
    assert "It&#39;s the moment the knee has to take all of me" in html  # escaped for HTML


def test_latex(rendered: Path) -> None:
    tex = (rendered / "tex" / "gets.tex").read_text(encoding="utf-8")
    assert r"\textbf{The knee as a stranger} &  &  & Ines, Tomas, Ruth, Dev & 4/4 \\" in tex
    assert r"Ines: A leg that was not mine\newline{}Tomas: The machine that broke" in tex
    assert r"\begin{landscape}" in tex


def test_csv(rendered: Path) -> None:
    rows = list(csv.reader(io.StringIO((rendered / "csv" / "gets.csv").read_text("utf-8"))))
    assert rows[0] == [
        "Group experiential theme",
        "Subtheme",
        "Personal experiential themes",
        "Participants",
        "n/N",
    ]
    assert rows[1][0] == "The knee as a stranger" and rows[1][-1] == "4/4"
    pets = list(csv.reader(io.StringIO((rendered / "csv" / "pets.csv").read_text("utf-8"))))
    assert pets[0][:3] == ["Personal experiential theme", "Experiential statement", "Extract"]


def test_json(rendered: Path) -> None:
    doc = json.loads((rendered / "tables.json").read_text(encoding="utf-8"))
    gets = doc["tables"]["gets"]["data"]
    assert gets["sample"] == 4
    assert [(g["id"], g["n"]) for g in gets["gets"]] == [
        ("knee-as-stranger", 4),
        ("runner-again", 4),
    ]
    assert gets["gets"][0]["subthemes"][0]["pets"][0] == {
        "id": "ines-not-my-leg",
        "participant": "Ines",
        "label": "A leg that was not mine",
    }
    pets = doc["tables"]["pets"]["data"]["participants"]
    assert pets[3]["participant"] == "Dev"
    assert pets[3]["pets"][2]["statements"][1]["id"] == "dev-06"


def test_docx(rendered: Path) -> None:
    with zipfile.ZipFile(rendered / "tables.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "Group Experiential Themes and Subthemes with Contributing Participants" in body
    assert "Running for different reasons" in body and "Tomas: Running for the company" in body


def test_render_is_deterministic(rendered: Path, tmp_path: Path) -> None:
    root = tmp_path / "again"
    shutil.copytree(CASE_FIRST, root, ignore=shutil.ignore_patterns(".ipatool-cache"))
    out = root / "rendered"
    assert runner.invoke(build_app(), ["render", str(root), "--out", str(out)]).exit_code == 0
    assert _tree(out) == _tree(rendered)


def test_the_heat_map_names_its_rows_by_terminology(small: Path, tmp_path: Path) -> None:
    cfg = small / "ipatool.yaml"
    out = tmp_path / "out"
    assert (
        runner.invoke(
            build_app(), ["render", str(small), "-f", "html", "--out", str(out)]
        ).exit_code
        == 0
    )
    assert "Rows are superordinate themes (bold)" in (out / "tables.html").read_text("utf-8")
    cfg.write_text(
        cfg.read_text("utf-8").replace("reporting:\n", "reporting:\n  terminology: 2022\n", 1),
        "utf-8",
    )
    again = tmp_path / "again"
    assert (
        runner.invoke(
            build_app(), ["render", str(small), "-f", "html", "--out", str(again)]
        ).exit_code
        == 0
    )
    html = (again / "tables.html").read_text("utf-8")
    assert "Rows are group experiential themes (bold)" in html
    assert '<th scope="col" class="left">Group experiential theme</th>' in html
