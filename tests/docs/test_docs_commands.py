"""Every command has help text and is documented, so the docs never fall behind the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from ipatool.cli.app import build_app

REPO = Path(__file__).resolve().parents[2]


def _commands() -> list[tuple[str, str]]:
    """(full command name, help text) for every command and sub-command."""
    group = typer.main.get_command(build_app())
    out: list[tuple[str, str]] = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None)
        if subs:
            for sub_name, sub in subs.items():
                out.append((f"{name} {sub_name}", sub.help or ""))
        else:
            out.append((name, cmd.help or ""))
    return sorted(out)


def test_every_expected_command_exists() -> None:
    names = {name for name, _ in _commands()}
    assert {
        "validate",
        "render",
        "init",
        "fmt",
        "schema",
        "agreement",
        "import transcript",
        "import participants",
        "import qdpx",
        "export qdpx",
        "export codebook",
    } <= names


@pytest.mark.parametrize(("name", "help_text"), _commands())
def test_command_has_help_and_docs(name: str, help_text: str) -> None:
    assert len(help_text.strip()) > 20, f"'ipatool {name}' needs help text"
    docs = (REPO / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md"))
    )
    assert f"ipatool {name}" in docs, f"'ipatool {name}' is not in README.md or docs/"
