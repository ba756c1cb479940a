"""A study's own templates run in Jinja's sandbox: no files, no modules, no environment.

Each hostile template replaces the study's Markdown document template. A secret is planted in
the environment and in a file next to (outside) the study; neither may appear in any output,
and the render either refuses (exit 2 naming the template) or writes harmless text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import assert_clean_exit, require_command, run_cli, write_study

SECRET = "s3cr3t-7d1f0c"
TEMPLATE = "templates/md/document.md.j2"

HOSTILE = {
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals-lipsum": "{{ lipsum.__globals__['os'].environ }}",
    "globals-cycler": "{{ cycler.__init__.__globals__.os.popen('env').read() }}",
    "globals-helper": "{{ heatmap.__globals__ }}",
    "format-string": "{{ '{0.__init__.__globals__}'.format(cycler) }}",
    "format-map": "{{ '{x.__class__}'.format_map({'x': tables}) }}",
    "self-context": "{{ self._TemplateReference__context }}",
    "attr-filter": "{{ (tables|attr('__class__')).__mro__ }}",
    "namespace": "{{ namespace.__init__.__globals__ }}",
    "include-parent": "{% include '../../secret.txt' %}",
    "include-builtin-parent": "{% include 'builtin/../../../secret.txt' %}",
    "include-absolute": "{% include '__ABS__' %}",
    "import-os": "{% import 'os' as os %}{{ os.environ }}",
    "environ-name": "{{ environ['IPATOOL_SECRET'] }}",
}


def _setup(tmp_path: Path, body: str) -> tuple[Path, Path]:
    root = tmp_path / "study"
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(f"{SECRET}\n", encoding="utf-8")
    body = body.replace("__ABS__", str(secret_file))
    write_study(root, {TEMPLATE: body})
    return root, tmp_path / "out"


def _all_output(out_dir: Path, *texts: str) -> str:
    parts = list(texts)
    if out_dir.exists():
        parts += [
            p.read_text(encoding="utf-8", errors="replace")
            for p in out_dir.rglob("*")
            if p.is_file()
        ]
    return "\n".join(parts)


def test_a_study_template_is_used(tmp_path: Path) -> None:
    """The control: without this, every refusal below could be a template that was never read."""
    require_command("render")
    root, out_dir = _setup(tmp_path, "MARKER {{ study.title }}\n")
    out = run_cli("render", root, "--out", out_dir, "--format", "md")
    assert_clean_exit(out, (0,))
    assert (out_dir / "tables.md").read_text(encoding="utf-8") == (
        "MARKER A small study of trust in therapy\n"
    )


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_template_reaches_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    require_command("render")
    monkeypatch.setenv("IPATOOL_SECRET", SECRET)
    root, out_dir = _setup(tmp_path, "BEFORE " + HOSTILE[case] + " AFTER\n")
    out = run_cli("render", root, "--out", out_dir, "--format", "md")
    assert_clean_exit(out, (0, 2))
    everything = _all_output(out_dir, out.stdout, out.stderr)
    assert SECRET not in everything
    assert "<class 'subprocess" not in everything and "<module 'os'" not in everything
    if out.exit_code == 2:
        assert "document.md.j2" in out.stderr or "template" in out.stderr, out
        assert not (out_dir / "tables.md").exists()  # nothing written after a template error


@pytest.mark.parametrize(
    "body",
    [
        "{{ 1/0 }}",
        "{{ tables[99] }}",
        "{{ '%s' % (1, 2) }}",
        "{% include 'md/no-such.md.j2' %}",
        "{% if %}",
        "{{ range(10**12)|list|length }}",
        "{% for i in range(10**12) %}{% endfor %}",
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        '{% extends "md/document.md.j2" %}',
        "{{ 'x' * 10**10 }}",
        "{{ 2 ** 100000000 }}",
        "{{ [0] * 10**9 }}",
    ],
)
def test_template_failures_are_clear_errors(tmp_path: Path, body: str) -> None:
    require_command("render")
    root, out_dir = _setup(tmp_path, body)
    out = run_cli("render", root, "--out", out_dir, "--format", "md")
    assert_clean_exit(out, (2,))
    assert "document.md.j2" in out.stderr or "template" in out.stderr
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_symlinked_template_outside_the_study_is_not_read(tmp_path: Path) -> None:
    require_command("render")
    root, out_dir = _setup(tmp_path, "placeholder\n")
    (root / TEMPLATE).unlink()
    (root / TEMPLATE).symlink_to(tmp_path / "secret.txt")
    out = run_cli("render", root, "--out", out_dir, "--format", "md")
    assert_clean_exit(out, (0, 2))
    assert SECRET not in _all_output(out_dir, out.stdout, out.stderr)
