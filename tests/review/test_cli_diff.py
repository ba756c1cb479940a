"""``ipatool diff`` and ``ipatool history`` on the command line: revisions as git takes them,
exit codes, clear messages, formats; the work tree is never touched."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ipatool.cli.app import build_app
from review._gitstudy import GitStudy, codes_of


def run(*args: str) -> tuple[int, str, str]:
    env = {"GITHUB_ACTIONS": "", "NO_COLOR": "1"}
    result = CliRunner().invoke(build_app(), list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _uncode(gs: GitStudy) -> None:
    gs.edit("transcripts/I2.yaml", lambda d: codes_of(d, 2).clear())


def test_work_tree_against_head_and_exit_code(gs: GitStudy) -> None:
    assert run("diff", str(gs.root)) == (
        0,
        "No change of meaning from HEAD to the working tree.\n",
        "",
    )
    assert run("diff", "--exit-code", str(gs.root))[0] == 0
    _uncode(gs)
    status = gs.git("status", "--porcelain")
    code, out, err = run("diff", str(gs.root))
    assert (code, err) == (0, "")
    assert out.startswith("1 change from HEAD to the working tree (1 removed); ")
    assert "- coding c1 removed in I2 turn 2" in out
    assert "~ recurrence: S1 recurrent yes -> no" in out
    assert run("diff", "--exit-code", str(gs.root))[0] == 1
    assert gs.git("status", "--porcelain") == status  # nothing checked out, nothing written


def test_one_revision_two_revisions_and_ranges(gs: GitStudy) -> None:
    _uncode(gs)
    gs.commit("uncode")
    gs.edit("participants.yaml", lambda d: d["participants"][0].update(age=31))
    for args, expected in (
        (["HEAD~1"], 2),  # the working tree against HEAD~1: both changes
        (["HEAD"], 1),
        (["HEAD~1", "HEAD"], 1),
        (["HEAD~1..HEAD"], 1),
        (["HEAD...HEAD~1"], 0),  # HEAD~1 against the common ancestor (itself)
    ):
        code, out, _ = run("diff", *args, str(gs.root), "--format", "json")
        assert code == 0, args
        assert len(json.loads(out)["changes"]) == expected, args


def test_the_study_folder_defaults_to_here(gs: GitStudy, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    _uncode(gs)
    monkeypatch.chdir(gs.root)
    code, out, _ = run("diff", "HEAD")
    assert code == 0 and "coding c1 removed" in out


def test_not_a_repository_and_unknown_revision_exit_2(gs: GitStudy, tmp_path: Path) -> None:
    lone = tmp_path.parent / (tmp_path.name + "-lone")
    lone.mkdir()
    code, out, err = run("diff", str(lone))
    assert (code, out) == (2, "")
    assert "not a git repository" in err and "Traceback" not in err
    code, out, err = run("diff", "no-such-branch", str(gs.root))
    assert (code, out) == (2, "")
    assert "unknown revision 'no-such-branch'" in err


def test_a_study_invalid_at_one_side_is_named_and_the_rest_diffed(gs: GitStudy) -> None:
    gs.write("transcripts/I3.yaml", "id: I3\nturns: [\n")
    gs.edit("participants.yaml", lambda d: d["participants"][0].update(age=31))
    code, out, err = run("diff", str(gs.root))
    assert code == 2
    assert "participant P1: age 30 -> 31" in out
    assert "the working tree: transcripts/I3.yaml:" in err
    assert "HEAD:" not in err
    note = "effects on the tables not computed: part of the study could not be read at the working"
    assert note in out


def test_md_json_and_github_formats(gs: GitStudy) -> None:
    _uncode(gs)
    code, md, _ = run("diff", str(gs.root), "--format", "md")
    assert code == 0
    lines = md.splitlines()
    assert lines[0].startswith("**ipatool diff**: 1 change from HEAD to the working tree")
    assert "### Codings" in lines and "### Effects on the tables" in lines
    assert "| recurrence | S1 | recurrent | yes | no |" in lines
    code, out, _ = run("diff", str(gs.root), "--format", "json")
    data = json.loads(out)
    assert set(data) >= {"from", "to", "changes", "effects"}
    assert data["changes"][0] == {
        "kind": "removed",
        "entity": "coding",
        "id": "c1",
        "new_id": None,
        "transcript": "I2",
        "turn": 2,
        "field": None,
        "before": None,
        "after": None,
        "file": "transcripts/I2.yaml",
        "line": None,
    }
    assert {
        "table": "themes",
        "id": "S1",
        "measure": "meets_evidence_rule",
        "before": True,
        "after": False,
    } in data["effects"]
    code, out, _ = run("diff", str(gs.root), "--format", "github")
    assert (
        out.splitlines()[0]
        == "::notice file=study/transcripts/I2.yaml::coding c1 removed in I2 turn 2"
    )
    assert "::warning::themes: S1 meets_evidence_rule yes -> no" in out.splitlines()


def test_github_annotations_name_the_changed_line(gs: GitStudy) -> None:
    gs.edit("transcripts/I1.yaml", lambda d: codes_of(d, 2)[0].update(quote="Answer 2"))
    _, out, _ = run("diff", str(gs.root), "--format", "github")
    text = (gs.root / "transcripts" / "I1.yaml").read_text().splitlines()
    first = out.splitlines()[0]
    assert first.startswith("::notice file=study/transcripts/I1.yaml,line=")
    line = int(first.split("line=")[1].split("::")[0])
    assert text[line - 1].strip() == "- code: c1"


def test_history_text_json_and_since(gs: GitStudy) -> None:
    first = gs.git("rev-parse", "HEAD").strip()
    gs.edit("themes.yaml", lambda d: d["themes"][0]["subthemes"][0]["codes"].pop(1))
    gs.edit("transcripts/I1.yaml", lambda d: codes_of(d, 2).pop(1))
    gs.commit("drop c2")
    _uncode(gs)
    gs.commit("uncode I2")
    code, out, _ = run("history", str(gs.root), "--format", "json")
    assert code == 0
    entries = json.loads(out)
    assert [e["message"] for e in entries] == ["first", "drop c2", "uncode I2"]
    assert entries[0]["codings"] == {"added": 7}
    assert [c["kind"] + " " + c["entity"] for c in entries[0]["codebook"]].count("added code") == 4
    assert [(c["kind"], c["id"]) for c in entries[1]["codebook"]] == [("removed", "c2")]
    assert entries[1]["codings"] == {"removed": 1}
    assert entries[2]["codebook"] == [] and entries[2]["codings"] == {"removed": 1}
    assert all(e["author"] == "Ann" for e in entries)
    code, out, _ = run("history", str(gs.root), "--since", first)
    assert code == 0
    assert "drop c2" in out and "first" not in out
    assert "    code c2 removed (Testing)" in out
    assert "    codings: 1 removed" in out
