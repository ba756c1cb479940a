"""``--help`` reads plainly (issue 17): placeholders, not Python types; whole one-line summaries;
commands in workflow order; an example in every command; a pointer to the docs at the top."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
import typer.main
from typer.testing import CliRunner

from ipatool.cli.app import build_app
from ipatool.cli.helptext import EXAMPLES
from ipatool.cli.render import FORMAT_NAMES


def _paths() -> list[str]:
    """Every command and group, as typed after ``ipatool``."""
    group = typer.main.get_command(build_app())
    out: list[str] = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        out.append(name)
        out.extend(f"{name} {sub}" for sub in getattr(cmd, "commands", {}))
    return out


def _help(*words: str) -> str:
    result = CliRunner().invoke(build_app(), [*words, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.output


def _section(text: str) -> str:
    """The Commands: list of a help text."""
    return text.split("Commands:\n")[1].split("\n\n")[0]


def test_there_are_commands_to_check() -> None:
    assert {"init", "validate", "render", "import transcript", "export qdpx"} <= set(_paths())


@pytest.mark.parametrize("path", _paths())
def test_every_help_has_plain_placeholders_and_an_example(path: str) -> None:
    text = _help(*path.split())
    for python_word in ("<list[", "list[str]", "<path>", "<int", "int range", "<str>", "x>=1"):
        assert python_word not in text, (path, python_word)
    assert re.search(r"^Examples?:$", text, re.M), path
    assert f"ipatool {path}" in text.split("Example")[-1]
    assert path in EXAMPLES


def test_placeholders_name_the_values() -> None:
    render = _help("render")
    assert FORMAT_NAMES[:6] == ("md", "html", "tex", "csv", "docx", "json")
    assert f"-f, --format {'|'.join(FORMAT_NAMES)}" in render  # every format, as the choices
    assert "-j, --jobs N" in render
    assert "-t, --table TABLE" in render
    assert "--identifiers FILE" in _help("validate")
    assert "-f, --format auto|text|json|github" in _help("validate")
    transcript = _help("import", "transcript")
    assert "{FILE}..." in transcript  # the usage line
    assert re.search(r"^  FILE\.\.\. ", transcript, re.M)  # the arguments list
    assert "--speaker LABEL=ID" in transcript


def test_top_level_summaries_are_whole_sentences_in_workflow_order() -> None:
    text = _help()
    rows = re.findall(r"^  ([a-z]+) +(\S.*)$", _section(text), re.M)
    names = [name for name, _ in rows]
    assert names == [
        "init",
        "import",
        "validate",
        "fmt",
        "render",
        "agreement",
        "diff",
        "history",
        "schema",
        "export",
    ]
    for name, summary in rows:
        assert summary.endswith("."), (name, summary)
        assert "..." not in summary and "\u2026" not in summary, (name, summary)
    for group in ("import", "export"):
        sub = re.findall(r"^  ([a-z]+) +(\S.*)$", _section(_help(group)), re.M)
        assert sub, group
        assert all(s.endswith(".") and "..." not in s for _, s in sub), sub


def test_top_level_help_ends_with_a_pointer_to_the_docs() -> None:
    text = _help()
    last = text.strip().split("\n\n")[-1]
    assert "docs/" in last and "--help" in last


def test_version_and_help_stay_fast() -> None:
    """Measured, not assumed: ``--version`` must not build the command line at all."""
    start = time.perf_counter()
    version = subprocess.run(
        [sys.executable, "-m", "ipatool", "--version"], capture_output=True, text=True, check=True
    )
    elapsed = time.perf_counter() - start
    assert version.stdout.startswith("ipatool ")
    probe = (
        "import sys, runpy; sys.argv = ['ipatool', '--version']; "
        "from ipatool.cli.app import main; main(); "
        "print(sorted(m for m in ('typer', 'rich', 'pydantic') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip().endswith("[]"), loaded
    assert elapsed < 5  # a loose bound for a shared machine; the import list above is exact
