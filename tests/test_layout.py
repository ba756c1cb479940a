"""The shape of the code base: tests mirror the packages, modules stay small, imports have no cycles.

Like rendercv's ``tests/test_tests.py``: a package without a test folder, or a test folder that
names no package, fails here, so the tree keeps showing the pipeline.
"""

from __future__ import annotations

import ast
from pathlib import Path

import ipatool

SRC = Path(ipatool.__file__).resolve().parent
TESTS = Path(__file__).resolve().parent

NOT_PACKAGES = {"reliability", "broken_studies", "docs", "data", "__pycache__"}
"""Test folders that are not a package's mirror: the whole-program robustness tests, the
broken studies (test data), the tests that keep the docs in step, and data files."""

MAX_LINES = 500


def _packages(root: Path) -> set[str]:
    return {
        p.parent.relative_to(root).as_posix()
        for p in root.rglob("__init__.py")
        if p.parent != root and "__pycache__" not in p.parts
    }


def _holds_tests(folder: Path) -> bool:
    return any(folder.glob("test_*.py")) or any(p.is_dir() for p in folder.iterdir())


def _test_folders(root: Path) -> set[str]:
    folders = (f for f in root.rglob("*") if f.is_dir())
    return {
        f.relative_to(root).as_posix()
        for f in folders
        if not set(f.relative_to(root).parts) & NOT_PACKAGES and _holds_tests(f)
    }


def test_every_package_has_a_test_folder() -> None:
    assert sorted(_packages(SRC) - _test_folders(TESTS)) == []


def test_every_test_folder_mirrors_a_package() -> None:
    assert sorted(_test_folders(TESTS) - _packages(SRC)) == []


def test_no_module_is_over_500_lines() -> None:
    long = {
        p.relative_to(SRC).as_posix(): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The ipatool modules a module imports at its top level (not inside functions, and not in
    ``if TYPE_CHECKING:`` blocks, which import nothing at run time)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.module in modules:
            subs = {f"{node.module}.{a.name}" for a in node.names} & modules
            names = [a for a in node.names if f"{node.module}.{a.name}" not in modules]
            found |= subs | ({node.module} if names else set())
    return found


def test_no_import_cycles() -> None:
    modules = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    names = set(modules)
    # a module's own parent packages are initialised before it: importing them is no cycle
    graph = {
        name: {m for m in _imports(path, names) if not name.startswith(m + ".") and m != name}
        for name, path in modules.items()
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
