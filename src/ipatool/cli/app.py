"""The ``ipatool`` command: a Typer app that each command module registers itself on."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer


def build_app() -> typer.Typer:
    """The Typer application with every command registered."""
    import typer

    from ipatool import __version__

    app = typer.Typer(
        name="ipatool",
        help="Check and render qualitative studies (IPA, thematic analysis) kept as YAML in git.",
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

    from ipatool.cli import agreement, exchange, fmt, importing, init, render, schema, validate

    # help lists commands in this order; exchange attaches `import qdpx` to importing's group
    for module in (validate, render, init, importing, fmt, schema, agreement, exchange):
        module.register(app)
    _report_interrupts(app)
    return app


INTERRUPTED = (
    "ipatool: interrupted; nothing half-written was left behind "
    "(every file is written whole or not at all)"
)


def _report_interrupts(app: typer.Typer) -> None:
    """Make Ctrl-C in any command say what state the files are in, then exit 130; and give the
    garbage collector back as it was (``validate`` and ``render`` pause it) when a command ends."""
    import functools
    import gc

    import typer

    def wrap(callback: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            collecting = gc.isenabled()
            try:
                return callback(*args, **kwargs)
            except KeyboardInterrupt:
                typer.echo(INTERRUPTED, err=True)
                raise typer.Exit(130) from None
            finally:
                if collecting:
                    gc.enable()

        return run

    for info in app.registered_commands:
        if info.callback is not None:
            info.callback = wrap(info.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _report_interrupts(group.typer_instance)


def main() -> None:
    """Entry point of the ``ipatool`` console script."""
    if sys.argv[1:] == ["--version"]:  # answer at once, without importing the command stack
        from ipatool import __version__

        sys.stdout.write(f"ipatool {__version__}\n")
        return
    app = build_app()
    app()
