"""`ipatool validate` on the command line: exit codes, output formats, and no tracebacks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from check._studies import BASE, base_text, build, case_names, study_with
from ipatool.cli.app import build_app

TEXT_LINE = re.compile(
    r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) (?P<code>IPA\d{3}) .+$"
)
SUMMARY = re.compile(r"^(\d+) errors?, (\d+) warnings? in (\d+) files?$")
GITHUB = re.compile(
    r"^::(error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"endLine=\d+,endColumn=\d+,title=(?P<title>[^:]+)::.+$"
)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    base_env = {"GITHUB_ACTIONS": "", "NO_COLOR": "1"}
    result = CliRunner().invoke(build_app(), ["validate", *args], env={**base_env, **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def warnings_only(tmp_path: Path) -> Path:
    crowded = base_text("transcripts/FG1.yaml").replace("kind: focus_group", "kind: interview")
    return study_with(tmp_path, {"transcripts/FG1.yaml": crowded})


@pytest.fixture
def with_errors(tmp_path: Path) -> Path:
    text = base_text("transcripts/I1.yaml").replace("code: first-meeting", "code: first-meting")
    crowded = base_text("transcripts/FG1.yaml").replace("kind: focus_group", "kind: interview")
    return study_with(tmp_path, {"transcripts/I1.yaml": text, "transcripts/FG1.yaml": crowded})


def test_clean_study_exits_0() -> None:
    code, out, err = run(str(BASE), "--format", "text")
    assert (code, out) == (0, "")
    assert err.strip() == "no problems found in 5 files"


def test_warnings_exit_0_and_strict_makes_them_fail(warnings_only: Path) -> None:
    assert run(str(warnings_only), "--format", "text")[0] == 0
    assert run(str(warnings_only), "--format", "text", "--strict")[0] == 1


def test_errors_exit_1(with_errors: Path) -> None:
    assert run(str(with_errors), "--format", "text")[0] == 1


@pytest.mark.parametrize("kind", ["missing", "file", "no-config"])
def test_cannot_run_exits_2(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "nothing-here"
    if kind == "file":
        target.write_text("x", encoding="utf-8")
    elif kind == "no-config":
        target.mkdir()
    code, out, err = run(str(target))
    assert code == 2
    assert out == ""
    assert str(target) in err and "Traceback" not in err


@pytest.mark.parametrize("where", [".", "transcripts", "transcripts/deeper"])
def test_finds_the_study_in_a_parent_folder(
    with_errors: Path, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = with_errors / where
    here.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(here)
    code, out, err = run("--format", "text", "--no-cache")
    assert code == 1, err
    files = [m["file"] for m in map(TEXT_LINE.match, out.splitlines()) if m]
    assert files == ["transcripts/FG1.yaml", "transcripts/I1.yaml"]


def test_an_explicit_path_is_not_searched_upwards(
    with_errors: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(with_errors)
    code, out, err = run("transcripts")
    assert (code, out) == (2, "")
    assert "no ipatool.yaml here" in err


def test_outside_any_study_the_current_folder_still_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run()
    assert code == 2
    assert "no ipatool.yaml here" in err and "ipatool init" in err


def test_missing_identifiers_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run(str(BASE), "--identifiers", str(tmp_path / "absent.txt"))
    assert code == 2
    assert "identifiers file does not exist" in err


def test_bad_format_option_exits_2() -> None:
    assert run(str(BASE), "--format", "xml")[0] == 2


def test_text_format(with_errors: Path) -> None:
    code, out, err = run(str(with_errors), "--format", "text")
    assert code == 1
    lines = out.splitlines()
    findings = [m.groupdict() for m in map(TEXT_LINE.match, lines) if m]
    assert [(f["file"], f["line"], f["col"], f["sev"], f["code"]) for f in findings] == [
        ("transcripts/FG1.yaml", "6", "15", "warning", "IPA702"),
        ("transcripts/I1.yaml", "15", "15", "error", "IPA301"),
    ]
    assert "    hint: did you mean 'first-meeting'?" in lines
    assert all(TEXT_LINE.match(x) or x.startswith("    hint: ") for x in lines)
    assert SUMMARY.match(err.strip())
    assert err.strip() == "1 error, 1 warning in 2 files"


def test_json_format(with_errors: Path) -> None:
    code, out, err = run(str(with_errors), "--format", "json")
    assert err.strip() == ""  # no summary line in JSON mode
    assert code == 1
    records = json.loads(out)
    assert [set(r) for r in records] == [
        {"file", "line", "column", "end", "severity", "code", "slug", "message", "hint"}
    ] * 2
    first = records[1]
    assert (first["file"], first["line"], first["column"]) == ("transcripts/I1.yaml", 15, 15)
    assert (first["code"], first["slug"], first["severity"]) == ("IPA301", "unknown-code", "error")
    assert first["end"] == {"line": 15, "column": 27}
    assert first["hint"] == "did you mean 'first-meeting'?"


def test_json_for_a_clean_study_is_an_empty_list() -> None:
    code, out, _ = run(str(BASE), "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_github_format(with_errors: Path) -> None:
    code, out, _ = run(str(with_errors), "--format", "github")
    assert code == 1
    matches = [GITHUB.match(x) for x in out.splitlines()]
    assert all(matches)
    got = [(m["file"], m["line"], m["col"], m["title"]) for m in matches if m]
    prefix = str(with_errors)
    assert got == [
        (f"{prefix}/transcripts/FG1.yaml", "6", "15", "IPA702 crowded-interview"),
        (f"{prefix}/transcripts/I1.yaml", "15", "15", "IPA301 unknown-code"),
    ]
    assert out.startswith("::warning ")


def test_auto_picks_github_under_github_actions(with_errors: Path) -> None:
    _, out, _ = run(str(with_errors), env={"GITHUB_ACTIONS": "true"})
    assert out.startswith("::warning file=")
    _, out, _ = run(str(with_errors))
    assert TEXT_LINE.match(out.splitlines()[0])


@pytest.mark.parametrize("name", case_names())
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_no_traceback_for_any_broken_study(name: str, fmt: str, tmp_path: Path) -> None:
    case = build(name, tmp_path)
    args = [str(case.root), "--format", fmt]
    if case.identifiers is not None:
        args += ["--identifiers", str(case.identifiers)]
    code, out, err = run(*args)
    assert "Traceback" not in out + err
    has_errors = any(" error " in e for e in case.expected)
    if not case.spec.get("xfail"):
        assert code == (1 if has_errors else 0)


def test_commands_give_the_garbage_collector_back(with_errors: Path) -> None:
    import gc

    assert gc.isenabled()
    assert run(str(with_errors))[0] == 1  # and exits through an error
    assert gc.isenabled()
