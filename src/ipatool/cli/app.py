"""The ``ipatool`` command: a Typer app that each command module registers itself on.

This is also where the process's garbage-collector policy is set, once, in :func:`main`: the
library itself never touches :mod:`gc`, so calling it from Python (or running a command
in-process, as the tests do) leaves the collector as it was.
"""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ipatool import __version__
from ipatool.errors import UserError

if TYPE_CHECKING:
    import typer

GC_THRESHOLD = (200_000, 20, 100)
"""Collect the youngest generation every 200,000 allocations, not 700: reading a study makes
millions of objects and next to no reference cycles, and frequent collections walked them
again and again (a third of a cold ``validate``'s time at 700). ``render`` of a thousand
transcripts makes some six million containers: at 50,000 its collections took 0.6-1.0 s, at
200,000 0.3-0.6 s (mypy collects at 200,000 for the same reason)."""


def build_app() -> typer.Typer:
    """The Typer application with every command registered."""
    import typer  # here, not at the top: ``ipatool --version`` answers without it

    from ipatool.cli import helptext  # with typer, as above

    app = typer.Typer(
        name="ipatool",
        help="Check and render qualitative studies (IPA, thematic analysis) kept as YAML in git.",
        epilog=helptext.DOCS_POINTER,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    def version_callback(value: bool) -> None:
        if value:
            typer.echo(f"ipatool {__version__}")
            raise typer.Exit()

    @app.callback()
    def root(
        version: bool = typer.Option(
            False,
            "--version",
            help="Show the version and exit.",
            callback=version_callback,
            is_eager=True,
        ),
    ) -> None:
        """Check and render qualitative studies (IPA, thematic analysis) kept as YAML in git."""

    # here, not at the top: ``ipatool --version`` answers without the command modules
    from ipatool.cli import agreement, exchange, fmt, importing, init, render, schema, validate

    # exchange attaches `import qdpx` to importing's group; help lists them in helptext.ORDER
    for module in (validate, render, init, importing, fmt, schema, agreement, exchange):
        module.register(app)
    from ipatool.cli import diff, history  # issue 18: reviewing coding in git

    diff.register(app)
    history.register(app)
    helptext.apply(app)
    _handle_errors(app)
    return app


INTERRUPTED = (
    "ipatool: interrupted; nothing half-written was left behind "
    "(every file is written whole or not at all)"
)


def _handle_errors(app: typer.Typer) -> None:
    """The one handler of every command: a :class:`~ipatool.errors.UserError` is printed as
    ``ipatool: message`` and exits 2; Ctrl-C says what state the files are in and exits 130."""
    import typer  # as in build_app, which is the only caller

    from ipatool.cli.common import fail  # with typer, as above

    def wrap(callback: Callable[..., Any]) -> Callable[..., Any]:
        if getattr(callback, "handles_errors", False):  # the sub-apps are module-level: once
            return callback

        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except UserError as exc:
                fail(exc.report())
            except KeyboardInterrupt:
                typer.echo(INTERRUPTED, err=True)
                raise typer.Exit(130) from None

        run.handles_errors = True  # type: ignore[attr-defined]
        return run

    for info in app.registered_commands:
        if info.callback is not None:
            info.callback = wrap(info.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _handle_errors(group.typer_instance)


def main() -> None:
    """Entry point of the ``ipatool`` console script."""
    if sys.argv[1:] == ["--version"]:  # answer at once, without importing the command stack
        sys.stdout.write(f"ipatool {__version__}\n")
        return
    if sys.argv[1:2] in (["validate"], ["fmt"]):
        from ipatool.cli import warm  # answers an unchanged study without the command stack

        code = warm.answer(sys.argv[1:]) if warm.enabled() else None
        if code is not None:
            raise SystemExit(code)
    app = build_app()
    set_gc_policy()
    app()


def set_gc_policy() -> None:
    """The collector's policy for one command run as a process: what is imported by now (the
    command stack) is moved out of its sight for good, and young objects are collected far
    less often (:data:`GC_THRESHOLD`). It still runs, so a command that makes cycles frees
    them. Worker processes forked by the command inherit the policy."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
