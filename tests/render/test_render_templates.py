"""Template lookup, overriding one block, the sandbox and clear template errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipatool.read.loader import load_study
from ipatool.render import RenderError, render_study
from ipatool.render.templates import builtin_dir, search_path


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _html(root: Path, templates: Path | None = None) -> str:
    study, _ = load_study(root)
    return render_study(study, formats=["html"], templates=templates).files["tables.html"].decode()


def test_search_path_order(small: Path, tmp_path: Path) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    assert search_path(small, None) == [builtin_dir()]
    (small / "templates").mkdir()
    assert search_path(small, user) == [user, small / "templates", builtin_dir()]
    assert (builtin_dir() / "html" / "page.html.j2").is_file()


def test_override_one_block_with_extends(small: Path) -> None:
    _write(
        small / "templates" / "html" / "themes.html.j2",
        '{% extends "builtin/html/themes.html.j2" %}\n'
        '{% block notes %}<p class="note">Custom note for {{ table.label }}</p>{% endblock %}\n',
    )
    html = _html(small)
    assert '<p class="note">Custom note for Table 3</p>' in html
    assert "Early trust" in html  # the rest of the built-in table is still there
    # the other tables keep theirs, and so does the heat map figure
    assert html.count('<p class="note"><em>Note.</em>') == 9 + 1


def test_templates_option_comes_before_the_study(small: Path, tmp_path: Path) -> None:
    _write(small / "templates" / "md" / "sentence.md.j2", "STUDY {{ table.data.n }}\n")
    user = tmp_path / "user"
    _write(user / "md" / "sentence.md.j2", "USER {{ table.data.n }}\n")
    study, _ = load_study(small)
    assert "STUDY 5" in render_study(study, formats=["md"]).files["tables.md"].decode()
    text = render_study(study, formats=["md"], templates=user).files["tables.md"].decode()
    assert "USER 5" in text and "STUDY" not in text


@pytest.mark.parametrize(
    "body",
    [
        "{{ table.data.__class__.__mro__ }}",
        "{{ table._private }}",
        "{{ ''.__class__.__subclasses__() }}",
        "{{ table.data.to_json.__globals__['os'] }}",
        "{{ table.grid.__class__ }}",
        "{{ table.grid.rows[0].__slots__ }}",
        "{{ table.grid.rows[0]._fields }}",
        "{{ table.grid.to_json.__func__ }}",
        "{{ heatmap.__globals__ }}",
        "{{ body_rows.__globals__ }}",
    ],
)
def test_sandbox_refuses_private_attributes(small: Path, body: str) -> None:
    _write(small / "templates" / "md" / "sentence.md.j2", body + "\n")
    study, _ = load_study(small)
    with pytest.raises(RenderError) as exc:
        render_study(study, formats=["md"])
    assert "sentence.md.j2:1" in str(exc.value)


def test_undefined_variable_names_file_and_line(small: Path) -> None:
    path = _write(
        small / "templates" / "md" / "sentence.md.j2", "line one\n\n{{ no_such_thing }}\n"
    )
    study, _ = load_study(small)
    with pytest.raises(RenderError) as exc:
        render_study(study, formats=["md"])
    assert f"{path}:3" in str(exc.value)
    assert "no_such_thing" in str(exc.value)


def test_syntax_error_names_file_and_line(small: Path) -> None:
    path = _write(small / "templates" / "tex" / "themes.tex.j2", "ok\n{% if %}\n")
    study, _ = load_study(small)
    with pytest.raises(RenderError) as exc:
        render_study(study, formats=["tex"])
    assert f"{path}:2" in str(exc.value)
    assert "syntax error" in str(exc.value)


def test_sandbox_reads_own_table_data_quickly_but_safely() -> None:
    """The fast path for ipatool's table data refuses exactly what Jinja's own check refuses."""
    from jinja2.sandbox import SandboxedEnvironment

    from ipatool.analysis.grid import Column, Grid, Row
    from ipatool.render.templates import make_env

    env = make_env("md", [builtin_dir()])
    grid = Grid("g", "G", (Column("A"),), (Row(("x",)),))
    parent = SandboxedEnvironment()
    for obj in (grid, grid.rows[0], grid.columns[0]):
        for attr in (
            "cells",
            "rows",
            "title",
            "to_json",
            "_x",
            "__class__",
            "__slots__",
            "__init__",
        ):
            value = getattr(obj, attr, None)
            assert env.is_safe_attribute(obj, attr, value) == parent.is_safe_attribute(
                obj, attr, value
            )
    method = grid.to_json
    assert not env.is_safe_attribute(method, "__func__", method.__func__)  # type: ignore[attr-defined]
