"""Fixtures and helpers of the reliability suite: small studies, CLI runners, fuzz settings.

The size of the property-based runs is set by ``IPATOOL_FUZZ_EXAMPLES`` (examples per property
test; default :data:`DEFAULT_EXAMPLES`, which keeps the suite well under 90 s on two cores).
Every input a fuzz test feeds to ipatool is counted; the total is written to
``<pytest basetemp>/reliability-inputs.txt`` and shown in the terminal summary.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "mbt-therapists"

DEFAULT_EXAMPLES = 150
"""Examples per property test in the default (CI) run."""


def fuzz_examples(default: int = DEFAULT_EXAMPLES) -> int:
    """Examples per property test: ``IPATOOL_FUZZ_EXAMPLES`` when set, else ``default``."""
    raw = os.environ.get("IPATOOL_FUZZ_EXAMPLES", "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return default


def fuzz_settings(default: int = DEFAULT_EXAMPLES) -> settings:
    """Hypothesis settings for one property test (no deadline: CI machines vary)."""
    return settings(
        max_examples=fuzz_examples(default),
        deadline=None,
        derandomize=False,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
        ],
    )


INPUTS: Counter[str] = Counter()
"""How many inputs each family of fuzz tests has fed to ipatool (and survived) in this run."""


def tried(kind: str, n: int = 1) -> None:
    """Count ``n`` inputs of family ``kind`` as tried and survived (call after the assertions)."""
    INPUTS[kind] += n


@pytest.fixture(scope="session", autouse=True)
def _write_input_count(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    yield
    if INPUTS:
        lines = [f"{kind}: {n}" for kind, n in sorted(INPUTS.items())]
        lines.append(f"total: {sum(INPUTS.values())}")
        out = tmp_path_factory.getbasetemp() / "reliability-inputs.txt"
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if INPUTS:
        terminalreporter.write_line(
            f"reliability: {sum(INPUTS.values())} generated inputs tried and survived "
            f"({', '.join(f'{k} {v}' for k, v in sorted(INPUTS.items()))})"
        )


# ---------------------------------------------------------------- a small study of our own

SMALL: dict[str, str] = {
    "ipatool.yaml": """\
title: A small study of trust in therapy
method: ipa
coders:
  - id: KG
    name: Kate Green
  - id: KW
    name: Kim White
interviewers:
  - id: KW
    name: Kim White
fields:
  - name: gender
    kind: category
    levels: [female, male]
  - name: age
    kind: number
    min: 18
    max: 99
reporting:
  sentence:
    counts: [gender]
    mean_sd: [age]
""",
    "participants.yaml": """\
participants:
  - id: Pat
    gender: female
    age: 52
  - id: Chris
    gender: male
    age: 38
  - id: Jamie
    gender: female
    age: 45
  - id: Sam
    gender: male
    age: 61
""",
    "themes.yaml": """\
themes:
  - id: trust
    label: Building trust
    subthemes:
      - id: early-trust
        label: Trust comes early
        codes:
          - id: first-meeting
            definition: The first meeting is described as setting the tone.
          - id: staying-with
            definition: Staying with the client when they want to stop.
""",
    "transcripts/FG1.yaml": """\
id: FG1
kind: focus_group
date: 2019-03-14
duration_min: 85
interviewer: KW
participants: [Pat, Chris, Jamie]
coded_by: [KG, KW]
turns:
  - n: 1
    speaker: KW
    text: What is it like to start working with someone new?
  - n: 2
    speaker: Pat
    text: The first meeting sets the tone for everything that follows.
    codes:
      - code: first-meeting
        by: [KG, KW]
        quote: "the first meeting sets the tone"
  - n: 3
    speaker: Chris
    text: >-
      She comes in and says it isn't working and she wants to stop, and what I
      haven't done is stop.
    codes:
      - code: staying-with
        by: KG
        quote: "it isn't working ... she wants to stop"
  - n: 4
    speaker: Jamie
    text: I stay with them, even when they tell me to go.
    codes:
      - code: staying-with
        by: [KG, KW]
    notes:
      - kind: conceptual
        by: KW
        text: commitment as an active stance
""",
    "transcripts/I1.yaml": """\
id: I1
kind: interview
date: 2019-04-02
duration_min: 60
interviewer: KW
participants: [Sam]
coded_by: [KG]
turns:
  - n: 1
    speaker: KW
    text: How did the first session go?
  - n: 2
    speaker: Sam
    text: We met, and from that first meeting I knew it would work.
    codes:
      - code: first-meeting
        by: KG
        quote: that first meeting
""",
}


def write_study(root: Path, files: Mapping[str, str | bytes] | None = None) -> Path:
    """Write :data:`SMALL` (with ``files`` overriding or adding files) under ``root``."""
    merged: dict[str, str | bytes] = {**SMALL, **(files or {})}
    for rel, content in merged.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def small_study(tmp_path: Path) -> Path:
    """A small study that validates cleanly, in a fresh temporary folder."""
    return write_study(tmp_path / "study")


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of examples/mbt-therapists (skips while the example is absent)."""
    if not (EXAMPLE / "ipatool.yaml").is_file():
        pytest.skip("the bundled example study is not present")
    dest = tmp_path / "mbt-therapists"
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns(".ipatool-cache", "rendered"))
    return dest


def tree_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root`` (relative POSIX path -> hex digest)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def tree_listing(root: Path) -> set[str]:
    """Every path (files and folders) under ``root``."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


# ---------------------------------------------------------------- the CLI


@cache
def app() -> Any:
    """The Typer app, built once (it is stateless)."""
    from ipatool.cli.app import build_app

    return build_app()


class CliOutcome:
    """What one in-process CLI run gave."""

    def __init__(self, exit_code: int, stdout: str, stderr: str, exception: BaseException | None):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.exception = exception

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __repr__(self) -> str:
        return (
            f"CliOutcome(exit={self.exit_code}, exception={self.exception!r}, "
            f"stdout={self.stdout[-800:]!r}, stderr={self.stderr[-800:]!r})"
        )


def run_cli(*args: str | Path) -> CliOutcome:
    """Run ``ipatool ARGS`` in-process (typer's CliRunner); never raises."""
    from typer.testing import CliRunner

    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click >= 8.2 always keeps stderr apart
        runner = CliRunner()
    result = runner.invoke(app(), [str(a) for a in args], catch_exceptions=True)
    exc = result.exception
    if isinstance(exc, SystemExit):
        exc = None
    try:
        err = result.stderr
    except ValueError:
        err = ""
    return CliOutcome(result.exit_code, result.stdout, err, exc)


def assert_clean_exit(outcome: CliOutcome, allowed: tuple[int, ...] = (0, 1, 2)) -> None:
    """No uncaught exception, no traceback, an exit code ipatool documents."""
    assert outcome.exception is None, outcome
    assert "Traceback (most recent call last)" not in outcome.output, outcome
    assert outcome.exit_code in allowed, outcome


def run_subprocess(*args: str | Path, cwd: Path | None = None, timeout: float = 120) -> Any:
    """Run ``python -m ipatool ARGS`` in a real process."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "ipatool", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )


@cache
def command_exists(*words: str) -> bool:
    """Whether ``ipatool WORDS --help`` works (the command has landed)."""
    out = run_cli(*words, "--help")
    return out.exit_code == 0 and out.exception is None


def require_command(*words: str) -> None:
    """Skip the test while ``ipatool WORDS`` does not exist yet."""
    if not command_exists(*words):
        pytest.skip(f"'ipatool {' '.join(words)}' does not exist yet")


def help_text(*words: str) -> str:
    return run_cli(*words, "--help").stdout


# ---------------------------------------------------------------- bounded time and memory


@contextlib.contextmanager
def wall_clock_guard(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging CI) when the block runs longer than ``seconds``.

    A generous guard, not a timing assertion: a refused alias bomb takes milliseconds; an
    accepted one would take hours. Uses SIGALRM where available (no pytest-timeout needed).
    """
    if not hasattr(signal, "SIGALRM"):  # pragma: no cover - Windows
        yield
        return

    def _expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s: not bounded")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
