"""``ipatool schema``: write JSON Schema files for editor completion and inline errors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipatool.cli.common import Exit, fail, stderr, stdout


def schema(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The folder to write the schemas into.")
    ] = Path("schemas"),
    study: Annotated[
        Path | None,
        typer.Option(
            "--study",
            help="A study whose declared demographic fields (and their levels) the "
            "participants schema should know.",
        ),
    ] = None,
) -> None:
    """Write a JSON Schema for each kind of study file.

    Draft 2020-12, for completion and inline errors in an editor: ipatool.schema.json,
    participants.schema.json, themes.schema.json, pets.schema.json and
    transcript.schema.json."""
    from ipatool.diagnostics import Severity
    from ipatool.files import atomic_write, find_study_root
    from ipatool.read.loader import read_settings
    from ipatool.read.models import StudyConfig
    from ipatool.write.schema import FILE_NAMES, json_schemas, render

    config: StudyConfig | None = None
    if study is not None:
        find_study_root(study)
        model, found = read_settings(study)
        if model is None:
            first = next((d for d in found if d.severity is Severity.ERROR), None)
            where = f":{first.span.line}:{first.span.column}: {first.message}" if first else ""
            fail(f"ipatool.yaml cannot be used{where}; run 'ipatool validate'")
        config = model
    if out.exists() and not out.is_dir():
        fail(f"{out}: is a file; give a folder with --out")
    for kind, schema_body in json_schemas(config).items():
        path = out / FILE_NAMES[kind]
        atomic_write(path, render(schema_body))
        stdout().print(f"wrote {path.as_posix()}", markup=False)
    stderr().print(
        "point your editor at them; see 'Editor support' in docs/schema.md", markup=False
    )
    raise typer.Exit(int(Exit.OK))


def register(app: typer.Typer) -> None:
    app.command()(schema)
