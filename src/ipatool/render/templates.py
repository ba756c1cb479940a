"""Jinja environments per format: template lookup, sandboxing, escaping and clear errors.

Lookup is one search path, like mkdocs: ``--templates DIR``, then the study's ``templates/``,
then the built-ins; the built-ins are also reachable as ``builtin/<name>`` so that a user template
can ``{% extends "builtin/html/page.html.j2" %}`` and override a single block.
"""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ipatool.analysis.quoting import inline
from ipatool.errors import UserError
from ipatool.render import escape, quotes, rows
from ipatool.render import geometry as layout

BUILTIN_PREFIX = "builtin"


class RenderError(UserError):
    """A template could not be rendered (syntax error, undefined variable, refused access).

    Raised while the files are still staged, so the output folder is untouched."""

    nothing_written = True


def builtin_dir() -> Path:
    """The built-in templates: the installed package data, else the repository's ``templates/``."""
    packaged = Path(str(resources.files("ipatool"))) / "builtin_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


def search_path(study_root: Path, user_dir: Path | None) -> list[Path]:
    """The template folders, first match wins."""
    out: list[Path] = []
    if user_dir is not None:
        out.append(user_dir)
    if (study_root / "templates").is_dir():
        out.append(study_root / "templates")
    out.append(builtin_dir())
    return out


def _finalizer(fn: Callable[[str], str]) -> Callable[[Any], Any]:
    def finalize(value: Any) -> Any:
        if isinstance(value, escape.Raw) or not isinstance(value, str):
            return value
        return fn(value)

    return finalize


def _lines_filter(fmt: str) -> Callable[[Any], Any]:
    """``{{ cell | lines }}``: a multi-line cell, each line escaped, joined the format's way."""

    def lines(value: Any) -> Any:
        if fmt == "html":
            return Markup(rows.html_lines(str(value)))
        if fmt == "tex":
            return escape.Raw(escape.tex_lines(str(value)))
        return escape.Raw(escape.md_lines(str(value)))

    return lines


def make_env(fmt: str, paths: Sequence[Path]) -> jinja2.Environment:
    """A sandboxed environment for ``fmt`` (``md``, ``html`` or ``tex``) over ``paths``."""
    loader = jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader(
                {BUILTIN_PREFIX: ContainedLoader(str(builtin_dir()))}, delimiter="/"
            ),
            ContainedLoader([str(p) for p in paths]),
        ]
    )
    kwargs: dict[str, Any] = {
        "loader": loader,
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "auto_reload": False,
    }
    if fmt == "html":
        kwargs["autoescape"] = True
    elif fmt == "tex":
        kwargs["finalize"] = _finalizer(escape.tex)
    else:
        kwargs["finalize"] = _finalizer(escape.md)
    env = BoundedSandbox(**kwargs)
    env.filters["lines"] = _lines_filter(fmt)
    env.filters["inline"] = inline
    env.globals["colspec"] = layout.tex_colspec
    env.globals["heatmap"] = layout.heatmap
    env.globals["body_rows"] = {"html": rows.html_rows, "tex": rows.tex_rows}.get(fmt, rows.md_rows)
    env.globals["quote_passages"] = {
        "html": quotes.html_passages,
        "tex": quotes.tex_passages,
    }.get(fmt, quotes.md_passages)
    if fmt == "html":
        env.globals["heatmap_cells"] = rows.heatmap_cells
    if fmt == "tex":
        env.filters["tex"] = lambda v: escape.Raw(escape.tex(str(v)))
    if fmt == "md":
        env.filters["md"] = lambda v: escape.Raw(escape.md(str(v)))
    return env


MAX_SEQUENCE = 100_000
"""The longest string or list a template may build with ``*`` (or ``range``)."""
MAX_EXPONENT = 64


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, also refusing arithmetic that would exhaust memory or time."""

    intercepted_binops = frozenset(["*", "**"])

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # ipatool's own table data (a grid, its rows, a table's data): only "_" names are
        # refused, as Jinja's check does for any plain instance; it is just quicker here
        if _is_own_data(type(obj)):
            return not attr.startswith("_")
        return bool(super().is_safe_attribute(obj, attr, value))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"the exponent {right} is too large for a template")
            return left**right
        sizes = [len(x) for x in (left, right) if isinstance(x, str | list | tuple)]
        counts = [x for x in (left, right) if isinstance(x, int) and not isinstance(x, bool)]
        if sizes and counts and sizes[0] * max(counts[0], 0) > MAX_SEQUENCE:
            raise SecurityError("a template may not build a text or list this long")
        return left * right


_OWN_MODULES = ("ipatool.analysis.", "ipatool.render.")
_own_data: dict[type, bool] = {}


def _is_own_data(cls: type) -> bool:
    """Whether ``cls`` is one of ipatool's dataclasses of table data (Grid, Row, RenderedTable...)."""
    own = _own_data.get(cls)
    if own is None:
        own = _own_data[cls] = dataclasses.is_dataclass(cls) and cls.__module__.startswith(
            _OWN_MODULES
        )
    return own


class ContainedLoader(jinja2.FileSystemLoader):
    """A file loader that refuses templates outside its folders (through symlinks or ``..``)."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        roots = [Path(p).resolve() for p in self.searchpath]
        if not any(real == r or r in real.parents for r in roots):
            raise jinja2.TemplateNotFound(
                f"{template} (it leads outside the template folders, through a link)"
            )
        return source, filename, uptodate


def _where(exc: BaseException) -> str:
    """``file:line`` of the innermost template frame of a runtime template error."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or "/templates/" in frame.filename.replace("\\", "/"):
            return f"{frame.filename}:{frame.lineno}"
    return "(template)"


def stream_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> Iterator[str]:
    """Render one template as it is iterated (its text in pieces, never whole); any template
    problem becomes a :class:`RenderError` naming file:line."""
    try:
        yield from env.get_template(name).generate(context)
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name or name}:{exc.lineno}"
        raise RenderError(f"{where}: template syntax error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(
            f"template not found: {exc.name} (looked in the template search path)"
        ) from None
    except jinja2.UndefinedError as exc:
        raise RenderError(f"{_where(exc)}: undefined in template: {exc.message}") from None
    except SecurityError as exc:
        raise RenderError(f"{_where(exc)}: refused by the template sandbox: {exc}") from None
    except jinja2.TemplateError as exc:
        raise RenderError(f"{_where(exc)}: template error: {exc}") from None
    except RecursionError:
        raise RenderError(
            f"{name}: templates call or extend each other without end; a template that "
            'extends the built-in of its own name must say "builtin/<name>"'
        ) from None
    except (OverflowError, MemoryError) as exc:
        raise RenderError(f"{_where(exc)}: the template asks for too much: {exc}") from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError) as exc:
        raise RenderError(f"{_where(exc)}: template error: {exc}") from None
