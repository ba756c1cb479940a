"""The app's one error handler: every command wrapped once, however often the app is built."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from ipatool.cli.app import build_app
from ipatool.cli.importing import import_app


def _depth(callback: Any) -> int:
    depth = 0
    while hasattr(callback, "__wrapped__"):
        callback, depth = callback.__wrapped__, depth + 1
    return depth


def test_building_the_app_again_neither_wraps_nor_adds_commands_again() -> None:
    for _ in range(5):
        build_app()
    assert {_depth(info.callback) for info in import_app.registered_commands} == {1}
    names = [info.name for info in import_app.registered_commands]
    assert sorted(names) == ["codebook", "participants", "qdpx", "transcript"]


def test_a_user_error_is_one_line_and_exit_2(tmp_path: Any) -> None:
    result = CliRunner().invoke(build_app(), ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "ipatool:" in result.output and "no such folder" in result.output
