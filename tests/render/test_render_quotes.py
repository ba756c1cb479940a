"""The quote bank and the personal themes printed as journals print quotes (APA 7), in md, html
and tex: short quotes in quotation marks with (pseudonym, source), 40 words or more as a block
quotation, conceptual notes under a quote with ``--notes``.

The small study's FG1/7 (P5, whole turn, c3) is made 40 words long here; every other quote is
short.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ipatool.analysis import Options
from ipatool.cli.app import build_app
from ipatool.cli.turns import turn_notes
from ipatool.read.loader import load_study
from ipatool.render import render_study

LONG = " ".join(["I stay, even when they tell me to go."] * 5)  # 9 words x 5 = 45 words
FORTY = " ".join(f"word{i}" for i in range(40))


def _lengthen(root: Path, text: str) -> None:
    path = root / "transcripts" / "FG1.yaml"
    old = path.read_text(encoding="utf-8")
    path.write_text(old.replace("text: I stay, even when they tell me to go.", f"text: {text}"))


def _render(root: Path, fmt: str, notes: bool = False) -> str:
    study, _ = load_study(root)
    files = render_study(
        study,
        formats=[fmt],
        tables=["quotes", "pets"],
        options=Options(notes=notes, turn_notes=turn_notes(study) if notes else None),
    ).files
    if fmt == "tex":
        return (files["tex/quotes.tex"] + files["tex/pets.tex"]).decode()
    return files[f"tables.{fmt}"].decode()


def test_md_short_quotes_in_marks_and_a_block_quote(small: Path) -> None:
    _lengthen(small, FORTY)
    md = _render(small, "md")
    assert (
        "\n\u201cThe first meeting sets the tone for everything.\u201d (P2, Focus group 1)\n" in md
    )
    assert "\n\u201cthe first meeting\u201d (P1, Interview 1)\n" in md
    assert f"\n> {FORTY} (P5, Focus group 1)\n" in md
    assert f"\u201c{FORTY}" not in md
    assert "**Trust**\n\n*Early trust*\n\n" in md
    assert "**P1 (One-to-one interview 1)**\n\n***Trust***\n\n*Early trust*\n\n" in md
    assert "Conceptual note" not in md


def test_thirty_nine_words_stay_in_marks(small: Path) -> None:
    thirty_nine = " ".join(f"word{i}" for i in range(39))
    _lengthen(small, thirty_nine)
    md = _render(small, "md")
    assert f"\n\u201c{thirty_nine}\u201d (P5, Focus group 1)\n" in md
    assert "\n> " not in md


def test_html_blockquote_and_citation(small: Path) -> None:
    _lengthen(small, LONG)
    html = _render(small, "html")
    assert (
        f'<blockquote><p>{LONG} <span class="citation">(P5, Focus group 1)</span></p></blockquote>'
        in html
    )
    assert (
        '<p class="quote">\u201cthe first meeting\u201d <span class="citation">(P1, Interview 1)'
        "</span></p>" in html
    )
    assert "<h3>Trust</h3>\n<h5>Early trust</h5>" in html


def test_tex_quote_environment(small: Path) -> None:
    _lengthen(small, LONG)
    tex = _render(small, "tex")
    assert f"\\begin{{quote}}\n{LONG} (P5, Focus group 1)\n\\end{{quote}}" in tex
    assert "\\noindent ``the first meeting'' (P1, Interview 1)\\par" in tex


def test_curly_marks_are_not_printed_twice(small: Path) -> None:
    # issue 17: a quote written with its own curly marks
    path = small / "transcripts" / "I1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("quote: the first meeting", 'quote: "\u201cthe first meeting\u201d"')
    )
    _study, diags = load_study(small)
    assert not [d for d in diags if d.code == "IPA401"]  # the matcher finds it
    md = _render(small, "md")
    assert "\u201cthe first meeting\u201d (P1, Interview 1)" in md
    assert "\u201c\u201c" not in md and "\u201d\u201d" not in md


def test_notes_under_quotes_with_the_option(noted: Path) -> None:
    md = _render(noted, "md", notes=True)
    assert (
        "\u201cthe first meeting\u201d (P1, Interview 1)\n\n*Conceptual note.* trust as foresight "
        "(B)\n\n" in md
    )
    html = _render(noted, "html", notes=True)
    assert '<p class="quote-note"><em>Conceptual note.</em> change as sudden (C)</p>' in html
    result = CliRunner().invoke(
        build_app(), ["render", str(noted), "-t", "quotes", "-f", "md", "--notes"]
    )
    assert result.exit_code == 0
    out = (noted / "rendered" / "tables.md").read_text(encoding="utf-8")
    assert "*Conceptual note.* trust as foresight (B)" in out


def test_the_documented_markdown_loop_draws_the_same(noted: Path) -> None:
    """docs/render.md's Markdown loop for quotes, pasted into an override, changes nothing."""
    import re

    docs = Path(__file__).resolve().parents[2] / "docs" / "render.md"
    section = docs.read_text(encoding="utf-8").split("### Quotes as journals print them", 1)[1]
    (loop,) = re.findall(r"```jinja\n(.*?)```", section.split("\n### ", 1)[0], flags=re.S)
    _lengthen(noted, LONG)
    before = _render(noted, "md", notes=True)
    for name in ("quotes", "pets"):
        path = noted / "templates" / "md" / f"{name}.md.j2"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'{{% extends "builtin/md/{name}.md.j2" %}}\n{{% block quotes %}}\n{loop}{{% endblock %}}\n',
            encoding="utf-8",
        )
    assert _render(noted, "md", notes=True) == before
