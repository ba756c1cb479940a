"""The README's first steps are honest and work (issue 17): two Quick start commands, the second
being what CI runs; an activation line for Windows beside the POSIX one; a way to get ipatool
that exists (no PyPI release, no example.org address)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_quick_start_has_exactly_two_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", _section("Quick start"), re.S)
    assert [b.count("\n") for b in blocks] == [1, 1]
    assert blocks[0].startswith("python3 -m pip install . && ipatool render examples/")
    assert blocks[1] == 'python3 -m pip install -e ".[test]" && python3 -m pytest\n'


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = re.findall(r"```bash\n(.*?)\n```", _section("Quick start"), re.S)[1]
    ran = test_command.replace("python3", "python").replace("pip install", "pip install --quiet")
    assert ran in ci


def test_activation_for_posix_and_windows() -> None:
    quick = _section("Quick start")
    assert "`. .venv/bin/activate`" in quick
    assert "`.venv\\Scripts\\activate`" in quick


def test_no_made_up_addresses_or_pypi_installs() -> None:
    texts = {"README.md": README} | {
        f"docs/{p.name}": p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md")
    }
    for name, text in texts.items():
        assert "example.org" not in text, name
        for line in text.splitlines():
            if re.search(r"pip install ipatool\b", line):
                assert "not" in line, (name, line)  # only ever to say it does not work
    assert "repo: local" in README
    assert "git+URL" in README and "@v0.1.0" not in README
