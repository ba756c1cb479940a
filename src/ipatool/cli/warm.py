"""The warm path: ``validate`` and ``fmt`` answered before the command line is built, when not
one file of the study has changed since they last found it clean (or tidy).

Building the Typer app imports typer, rich, Pydantic and every command module, many times what
answering from the cache costs. :func:`answer` takes only the plainest invocations
(``ipatool validate [STUDY] [--strict]``, ``ipatool fmt [--check] [STUDY]``) and only the
clean outcome (no finding at all; nothing to reformat); for anything else it returns None and
the full command runs, which gives the same answer from the same cache, only slower.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ipatool.files import enclosing_study


def answer(argv: list[str]) -> int | None:
    """The exit code of the command ``argv`` when it was answered here; None otherwise."""
    if not argv or any(a in ("-h", "--help") for a in argv[1:]):
        return None
    command, rest = argv[0], argv[1:]
    flags = {a for a in rest if a.startswith("-")}
    places = [a for a in rest if not a.startswith("-")]
    if len(places) > 1:
        return None
    # as the full command finds it (cli.common.study_path): the folder given, else the nearest
    # of the current folder and its parents that holds an ipatool.yaml
    root = Path(places[0]) if places else enclosing_study(Path.cwd())
    if root is None or not (root / "ipatool.yaml").is_file():
        return None  # the full command says what is wrong
    if command == "validate" and flags <= {"--strict"}:
        return _validate(root)
    if command == "fmt" and flags <= {"--check"}:
        return _fmt(root, dry="--check" in flags)
    return None


def _validate(root: Path) -> int | None:
    from ipatool.check.validate import cached_report

    report = cached_report(root)
    if report is None or report.diagnostics:
        return None
    n = len(report.files)
    sys.stderr.write(f"no problems found in {n} file{'' if n == 1 else 's'}\n")
    return 0


def _fmt(root: Path, *, dry: bool) -> int | None:
    from ipatool.write.memory import all_tidy, tidy_paths

    if not all_tidy(root):
        return None
    verb = "would be reformatted" if dry else "reformatted"
    sys.stderr.write(f"0 file(s) {verb}, {len(tidy_paths(root))} unchanged\n")
    return 0


def enabled() -> bool:
    """Whether the warm path may answer (``IPATOOL_NO_WARM=1`` turns it off)."""
    return os.environ.get("IPATOOL_NO_WARM") != "1"
