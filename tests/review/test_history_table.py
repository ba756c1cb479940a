"""``render --table history``: the audit trail read from git by the command line and drawn as
a table (md, html, docx, csv, json); only when named; a clear exit 2 outside a repository."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from ipatool.review.history import study_history
from ipatool.review.historyformat import audit_commits
from review._gitstudy import GitStudy, codes_of
from review.test_cli_diff import run


def _three_commits(gs: GitStudy) -> None:
    """After "first": c2 renamed c2b (in themes.yaml and I1) and c3 moved to S1; then I2
    uncoded and c4 relabelled."""

    def themes(d: dict) -> None:  # type: ignore[type-arg]
        s1, s2 = d["themes"][0]["subthemes"]
        s1["codes"][1]["id"] = "c2b"
        s1["codes"].append(s2["codes"].pop(0))

    gs.edit("themes.yaml", themes)
    gs.edit("transcripts/I1.yaml", lambda d: codes_of(d, 2)[1].update(code="c2b"))
    gs.commit("Testing is c2b; staying is early trust")
    gs.edit("transcripts/I2.yaml", lambda d: codes_of(d, 2).clear())
    gs.edit(
        "themes.yaml", lambda d: d["themes"][1]["subthemes"][0]["codes"][0].update(label="Steps")
    )
    gs.commit("I2 recoded")


def _copy(gs: GitStudy, plain: Path) -> None:
    """The study's files, outside its repository."""
    for path in gs.root.rglob("*.yaml"):
        target = plain / path.relative_to(gs.root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())


def test_the_audit_records_name_each_change_in_a_few_words(gs: GitStudy) -> None:
    _three_commits(gs)
    commits = audit_commits(study_history(gs.root))
    assert [c.message for c in commits] == [
        "first",
        "Testing is c2b; staying is early trust",
        "I2 recoded",
    ]
    assert [c.codebook for c in commits] == [
        ("study created: 2 themes, 3 subthemes, 4 codes",),
        ("code c2 renamed c2b", "code c3 moved from T1/S2 to T1/S1"),
        ("code c4 relabelled “Steps” (was “Small steps”)",),
    ]
    assert [c.codings for c in commits] == [7, 0, 1]
    assert [c.other for c in commits] == [0, 0, 0]  # the first commit's are not counted


def test_render_history_in_md_csv_json_html_and_docx(gs: GitStudy, tmp_path: Path) -> None:
    _three_commits(gs)
    out = tmp_path / "out"
    code, _, err = run("render", str(gs.root), "--table", "history", "-o", str(out))
    assert (code, err) == (0, "")
    ids = gs.git("log", "--reverse", "--format=%h").split()
    md = (out / "tables.md").read_text(encoding="utf-8")
    assert "*Analytic Audit Trail: Changes to the Codebook and the Themes*" in md
    assert "| Date | Author | Commit | Message | Codebook and themes | Codings |" in md
    assert (
        f"| Ann | {ids[1][:7]} | Testing is c2b; staying is early trust | "
        "code c2 renamed c2b; code c3 moved from T1/S2 to T1/S1 | 0 |"
    ) in md
    rows = list(csv.reader(io.StringIO((out / "csv" / "history.csv").read_text("utf-8"))))
    assert rows[0] == ["Date", "Author", "Commit", "Message", "Codebook and themes", "Codings"]
    assert [r[2:] for r in rows[1:4]] == [
        [ids[0][:7], "first", "study created: 2 themes, 3 subthemes, 4 codes", "7"],
        [
            ids[1][:7],
            "Testing is c2b; staying is early trust",
            "code c2 renamed c2b\ncode c3 moved from T1/S2 to T1/S1",
            "0",
        ],
        [ids[2][:7], "I2 recoded", "code c4 relabelled “Steps” (was “Small steps”)", "1"],
    ]
    data = json.loads((out / "tables.json").read_text("utf-8"))["tables"]["history"]["data"]
    assert [c["codings"] for c in data["commits"]] == [7, 0, 1]
    html = (out / "tables.html").read_text(encoding="utf-8")
    assert "code c4 relabelled “Steps” (was “Small steps”)" in html
    with zipfile.ZipFile(out / "tables.docx") as docx:
        body = docx.read("word/document.xml").decode()
    assert "code c2 renamed c2b" in body and ids[2][:7] in body


def test_history_is_drawn_only_when_named(gs: GitStudy, tmp_path: Path) -> None:
    code, _, _ = run("render", str(gs.root), "-f", "json", "-o", str(tmp_path / "out"))
    assert code == 0
    doc = json.loads((tmp_path / "out" / "tables.json").read_text("utf-8"))
    assert "history" not in doc["tables"]
    assert "history" not in doc["omitted"]


def test_outside_a_repository_naming_it_is_a_clear_exit_2(
    gs: GitStudy, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("plain")  # gs's folder is a repository
    plain = elsewhere / "study"
    _copy(gs, plain)
    code, out, err = run("render", str(plain), "--table", "history", "-o", str(elsewhere / "o"))
    assert code == 2
    assert out == ""
    assert err.startswith(f"ipatool: --table history: {plain}: not a git repository")
    assert not (elsewhere / "o").exists()


def test_a_repository_without_commits_is_a_clear_exit_2(
    gs: GitStudy, tmp_path_factory: pytest.TempPathFactory
) -> None:
    top = tmp_path_factory.mktemp("fresh")
    plain = top / "study"
    _copy(gs, plain)
    GitStudy(top).git("init", "-q")
    code, out, err = run("render", str(plain), "--table", "history", "-o", str(top / "o"))
    assert (code, out) == (2, "")
    assert err.startswith("ipatool: --table history: unknown revision 'HEAD' in ")
    assert "(the repository has no commit yet)" in err
    code, out, err = run("history", str(plain))
    assert (code, out) == (2, "")
    assert "(the repository has no commit yet)" in err
