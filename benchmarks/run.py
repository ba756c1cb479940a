"""Benchmark ipatool against the YAML floor and the tools a user would otherwise reach for.

For each study size it generates (once) a synthetic study with benchmarks/generate.py, then
times, in one run so the ratios are comparable on a noisy machine:

- floor: bare ``yaml.compose(..., Loader=CSafeLoader)`` over the same transcript files;
- ``ipatool validate`` cold in one process (``--no-cache -j1``), cold in parallel (``-j2``),
  warm with nothing changed, warm with one file changed;
- ``ipatool render`` of every table in every format, with one process (``-j1``; the cache warm,
  as after a `validate`, so ``--jobs`` would change nothing: the formats are always written
  one after another), and its ratio to a cold ``validate`` once more with the two interleaved
  (a shared machine's speed drifts over the minutes between the table's rows);
- ``ipatool fmt`` on a copy of the study (every generated file needs rewriting), then
  ``fmt --check`` cold (no cache) and warm, and the issue 14 goals as ratios;
- ``yamllint`` (syntax only) and ``check-jsonschema`` against ``ipatool schema``'s output
  (shape only), when installed (``pip install -e .[bench]``).

Each command runs as a child process; wall time is the best of ``--repeat`` runs and peak RSS
is the child's own (from ``os.wait4``). ipatool's modules are byte-compiled first, so that
commands start as an installed copy does (pip compiles a package when it installs it; an
editable install compiles on first import, except where ``PYTHONDONTWRITEBYTECODE`` is set).

    python benchmarks/run.py [--sizes 10 100 1000] [--repeat 3] [--skip-others] [--skip-render]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"

FLOOR = """
import sys, glob, yaml
for f in sorted(glob.glob(sys.argv[1] + '/transcripts/*.yaml')):
    with open(f, 'rb') as fh:
        yaml.compose(fh.read().decode('utf-8'), Loader=yaml.CSafeLoader)
"""


@dataclass
class Result:
    name: str
    seconds: float
    rss_mb: float
    exit_code: int
    cpu: float = 0.0
    """Best CPU seconds (user + sys) of the child: steadier than wall time on a shared machine."""


def run(cmd: list[str], repeat: int, before: object = None) -> Result:
    """Best wall time and best CPU time of ``repeat`` runs of ``cmd``, and the peak RSS of the
    child."""
    best, cpu, rss, code = float("inf"), float("inf"), 0.0, 0
    for _ in range(repeat):
        if callable(before):
            before()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        code = proc.returncode
        best = min(best, elapsed)
        cpu = min(cpu, usage.ru_utime + usage.ru_stime)
        rss = max(rss, usage.ru_maxrss / 1024)
    return Result(
        " ".join(Path(cmd[0]).name if i == 0 else c for i, c in enumerate(cmd)),
        best,
        rss,
        code,
        cpu,
    )


def _tool(name: str) -> str | None:
    """A command from this Python's environment (a virtualenv need not be activated), or PATH."""
    return shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)


def corpus_bytes(study: Path) -> int:
    return sum(p.stat().st_size for p in (study / "transcripts").glob("*.yaml"))


def ensure_study(n: int) -> Path:
    study = OUT / f"study-{n}"
    if not (study / "ipatool.yaml").is_file():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(study), "--transcripts", str(n)],
            check=True,
        )
    return study


def bench_size(n: int, repeat: int, others: bool, render: bool = True) -> None:
    study = ensure_study(n)
    size = corpus_bytes(study)
    ipatool = [sys.executable, "-m", "ipatool"]
    cache = study / ".ipatool-cache"
    changed = sorted((study / "transcripts").glob("*.yaml"))[0]

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def touch_one() -> None:
        changed.write_bytes(changed.read_bytes())  # new mtime: the file must be looked at again
        text = changed.read_text(encoding="utf-8")
        marker = "# benchmark edit\n"
        changed.write_text(
            text[: -len(marker)] if text.endswith(marker) else text + marker, encoding="utf-8"
        )

    results: list[Result] = []
    floor = run([sys.executable, "-c", FLOOR, str(study)], repeat)
    floor.name = "floor: yaml.compose(CSafeLoader)"
    results.append(floor)
    cold_cmd = [*ipatool, "validate", str(study), "--no-cache", "-j1"]
    cold = run(cold_cmd, repeat)
    cold.name = "validate cold, 1 process"
    results.append(cold)
    par = run([*ipatool, "validate", str(study), "--no-cache", "-j2"], repeat)
    par.name = "validate cold, 2 processes"
    results.append(par)
    run([*ipatool, "validate", str(study)], 1, before=clear_cache)  # fill the cache
    warm = run([*ipatool, "validate", str(study)], repeat)
    warm.name = "validate warm, nothing changed"
    results.append(warm)
    one = run([*ipatool, "validate", str(study), "-j1"], repeat, before=touch_one)
    one.name = "validate warm, one file changed"
    results.append(one)
    fmt_results = bench_fmt(study, ipatool, repeat)
    results += fmt_results
    if render:
        out = OUT / f"rendered-{n}"
        render_cmd = [*ipatool, "render", str(study), "--out", str(out), "--force", "-j1"]
        rend = run(render_cmd, repeat)
        rend.name = "render, all tables and formats, 1 process"
        results.append(rend)
        # the render goal again, a cold validate and a render one after the other each round:
        # a shared machine's speed drifts over minutes, and the table's rows are minutes apart
        pairs = [(run(cold_cmd, 1), run(render_cmd, 1)) for _ in range(repeat)]
    if others:
        if _tool("yamllint"):
            lint = run(
                [
                    str(_tool("yamllint")),
                    "-d",
                    "{extends: relaxed, rules: {line-length: disable}}",
                    str(study / "transcripts"),
                ],
                repeat,
            )
            lint.name = "yamllint (syntax only)"
            results.append(lint)
        if _tool("check-jsonschema"):
            schemas = OUT / "schemas"
            subprocess.run(
                [*ipatool, "schema", "--out", str(schemas)], check=False, capture_output=True
            )
            schema = schemas / "transcript.schema.json"
            if schema.is_file():
                files = sorted(str(p) for p in (study / "transcripts").glob("*.yaml"))
                cj = run(
                    [str(_tool("check-jsonschema")), "--schemafile", str(schema), *files], repeat
                )
                cj.name = "check-jsonschema (shape only)"
                results.append(cj)
    print(f"\n## {n} transcripts, {size / 1e6:.1f} MB (best of {repeat})\n")
    print(
        "| command | wall s | MB/s | x floor | x cold | CPU s | x cold (CPU) | peak RSS MB | exit |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.name} | {r.seconds:.2f} | {size / 1e6 / r.seconds:.1f} | "
            f"{r.seconds / floor.seconds:.2f} | {r.seconds / cold.seconds:.2f} | "
            f"{r.cpu:.2f} | {r.cpu / cold.cpu:.2f} | {r.rss_mb:.0f} | {r.exit_code} |"
        )
    print(f"\nmemory budget (2 x corpus + 100 MB): {2 * size / 1e6 + 100:.0f} MB")
    by_name = {r.name: r.seconds for r in results}
    bare = run([sys.executable, "-c", "pass"], repeat).seconds
    goals = [
        ("cold fmt --check / cold validate (goal <= 2)", "fmt --check cold, 1 process", cold.name),
        (
            "warm fmt --check / warm validate (goal <= 2)",
            "fmt --check warm, nothing changed",
            warm.name,
        ),
        (
            "fmt, every file rewritten / cold validate",
            "fmt, every file needs rewriting, 1 process",
            cold.name,
        ),
    ]
    print("\n| goal | ratio |\n|---|---:|")
    for label, a, b in goals:
        print(f"| {label} | {by_name[a] / by_name[b]:.2f} |")
    print(f"| warm validate / python -c pass (goal <= 8) | {warm.seconds / bare:.2f} |")
    if render:
        print(
            f"| render, 1 process / cold validate (goal <= 1.5): wall | {rend.seconds / cold.seconds:.2f} |"
            f"\n| the same in CPU time | {rend.cpu / cold.cpu:.2f} |"
        )
        v_cpu, r_cpu = min(v.cpu for v, _ in pairs), min(r.cpu for _, r in pairs)
        v_wall, r_wall = min(v.seconds for v, _ in pairs), min(r.seconds for _, r in pairs)
        print(
            f"| the same, interleaved ({repeat} rounds of a cold validate then a render, best of"
            f" each): wall | {r_wall / v_wall:.2f} |\n| the same, interleaved, in CPU time |"
            f" {r_cpu / v_cpu:.2f} (validate {v_cpu:.2f} s, render {r_cpu:.2f} s) |"
        )


def bench_fmt(study: Path, ipatool: list[str], repeat: int) -> list[Result]:
    """``fmt`` on a copy of the study: rewriting every file (the generated layout is not fmt's),
    then ``--check`` cold (no cache, the files never seen) and warm (nothing changed)."""
    copy = OUT / f"{study.name}-fmt"
    source_files = sorted((study / "transcripts").glob("*.yaml"))

    def fresh_copy() -> None:
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(study, copy, ignore=shutil.ignore_patterns(".ipatool-cache"))

    def clear_cache() -> None:
        shutil.rmtree(copy / ".ipatool-cache", ignore_errors=True)

    assert source_files
    rewrite = run([*ipatool, "fmt", str(copy), "--no-cache", "-j1"], repeat, before=fresh_copy)
    rewrite.name = "fmt, every file needs rewriting, 1 process"
    cold = run([*ipatool, "fmt", "--check", str(copy), "-j1"], repeat, before=clear_cache)
    cold.name = "fmt --check cold, 1 process"
    warm = run([*ipatool, "fmt", "--check", str(copy)], repeat)
    warm.name = "fmt --check warm, nothing changed"
    return [rewrite, cold, warm]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--skip-others", action="store_true", help="skip yamllint and check-jsonschema"
    )
    parser.add_argument("--skip-render", action="store_true", help="do not time render")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    compileall.compile_dir(str(HERE.parent / "src"), quiet=1)  # see the module docstring
    version = run([sys.executable, "-m", "ipatool", "--version"], 5)
    script = shutil.which("ipatool", path=str(Path(sys.executable).parent))
    print(f"python -m ipatool --version: {version.seconds * 1000:.0f} ms")
    if script:
        v2 = run([script, "--version"], 5)
        print(f"ipatool --version (console script): {v2.seconds * 1000:.0f} ms")
    example = HERE.parent / "examples" / "mbt-therapists"
    if example.is_dir():
        ex = run([sys.executable, "-m", "ipatool", "validate", str(example), "--no-cache"], 5)
        print(f"ipatool validate examples/mbt-therapists: {ex.seconds * 1000:.0f} ms")
    for n in args.sizes:
        bench_size(n, args.repeat, not args.skip_others, not args.skip_render)


if __name__ == "__main__":
    main()
