"""The ``agreement`` table: hand-computed figures in every format, undefined values, omission.

Hand computation for tests/data/small (coders A, B, C on both transcripts; units are the
7 participant turns FG1 2, 3, 4, 6, 7 and I1 2, 4):

- c1 First meeting: A applies it to FG1-2, FG1-3, I1-2; B and C to FG1-2, FG1-3. Percent
  agreement 6/7 = 85.7. Cohen A-B: p_o = 6/7, p_e = 3/7 * 2/7 + 4/7 * 5/7 = 26/49, kappa = 16/23
  = .70 (A-C the same, B-C 1.00). Fleiss: P = 19/21, P_e = 5/9, kappa = 22/28 = .79. Alpha:
  D_o = 2/21, D_e = 196/420, alpha = 1 - 40/196 = .80.
- c3 Staying with: A and B on I1-4, C on FG1-7. Percent 5/7 = 71.4; A-B 1.00; A-C: p_o = 5/7,
  p_e = 37/49, kappa = -2/12 = -.17.
- c4 Small steps: A on FG1-6, I1-2; B on FG1-4, I1-2; C as A. A-B: p_o = 5/7, p_e = 29/49,
  kappa = 6/20 = .30.
- Pooled (28 items): 5 items disagree, 23/28 = 82.1; A-B: p_o = 25/28, p_e = 504/784, kappa = .70.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from ipatool.analysis import Context, Omitted
from ipatool.analysis.agreement.table import AgreementData, build_agreement
from ipatool.cli.app import build_app
from ipatool.read.loader import load_study
from ipatool.render import render_study
from ipatool.render.escape import tex

runner = CliRunner()

HEADER = [
    "Code",
    "Items",
    "n A",
    "n B",
    "n C",
    "% agreement",
    "κ A–B",
    "κ A–C",
    "κ B–C",
    "Fleiss’ κ",
    "α",
    "α 95% CI",
]
BODY = {  # items, applied by A, B, C, then the figures (the interval is checked on its own)
    "First meeting": ["7", "3", "2", "2", "85.7", ".70", ".70", "1.00", ".79", ".80"],
    "Testing": ["7", "1", "1", "1", "100.0", "1.00", "1.00", "1.00", "1.00", "1.00"],
    "Staying with": ["7", "1", "1", "1", "71.4", "1.00", "−.17", "−.17", ".22", ".26"],
    "Small steps": ["7", "2", "2", "2", "71.4", ".30", "1.00", ".30", ".53", ".56"],
    "All items pooled": ["28", "7", "6", "6", "82.1", ".70", ".70", ".58", ".66", ".66"],
}
MEDIAN_ROW = "Median (range) over codes (4)"


def _build(root: Path, context_of: Callable[..., Context]) -> AgreementData:
    out = build_agreement(context_of(root))
    assert isinstance(out, AgreementData)
    return out


def _render(root: Path, fmt: str) -> dict[str, bytes]:
    study, _ = load_study(root)
    return render_study(study, formats=[fmt], tables=["agreement"]).files


def _add_code(root: Path, code_yaml: str) -> None:
    themes = root / "themes.yaml"
    themes.write_text(themes.read_text() + code_yaml)


UNUSED = """          - id: c5
            label: Never used
            definition: Nobody applied it.
"""


def test_grid_has_the_hand_computed_figures(
    small: Path, context_of: Callable[..., Context]
) -> None:
    grid = _build(small, context_of).grid()
    assert [c.label for c in grid.columns] == HEADER
    assert [(r.kind, r.cells[0]) for r in grid.rows if r.kind == "group"] == [
        ("group", "Trust"),
        ("group", "Early trust"),
        ("group", "Staying"),
        ("group", "Change"),
        ("group", "Small steps"),
    ]
    body = {r.cells[0]: list(r.cells[1:-1]) for r in grid.rows if r.kind != "group"}
    median = body.pop(MEDIAN_ROW)
    assert body == BODY
    # % agreement: median of 85.7, 100, 71.4, 71.4; κ A–B: of 16/23, 1, 1, .30
    assert median[4:6] == ["78.6 (71.4–100.0)", ".85 (.30–1.00)"]
    assert [r.kind for r in grid.rows[-2:]] == ["total", "total"]
    for r in grid.rows:
        if r.kind == "body" or r.cells[0] == "All items pooled":
            low, high = r.cells[-1].strip("[]").split(", ")
            assert float(low.replace("−", "-")) <= float(r.cells[-2].replace("−", "-")) + 0.005
            assert float(r.cells[-2].replace("−", "-")) <= float(high) + 0.005
    assert grid.wide  # eight columns: a landscape page in DOCX and LaTeX


def test_md_shows_the_figures(small: Path) -> None:
    text = _render(small, "md")["tables.md"].decode()
    assert "| κ A–B | κ A–C | κ B–C | Fleiss’ κ | α | α 95% CI |" in text
    assert "| First meeting | 7 | 3 | 2 | 2 | 85.7 | .70 | .70 | 1.00 | .79 | .80 | \\[" in text
    assert "| Staying with | 7 | 1 | 1 | 1 | 71.4 | 1.00 | −.17 | −.17 | .22 | .26 | \\[" in text
    assert (
        "| **All items pooled** | **28** | **7** | **6** | **6** | **82.1** | **.70** | **.70** "
        "| **.58** | **.66** | **.66** | **\\[" in text
    )
    assert "0.70" not in text
    assert "Compared: Interview 1 and Focus group 1, 7 participant turns in all" in text
    assert "coded independently by A (Ann), B (Ben) and C (Cat)." in text


def test_csv_shows_the_figures(small: Path) -> None:
    data = _render(small, "csv")["csv/agreement.csv"].decode()
    records = list(csv.reader(io.StringIO(data)))
    assert records[0] == HEADER
    rows = {r[0]: r[1:-1] for r in records[1:] if len(r) > 1}
    rows.pop(MEDIAN_ROW)
    assert rows == BODY
    assert ["Trust"] in records  # group headings in the first cell
    # the minus sign is U+2212, so the cell is not neutralised as a formula
    assert "'−" not in data


def test_json_has_the_agreement_data_with_stable_keys(small: Path) -> None:
    doc = json.loads(_render(small, "json")["tables.json"])
    assert doc["omitted"] == {}
    table = doc["tables"]["agreement"]
    assert table["number"] == 1
    assert table["title"] == "Intercoder Agreement by Code"
    data = table["data"]
    assert list(data) == [
        "name",
        "title",
        "unit",
        "coders",
        "transcripts",
        "units",
        "codes",
        "pooled",
        "summary",
        "never_applied",
        "skipped_transcripts",
        "items_without_by",
        "disagreements",
        "method_note",
        "coder_names",
        "pairs",
        "fleiss_shown",
        "notes",
    ]
    assert data["coders"] == ["A", "B", "C"]
    assert data["transcripts"] == ["FG1", "I1"]
    assert data["units"] == 7
    assert data["pairs"] == [["A", "B"], ["A", "C"], ["B", "C"]]
    assert data["coder_names"] == {"A": "Ann", "B": "Ben", "C": "Cat"}
    c1 = data["codes"][0]
    assert c1["code"] == "c1"
    assert c1["applied"] == {"A": 3, "B": 2, "C": 2}
    assert abs(c1["percent_agreement"]["value"] - 6 / 7) < 1e-12
    assert abs(c1["cohen_kappa"][0]["cohen_kappa"]["value"] - 16 / 23) < 1e-12
    assert abs(c1["fleiss_kappa"]["value"] - 22 / 28) < 1e-12
    c3 = data["codes"][2]
    assert abs(c3["cohen_kappa"][1]["cohen_kappa"]["value"] - (-1 / 6)) < 1e-12
    pooled = data["pooled"]
    assert pooled["pooled"] is True
    assert abs(pooled["percent_agreement"]["value"] - 23 / 28) < 1e-12
    assert abs(pooled["cohen_kappa"][0]["cohen_kappa"]["value"] - 0.7) < 1e-12


def test_a_code_nobody_used_is_undefined_never_one(
    small: Path, context_of: Callable[..., Context]
) -> None:
    _add_code(small, UNUSED)
    data = _build(small, context_of)
    assert not any(r.cells[0] == "Never used" for r in data.grid().rows)  # named once, below
    assert "Not shown: no coder applied this code in the compared transcripts: Never used." in (
        " ".join(data.notes)
    )
    text = _render(small, "md")["tables.md"].decode()
    assert not any(x.startswith("| Never used") for x in text.splitlines())
    doc = json.loads(_render(small, "json")["tables.json"])
    c5 = doc["tables"]["agreement"]["data"]["codes"][-1]
    assert c5["krippendorff_alpha"] == {
        "value": None,
        "undefined": "no coder applied the code (expected agreement 1)",
        "ci95": None,
    }
    assert doc["tables"]["agreement"]["data"]["never_applied"] == ["c5"]


def test_a_pair_that_never_used_a_code_gets_its_reason_in_the_note(
    small: Path, context_of: Callable[..., Context]
) -> None:
    _add_code(small, UNUSED.replace("Never used", "Only Cat"))
    fg1 = small / "transcripts" / "FG1.yaml"
    fg1.write_text(
        fg1.read_text().replace(
            "      - code: c1\n        exemplar: true",
            "      - code: c1\n        exemplar: true\n      - code: c5\n        by: [C]",
        )
    )
    data = _build(small, context_of)
    row = next(r for r in data.grid().rows if r.cells[0] == "Only Cat")
    # A-B: neither applied it (undefined); A-C, B-C: p_o = p_e = 6/7 -> 0; Fleiss -2/40; alpha 0
    assert list(row.cells[1:-1]) == [
        *["7", "0", "0", "1"],
        *["85.7", "undefined", ".00", ".00", "−.05", ".00"],
    ]
    assert (
        "Undefined because neither coder applied the code (expected agreement 1): Only Cat (κ A–B)."
    ) in data.notes


def _single_coder(root: Path, coder: str) -> None:
    for name in ("FG1.yaml", "I1.yaml"):
        path = root / "transcripts" / name
        lines = path.read_text().replace("coded_by: [A, B, C]", f"coded_by: [{coder}]")
        path.write_text(
            "".join(x for x in lines.splitlines(True) if not x.lstrip().startswith("by: ["))
        )


def test_no_double_coding_omits_the_table_with_a_message(small: Path, tmp_path: Path) -> None:
    _single_coder(small, "A")
    study, _ = load_study(small)
    result = render_study(study)
    assert [o.name for o in result.omitted] == ["agreement"]
    assert "csv/agreement.csv" not in result.files
    assert "Intercoder" not in result.files["tables.md"].decode()
    doc = json.loads(result.files["tables.json"])
    assert "agreement" not in doc["tables"]
    assert doc["omitted"]["agreement"].startswith("no transcript is coded by two or more coders")

    out = runner.invoke(build_app(), ["render", str(small), "--out", str(tmp_path / "all")])
    assert out.exit_code == 0
    assert "the agreement table is left out: no transcript is coded by two" in out.stderr
    only = runner.invoke(
        build_app(), ["render", str(small), "-t", "agreement", "--out", str(tmp_path / "one")]
    )
    assert only.exit_code == 2
    assert "nothing to render" in only.stderr
    assert not (tmp_path / "one").exists()


def test_build_agreement_returns_omitted(small: Path, context_of: Callable[..., Context]) -> None:
    _single_coder(small, "B")
    assert isinstance(build_agreement(context_of(small)), Omitted)


def test_agreement_renders_in_every_format_deterministically(small: Path, tmp_path: Path) -> None:
    study, _ = load_study(small)
    first = render_study(study, tables=["agreement"]).files
    second = render_study(load_study(small)[0], tables=["agreement"]).files
    assert first == second
    assert sorted(first) == [
        "csv/agreement.csv",
        "tables.docx",
        "tables.html",
        "tables.json",
        "tables.md",
        "tables.tex",
        "tex/agreement.tex",
    ]
    html = first["tables.html"].decode()
    assert '<th scope="col" class="right">κ A–B</th>' in html
    assert '<td class="right">−.17</td>' in html
    fragment = first["tex/agreement.tex"].decode()
    assert r"$\kappa$ A–B" in fragment
    assert r"$-$.17" in fragment
    with zipfile.ZipFile(io.BytesIO(first["tables.docx"])) as z:
        xml = z.read("word/document.xml").decode()
    assert "Intercoder Agreement by Code" in xml
    assert ">−.17<" in xml


def test_tex_escapes_greek_and_minus() -> None:
    assert tex("κ α − ×") == r"$\kappa$ $\alpha$ $-$ $\times$"


def test_example_study_has_an_agreement_table(example_study: Path) -> None:
    study, _ = load_study(example_study)
    doc = json.loads(
        render_study(study, formats=["json"], tables=["agreement"]).files["tables.json"]
    )
    data = doc["tables"]["agreement"]["data"]
    assert len(data["transcripts"]) == 1  # focus group 3, the only one with three coders
    assert data["coders"] == ["KG", "KW", "AE"]
    assert data["fleiss_shown"] is True
    assert data["pooled"]["items"] == data["units"] * len(data["codes"])
    for code in data["codes"]:
        if not any(code["applied"].values()):
            assert code["krippendorff_alpha"]["value"] is None
            assert all(p["cohen_kappa"]["value"] is None for p in code["cohen_kappa"])


def test_cli_table_names_match_the_registry() -> None:
    from ipatool.analysis import TABLES
    from ipatool.cli.render import TABLE_NAMES

    assert tuple(TABLES) == TABLE_NAMES
    assert TABLE_NAMES[-4:] == ("agreement", "disagreements", "record", "history")
