"""No study crashes ipatool: mutated copies of real study files through the loader, validate and
the CLI (in-process, and a few real processes checked for tracebacks on standard error).

A mutation is a short list of edits a person or a bad merge makes: a deleted, duplicated or
swapped line, shifted indentation, a value replaced by one of the wrong type, a cut-off file,
stray text. Every run must end in diagnostics (exit 1) or a clean run (exit 0).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipatool.check.validate import validate_study
from ipatool.diagnostics import Diagnostic
from ipatool.read.loader import load_study

from .conftest import (
    EXAMPLE,
    SMALL,
    assert_clean_exit,
    fuzz_settings,
    run_cli,
    run_subprocess,
    tried,
    write_study,
)

WRONG_VALUES = [
    "[]",
    "{}",
    "123",
    "-7",
    "1.5e308",
    "null",
    "~",
    "true",
    '""',
    "2019-13-45",
    "0x1F",
    "[a, [b, {c: d}]]",
    "{n: 1, speaker: X}",
    "'../../x'",
    "/etc/passwd",
    "!!binary aGVsbG8=",
    "!!python/object/apply:os.system [echo pwned]",
    "&a [1]",
    "*a",
    "|\n  multi\n  line",
    '"\\u0000"',
    "=cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    "\\textbf{x} & % $ # _ { } ~ ^",
]

Edit = tuple[str, int, int, str]


@st.composite
def edits(draw: st.DrawFn) -> list[Edit]:
    kinds = st.sampled_from(
        ["delete", "duplicate", "swap", "indent", "dedent", "wrong", "truncate", "insert"]
    )
    return draw(
        st.lists(
            st.tuples(
                kinds,
                st.integers(min_value=0, max_value=10_000),
                st.integers(min_value=0, max_value=10_000),
                st.sampled_from(WRONG_VALUES),
            ),
            min_size=1,
            max_size=4,
        )
    )


def mutate(text: str, plan: list[Edit]) -> str:
    """Apply the edits of ``plan`` to ``text`` (positions taken modulo the line count)."""
    lines = text.splitlines()
    for kind, a, b, value in plan:
        if not lines:
            lines = [value]
            continue
        i, j = a % len(lines), b % len(lines)
        line = lines[i]
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = " " * (1 + b % 4) + line
        elif kind == "dedent":
            lines[i] = line[min(len(line) - len(line.lstrip(" ")), 1 + b % 4) :]
        elif kind == "wrong":
            key, sep, _rest = line.partition(": ")
            lines[i] = f"{key}: {value}" if sep else f"{line.rstrip(':')}: {value}"
        elif kind == "truncate":
            joined = "\n".join(lines)
            return joined[: (a * 7919 + b) % (len(joined) + 1)]
        elif kind == "insert":
            lines.insert(i, " " * (b % 6) + value)
    return "\n".join(lines) + "\n"


def _study_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml"))


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A study reused by every example: one file is mutated, checked, then restored."""
    base = tmp_path_factory.mktemp("fuzz")
    if (EXAMPLE / "ipatool.yaml").is_file():
        root = base / "example"
        shutil.copytree(EXAMPLE, root)
    else:
        root = write_study(base / "small")
    yield root


def check_diagnostics(diags: list[Diagnostic]) -> None:
    for d in diags:
        assert isinstance(d, Diagnostic)
        assert d.file and d.code.startswith("IPA") and d.message
        assert d.span.line >= 0


class _Mutated:
    """Context: write a mutated study file, restore the original afterwards."""

    def __init__(self, root: Path, rel: str, text: str) -> None:
        self.path = root / rel
        self.text = text
        self.original = self.path.read_bytes()

    def __enter__(self) -> Path:
        self.path.write_text(self.text, encoding="utf-8")
        return self.path

    def __exit__(self, *exc: object) -> None:
        self.path.write_bytes(self.original)


_SMALL_FILES = sorted(SMALL)


@fuzz_settings(200)
@given(st.sampled_from(_SMALL_FILES), edits())
def test_mutated_small_study_never_crashes_the_loader(
    fuzz_root: Path, tmp_path_factory: pytest.TempPathFactory, name: str, plan: list[Edit]
) -> None:
    root = tmp_path_factory.getbasetemp() / "small-mutations"
    if not root.exists():
        write_study(root)
    text = mutate(SMALL[name], plan)
    with _Mutated(root, name, text):
        _study, diags = load_study(root)
        check_diagnostics(diags)
        result = validate_study(root)
        check_diagnostics(result.diagnostics)
    tried("mutated study files (loader + validate)")


@fuzz_settings(250)
@given(st.data(), edits())
def test_mutated_example_study_never_crashes_validate(
    fuzz_root: Path, data: st.DataObject, plan: list[Edit]
) -> None:
    rel = data.draw(st.sampled_from(_study_files(fuzz_root)))
    text = mutate((fuzz_root / rel).read_text(encoding="utf-8"), plan)
    with _Mutated(fuzz_root, rel, text):
        result = validate_study(fuzz_root)
        check_diagnostics(result.diagnostics)
    tried("mutated study files (loader + validate)")


@fuzz_settings(120)
@given(st.data(), edits(), st.sampled_from(["text", "json", "github"]))
def test_mutated_study_through_the_cli_exits_cleanly(
    fuzz_root: Path, data: st.DataObject, plan: list[Edit], fmt: str
) -> None:
    rel = data.draw(st.sampled_from(_study_files(fuzz_root)))
    text = mutate((fuzz_root / rel).read_text(encoding="utf-8"), plan)
    with _Mutated(fuzz_root, rel, text):
        out = run_cli("validate", fuzz_root, "--format", fmt)
    assert_clean_exit(out, (0, 1))
    tried("mutated studies through the CLI")


@fuzz_settings(100)
@given(st.data(), st.binary(max_size=600))
def test_random_bytes_as_a_study_file_exit_cleanly(
    fuzz_root: Path, data: st.DataObject, raw: bytes
) -> None:
    rel = data.draw(st.sampled_from(_study_files(fuzz_root)))
    path = fuzz_root / rel
    original = path.read_bytes()
    try:
        path.write_bytes(raw)
        out = run_cli("validate", fuzz_root)
    finally:
        path.write_bytes(original)
    assert_clean_exit(out, (0, 1))
    assert out.exit_code == 1 or raw.strip() == original.strip(), out
    tried("random bytes through the CLI")


@fuzz_settings(80)
@given(st.sampled_from(_SMALL_FILES), st.data())
def test_truncated_files_through_the_cli_exit_cleanly(name: str, data: st.DataObject) -> None:
    import tempfile

    raw = SMALL[name].encode("utf-8")
    cut = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    with tempfile.TemporaryDirectory() as tmp:
        root = write_study(Path(tmp), {name: raw[:cut]})
        out = run_cli("validate", root, "--format", "json")
    assert_clean_exit(out, (0, 1))
    tried("truncated files through the CLI")


# ------------------------------------------------------------- real processes: stderr is clean

SUBPROCESS_CASES: dict[str, dict[str, str | bytes]] = {
    "swapped-keys": {
        "transcripts/I1.yaml": SMALL["transcripts/I1.yaml"].replace(
            "  - n: 1\n    speaker: KW", "  - speaker: 1\n    n: KW"
        )
    },
    "deleted-lines": {"themes.yaml": "\n".join(SMALL["themes.yaml"].splitlines()[:5]) + "\n"},
    "shifted-indentation": {
        "participants.yaml": SMALL["participants.yaml"].replace("    age: 38", "      age: 38")
    },
    "wrong-types": {
        "ipatool.yaml": SMALL["ipatool.yaml"]
        .replace("method: ipa", "method: [1, 2]")
        .replace("min: 18", "min: {a: b}")
    },
    "random-bytes": {"transcripts/FG1.yaml": bytes(range(256)) * 4},
    "deep-nesting": {"transcripts/I1.yaml": "[" * 10_000},
    "top-level-scalar": {"participants.yaml": "just a sentence\n"},
    "unsafe-tag": {"themes.yaml": "!!python/object/apply:os.system ['echo pwned']\n"},
}


@pytest.mark.parametrize("case", sorted(SUBPROCESS_CASES))
def test_real_process_never_prints_a_traceback(tmp_path: Path, case: str) -> None:
    root = write_study(tmp_path / "study", SUBPROCESS_CASES[case])
    proc = run_subprocess("validate", root)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, (proc.returncode, proc.stdout, proc.stderr)
    assert "error" in proc.stdout
    assert "pwned" not in proc.stdout.replace("echo pwned", "")
    tried("real processes")


def test_real_process_huge_number_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    root = write_study(
        tmp_path / "study",
        {"participants.yaml": SMALL["participants.yaml"].replace("age: 52", "age: " + "9" * 5000)},
    )
    proc = run_subprocess("validate", root)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1


@pytest.mark.parametrize(
    ("age", "minutes", "codes"),
    [
        ("1.5e308", "1.5e308", {"IPA503"}),  # above the field's max: flagged, written as it is
        (".inf", ".nan", {"IPA501", "IPA703"}),  # not finite numbers: flagged, shown as -
        ("9" * 400, "-.inf", {"IPA503", "IPA703"}),  # an int beyond the largest float
    ],
    ids=["huge", "inf-nan", "huge-int"],
)
def test_real_process_render_force_with_absurd_numbers_never_tracebacks(
    tmp_path: Path, age: str, minutes: str, codes: set[str]
) -> None:
    root = write_study(
        tmp_path / "study",
        {
            "participants.yaml": SMALL["participants.yaml"].replace("age: 52", f"age: {age}"),
            "transcripts/FG1.yaml": SMALL["transcripts/FG1.yaml"].replace(
                "duration_min: 85", f"duration_min: {minutes}"
            ),
        },
    )
    proc = run_subprocess("validate", root, "--no-cache")
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1 and codes <= set(re.findall(r"IPA\d{3}", proc.stdout))
    proc = run_subprocess("render", root, "--force", "--format", "md", "--format", "json")
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 0, proc.stderr[-2000:]
    json_text = (root / "rendered" / "tables.json").read_text(encoding="utf-8")
    assert "Infinity" not in json_text and "NaN" not in json_text
    if age == "1.5e308":  # ages 52 -> a, 38, 45, 61: M = a / 4, SD = a / 2 (see test_numbers)
        md = (root / "rendered" / "tables.md").read_text(encoding="utf-8")
        assert "mean age = 3.75e+307, SD = 7.5e+307" in md
        assert "1.5e+308" in md
    else:
        assert "warning: participant sentence: 'age'" in proc.stderr
        assert "warning: sample table: 'duration_min'" in proc.stderr
    tried("real processes")


DUPLICATED_TURNS = (
    SMALL["transcripts/I1.yaml"]
    .replace("turns:\n", "turns:\nturns:\n")
    .replace("    speaker: KW\n", "")  # turn 1 loses its speaker: the loader salvages the rest
)


def test_duplicated_turns_key_with_a_broken_turn_is_a_finding(tmp_path: Path) -> None:
    root = write_study(tmp_path / "s", {"transcripts/I1.yaml": DUPLICATED_TURNS})
    _study, diags = load_study(root)
    assert "IPA002" in {d.code for d in diags}


def test_duplicated_turns_key_with_a_broken_turn_through_the_cli(tmp_path: Path) -> None:
    root = write_study(tmp_path / "s", {"transcripts/I1.yaml": DUPLICATED_TURNS})
    out = run_cli("validate", root, "--no-cache")
    assert_clean_exit(out, (1,))
