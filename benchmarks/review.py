"""Benchmark ``ipatool diff`` and ``ipatool history`` against a cold ``ipatool validate``.

The issue's goals, as ratios measured in one run on the same machine:

- ``diff`` of two revisions of the generated 1,000-transcript study in which 10 transcripts
  changed: within 2x of a cold validate (``--no-cache -j1``, and ``-j2`` for reference);
- ``history`` over 100 commits of a 100-transcript study (each commit changes one or two
  transcripts): within 10x of a cold validate of that study.

Each command runs as a child process; wall time is the best of ``--repeat`` runs.

    python benchmarks/review.py [--diff-size 1000] [--history-size 100] [--commits 100]
        [--repeat 3] [--only diff|history]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write_study  # noqa: E402

TEXT = "    text: >-\n      "


def git(top: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=top, check=True, capture_output=True)


def repository(top: Path, transcripts: int) -> Path:
    """A generated study in ``top/study``, committed once."""
    study = top / "study"
    write_study(study, transcripts, 1)
    git(top, "init", "-q")
    git(top, "config", "user.email", "bench@example.org")
    git(top, "config", "user.name", "Bench")
    git(top, "config", "commit.gpgsign", "false")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "generated")
    return study


def edit(path: Path, n: int) -> None:
    """Change the text of one turn of a transcript (the n-th edit of it)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(TEXT, f"{TEXT}Edited {n}. ", 1), encoding="utf-8")


def best(cmd: list[str], repeat: int) -> float:
    out = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()[-500:]}")
        out = min(out, elapsed)
    return out


IPATOOL = [sys.executable, "-m", "ipatool"]


def bench_diff(size: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        top = Path(tmp)
        study = repository(top, size)
        files = sorted((study / "transcripts").glob("*.yaml"))
        for i, path in enumerate(files[:: max(1, len(files) // 10)][:10]):
            edit(path, i)
        git(top, "commit", "-q", "-am", "ten transcripts changed")
        cold1 = best([*IPATOOL, "validate", "--no-cache", "-j1", str(study)], repeat)
        cold2 = best([*IPATOOL, "validate", "--no-cache", "-j2", str(study)], repeat)
        diff = best([*IPATOOL, "diff", "HEAD~1", "HEAD", str(study)], repeat)
        quick = best([*IPATOOL, "diff", "--no-effects", "HEAD~1", "HEAD", str(study)], repeat)
    print(f"diff, {size} transcripts, 10 changed:")
    print(f"  validate cold -j1      {cold1:7.2f} s")
    print(f"  validate cold -j2      {cold2:7.2f} s")
    print(
        f"  diff HEAD~1 HEAD       {diff:7.2f} s   {diff / cold1:4.2f}x validate -j1 (goal <= 2x)"
    )
    print(f"  diff --no-effects      {quick:7.2f} s   {quick / cold1:4.2f}x validate -j1")


def bench_history(size: int, commits: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        top = Path(tmp)
        study = repository(top, size)
        files = sorted((study / "transcripts").glob("*.yaml"))
        for n in range(commits - 1):
            for path in (files[n % len(files)], files[(n * 7 + 3) % len(files)]):
                edit(path, n)
            git(top, "commit", "-q", "-am", f"edit {n}")
        cold = best([*IPATOOL, "validate", "--no-cache", "-j1", str(study)], repeat)
        hist = best([*IPATOOL, "history", str(study)], repeat)
    print(f"history, {size} transcripts, {commits} commits:")
    print(f"  validate cold -j1      {cold:7.2f} s")
    print(
        f"  history                {hist:7.2f} s   {hist / cold:4.2f}x validate -j1 (goal <= 10x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diff-size", type=int, default=1000)
    parser.add_argument("--history-size", type=int, default=100)
    parser.add_argument("--commits", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("diff", "history"), help="run one of the two")
    args = parser.parse_args()
    if args.only != "history":
        bench_diff(args.diff_size, args.repeat)
    if args.only != "diff":
        bench_history(args.history_size, args.commits, args.repeat)


if __name__ == "__main__":
    main()
