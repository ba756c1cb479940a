"""Compare what two versions of ipatool write: every rendered file and every diagnostic, byte for byte.

A refactoring promises "no user-visible change"; this script is how that promise is checked. It
runs the CLI of two source trees (``--base`` and ``--new``, each a checkout's ``src`` folder) on
the same studies and compares their outputs:

- the bundled example, rendered with and without ``--codes``;
- every study folder under ``tests/broken_studies`` (rendered with ``--force``) and its
  ``validate --format json`` findings, and each study's ``ipatool schema --study`` files;
- generated studies (``--sizes``, made once by benchmarks/generate.py), rendered and validated.

Both trees run from a copy of each study, so neither sees the other's cache. It prints one line
per study and exits 1 if any file or finding differs.

    python benchmarks/compare_outputs.py --base ../main-before/src --new src [--sizes 100 1000]
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GENERATED = HERE / "out"


def ipatool(src: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI of the tree at ``src`` (its ``src`` folder first on the path)."""
    env = dict(os.environ, PYTHONPATH=str(src.resolve()), NO_COLOR="1", COLUMNS="200")
    cmd = [sys.executable, "-c", "from ipatool.cli.app import main; main()", *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)


def lay_out(study: Path, copy: Path) -> None:
    """Copy ``study``; a broken-study case is laid over ``_base`` as its test does (less ``remove``)."""
    skip = shutil.ignore_patterns(".ipatool-cache", "rendered", "expected.yaml")
    if study.parent.name != "broken_studies" or study.name == "_base":
        shutil.copytree(study, copy, ignore=skip)
        return
    shutil.copytree(study.parent / "_base", copy, ignore=skip)
    shutil.copytree(study, copy, ignore=skip, dirs_exist_ok=True)
    expected = (study / "expected.yaml").read_text(encoding="utf-8")
    if "remove:" in expected:
        for name in (yaml.safe_load(expected) or {}).get("remove", []) or []:
            target = copy / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()


def outputs(src: Path, study: Path, work: Path, render_args: list[str]) -> Path:
    """Render and validate a copy of ``study`` with the tree at ``src``; the folder of results."""
    copy = work / "study"
    lay_out(study, copy)
    out = work / "out"
    out.mkdir()
    rendered = ipatool(
        src, ["render", str(copy), "--out", str(out / "rendered"), *render_args], work
    )
    checked = ipatool(src, ["validate", str(copy), "--format", "json", "--no-cache"], work)
    schemas = ipatool(src, ["schema", "--study", str(copy), "--out", str(out / "schemas")], work)
    runs = (("render", rendered), ("validate", checked), ("schema", schemas))
    for name, proc in runs:
        text = (
            proc.stdout
            + b"\n--- stderr\n"
            + proc.stderr
            + f"\n--- exit {proc.returncode}\n".encode()
        )
        (out / f"{name}.txt").write_bytes(text.replace(str(work).encode(), b"WORK"))
    return out


def differences(left: Path, right: Path) -> list[str]:
    """Files that are missing on one side or differ in their bytes."""
    found: list[str] = []
    names = {p.relative_to(left) for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right) for p in right.rglob("*") if p.is_file()}
    for name in sorted(names):
        a, b = left / name, right / name
        if not a.is_file() or not b.is_file():
            found.append(f"{name}: only on one side")
        elif not filecmp.cmp(a, b, shallow=False):
            found.append(f"{name}: differs")
    return found


def studies(sizes: list[int], *, fixtures: bool = True) -> list[tuple[str, Path, list[str]]]:
    """Every study to compare, with a label and extra render options."""
    example = ROOT / "examples" / "mbt-therapists"
    found = [("example", example, []), ("example --codes", example, ["--codes"])]
    if not fixtures:
        found = []
    for folder in sorted((ROOT / "tests" / "broken_studies").iterdir() if fixtures else []):
        if (folder.is_dir() and (folder / "expected.yaml").is_file()) or folder.name == "_base":
            found.append((f"broken/{folder.name}", folder, ["--force"]))
    for size in sizes:
        target = GENERATED / f"study-{size}"
        if not (target / "ipatool.yaml").is_file():
            gen = [
                sys.executable,
                str(HERE / "generate.py"),
                str(target),
                "--transcripts",
                str(size),
            ]
            subprocess.run(gen, check=True)
        found.append((f"generated {size}", target, []))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the src folder before")
    parser.add_argument("--new", type=Path, default=ROOT / "src", help="the src folder after")
    parser.add_argument("--sizes", type=int, nargs="*", default=[100])
    parser.add_argument(
        "--generated-only", action="store_true", help="skip the example and the broken studies"
    )
    args = parser.parse_args()
    failed = 0
    files = 0
    for label, study, extra in studies(args.sizes, fixtures=not args.generated_only):
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "base").mkdir()
            (Path(tmp) / "new").mkdir()
            base = outputs(args.base, study, Path(tmp) / "base", extra)
            new = outputs(args.new, study, Path(tmp) / "new", extra)
            diff = differences(base, new)
            count = sum(1 for p in base.rglob("*") if p.is_file())
            files += count
            print(f"{'DIFFERS' if diff else 'same   '} {label} ({count} files)")
            for line in diff:
                print(f"    {line}")
            failed += bool(diff)
    print(f"{files} files compared; {failed} studies differ")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
