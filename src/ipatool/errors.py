"""The one kind of error a user can put right: a command that cannot run (exit 2).

Every "cannot run" of the library (no study here, a file that cannot be imported, a template
error, an unsafe output path, an unreadable REFI-QDA file, ...) is a :class:`UserError` whose
message names the file and the place. The CLI reports them all in one handler
(``ipatool.cli.app``): ``ipatool: message`` on standard error, exit 2, never a traceback.
Findings in a study are not errors of this kind: they are diagnostics, collected and returned.
"""

from __future__ import annotations


class UserError(Exception):
    """A command cannot run; the message says why and where, and how to go on.

    ``nothing_written`` is set on kinds raised before any file is touched, so the report can
    say so.
    """

    nothing_written: bool = False

    def report(self) -> str:
        """The message as the CLI prints it after ``ipatool:``."""
        return f"{self}\nipatool: nothing was written" if self.nothing_written else str(self)
