"""Each output format: shape, escaping per format, determinism."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pytest

from ipatool.analysis.grid import Column, Grid, Row
from ipatool.read.loader import load_study
from ipatool.render import render_study
from ipatool.render.escape import csv_cell, md, tex
from ipatool.render.formats import Job, RenderedTable, grid_records
from ipatool.xmltext import xml_clean

NASTY = "a | b & 50% $x #1 _y {z} ~w ^v \\\\u <script>alert(1)</script>"


def _with_label(root: Path, old: str, new: str) -> None:
    themes = root / "themes.yaml"
    themes.write_text(themes.read_text().replace(old, new, 1))


def _render(root: Path, fmt: str) -> dict[str, bytes]:
    study, _ = load_study(root)
    return render_study(study, formats=[fmt]).files


def test_escape_functions() -> None:
    assert md("a|b*c_d") == "a\\|b\\*c\\_d"
    assert md("one\ntwo") == "one two"
    assert tex("& % $ # _ { } ~ ^ \\") == (
        "\\& \\% \\$ \\# \\_ \\{ \\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}"
    )
    assert csv_cell("=cmd") == "'=cmd"
    assert csv_cell("+1") == "'+1"
    assert csv_cell("-x") == "'-x"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("\tx") == "'\tx"
    assert csv_cell("ok = fine") == "ok = fine"
    assert xml_clean("a\x07b\x00c") == ("abc", 2)


def test_md_pipe_tables_have_a_consistent_shape(small: Path) -> None:
    _with_label(small, "label: Trust", f'label: "{NASTY}"')
    text = _render(small, "md")["tables.md"].decode()
    blocks = [b for b in text.split("\n\n") if b.startswith("|")]
    # sample, participants, themes, recurrence, quality, codebook, coreq, agreement (the quote
    # bank and the personal themes print their quotes as paragraphs)
    assert len(blocks) == 8
    for block in blocks:
        lines = block.splitlines()
        counts = {line.replace("\\|", "").count("|") for line in lines}
        assert len(counts) == 1, block
        assert set(lines[1]) <= set("|:-")
    assert "a \\| b" in text
    assert "\\<script\\>" in text
    # the sample table's multi-line cells are joined with "; "
    assert "| n = 2 Nurses; n = 2 Psychologists |" in text
    assert "Five participants (3 female, 2 male;" in text


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_one_accessible_self_contained_page(small: Path) -> None:
    _with_label(small, "label: Trust", f'label: "{NASTY}"')
    html = _render(small, "html")["tables.html"].decode()
    parser = _Collector()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert ("html", {"lang": "en"}) in parser.tags
    assert tags.count("table") == 8  # the quotes and pets are paragraphs
    assert tags.count("caption") == 8
    captions = [a for t, a in parser.tags if t == "p" and a.get("class") == "caption"]
    assert [a["id"] for a in captions] == ["quotes-caption", "pets-caption"]
    assert "title" in tags
    scopes = {a.get("scope") for t, a in parser.tags if t == "th"}
    assert {"col", "row", "colgroup", "rowgroup"} <= scopes
    # no external resources
    assert not any(t in {"link", "img", "script", "iframe"} for t in tags)
    assert not any(k in {"src", "href"} for _t, a in parser.tags for k in a)
    # the heat map: inline SVG with a title, a description and text labels
    assert "svg" in tags and "desc" in tags
    assert 'role="img"' in html
    assert ">P5</text>" in html
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html.encode())
    assert tree.xpath("//caption")[0].text_content().startswith("Table 1")


def test_tex_escapes_special_characters(small: Path) -> None:
    _with_label(small, "label: Trust", f'label: "{NASTY}"')
    files = _render(small, "tex")
    assert set(files) == {
        f"tex/{n}.tex"
        for n in (
            "sentence",
            "methods",
            "sample",
            "participants",
            "themes",
            "recurrence",
            "quality",
            "quotes",
            "pets",
            "codebook",
            "coreq",
            "agreement",
        )
    } | {"tables.tex"}
    themes = files["tex/themes.tex"].decode()
    assert (
        "a | b \\& 50\\% \\$x \\#1 \\_y \\{z\\} \\textasciitilde{}w \\textasciicircum{}v "
        "\\textbackslash{}u \\textless{}script\\textgreater{}"  # YAML's "\\\\" is one backslash
    ) in themes
    assert "\\toprule" in themes and "\\midrule" in themes and "\\bottomrule" in themes
    assert "\\begin{longtable}" in themes
    doc = files["tables.tex"].decode()
    assert "\\usepackage{booktabs}" in doc and "\\input{tex/themes.tex}" in doc
    assert "\\title{A small study: trust \\& change}" in doc
    assert "\\checkmark{}" in files["tex/recurrence.tex"].decode()


def test_csv_neutralises_formulas_and_round_trips(small: Path) -> None:
    _with_label(small, "label: First meeting", 'label: "=HYPERLINK(\\"x\\")"')
    files = _render(small, "csv")
    assert sorted(files) == sorted(
        f"csv/{n}.csv"
        for n in (
            "sentence",
            "methods",
            "sample",
            "participants",
            "themes",
            "recurrence",
            "quality",
            "quotes",
            "pets",
            "codebook",
            "coreq",
            "agreement",
        )
    )
    raw = files["csv/codebook.csv"].decode()
    assert "\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert rows[0] == [
        "Code",
        "Definition",
        "Inclusion",
        "Exclusion",
        "Subtheme",
        "Theme",
        "Uses",
        "Participants",
    ]
    assert rows[1][0] == '\'=HYPERLINK("x")'
    assert rows[1][6:] == ["3", "3"]
    sample = list(csv.reader(io.StringIO(files["csv/sample.csv"].decode(), newline="")))
    assert sample[2][2] == "n = 2 Nurses\nn = 2 Psychologists"  # the embedded newline survives
    assert len(sample) == 4
    rec = list(csv.reader(io.StringIO(files["csv/recurrence.csv"].decode(), newline="")))
    assert rec[0][:3] == ["Theme", "P1 (I1)", "P2 (Focus group 1)"]


def test_grid_records_match_the_grid() -> None:
    g = Grid("x", "X", (Column("a"), Column("b")), (Row(("1", "2")), Row(("g", ""), "group")))
    assert grid_records(g) == [["a", "b"], ["1", "2"], ["g", ""]]


def _tbl_borders(table: object) -> dict[str, str]:
    from docx.oxml.ns import qn

    el = table._tbl.tblPr.find(qn("w:tblBorders"))  # type: ignore[attr-defined]
    return {child.tag.split("}")[1]: child.get(qn("w:val")) for child in el}


def test_docx_apa_layout(small: Path) -> None:
    import docx

    data = _render(small, "docx")["tables.docx"]
    doc = docx.Document(io.BytesIO(data))
    assert len(doc.tables) == 10
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("Table 1")
    number = doc.paragraphs[i]
    assert all(r.bold for r in number.runs)
    title = doc.paragraphs[i + 1]
    assert title.text == "Summary of Demographic Features of Participants"
    assert all(r.italic for r in title.runs)
    assert _tbl_borders(doc.tables[0]) == {
        "top": "single",
        "left": "nil",
        "bottom": "single",
        "right": "nil",
        "insideH": "nil",
        "insideV": "nil",
    }
    header = doc.tables[0].rows[0].cells
    assert [c.text for c in header][:3] == ["Source", "n", "Role"]
    assert 'w:bottom w:val="single"' in header[0]._tc.xml
    notes = [p for p in doc.paragraphs if p.text.startswith("Note.")]
    assert len(notes) == 10
    assert notes[0].runs[0].italic
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.tables[1].rows[1].cells[0].text == "P1"  # the per-participant table
    assert doc.tables[2].rows[1].cells[0].text == "Trust"
    # deterministic zip: fixed timestamps
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert doc.core_properties.created.year == 2000


def test_docx_strips_characters_xml_forbids_with_a_warning() -> None:
    from ipatool.render.docx import build_docx

    grid = Grid("themes", "Bad\x07title", (Column("a"),), (Row(("x\x00y",)),), ("note",))
    job = Job(
        "Study", "ipa", [RenderedTable("themes", 1, "Table 1", "Bad\x07title", None, grid)], []
    )  # type: ignore[arg-type]
    buf = io.BytesIO()
    warnings = build_docx(job, buf)
    data = buf.getvalue()
    assert warnings == ["docx: removed 2 characters that XML cannot hold from the themes table"]
    import docx

    doc = docx.Document(io.BytesIO(data))
    assert doc.tables[0].rows[1].cells[0].text == "xy"


def test_json_keys(small: Path) -> None:
    doc = json.loads(_render(small, "json")["tables.json"])
    assert list(doc) == ["format", "study", "tables", "omitted"]
    assert doc["omitted"] == {}
    assert doc["study"] == {"title": "A small study: trust & change", "method": "ipa"}
    assert list(doc["tables"]) == [
        "sentence",
        "methods",
        "sample",
        "participants",
        "themes",
        "recurrence",
        "quality",
        "quotes",
        "pets",
        "codebook",
        "coreq",
        "agreement",
    ]
    assert doc["tables"]["sentence"]["number"] is None
    assert doc["tables"]["sample"]["number"] == 1
    sample = doc["tables"]["sample"]["data"]
    assert list(sample) == ["name", "title", "fields", "rows", "total", "notes"]
    assert list(sample["rows"][0]) == [
        "source",
        "label",
        "kind",
        "n",
        "participants",
        "cells",
        "duration_min",
        "duration",
    ]
    assert list(sample["rows"][0]["cells"][0]) == [
        "field",
        "text",
        "n",
        "missing",
        "mean",
        "sd",
        "counts",
    ]
    rec = doc["tables"]["recurrence"]["data"]
    assert list(rec["rows"][0]) == [
        "level",
        "id",
        "label",
        "theme",
        "marks",
        "quotes",
        "n",
        "total",
        "share",
        "percent",
        "recurrent",
    ]
    assert rec["rows"][0]["share"] == 0.8
    q = doc["tables"]["quotes"]["data"]["themes"][0]["subthemes"][0]["quotes"][0]
    assert list(q) == [
        "participant",
        "source",
        "source_label",
        "turn",
        "text",
        "exemplar",
        "codes",
        "printed",
        "block",
        "citation",
        "notes",
    ]
    cb = doc["tables"]["codebook"]["data"]["codes"][0]
    assert list(cb) == [
        "id",
        "label",
        "definition",
        "inclusion",
        "exclusion",
        "subtheme_id",
        "subtheme",
        "theme_id",
        "theme",
        "uses",
        "participants",
    ]
    themes = doc["tables"]["themes"]["data"]
    assert list(themes["themes"][0]) == [
        "id",
        "label",
        "participants",
        "quotes",
        "participant_ids",
        "subthemes",
    ]


def test_rendering_is_byte_identical(small: Path) -> None:
    study, _ = load_study(small)
    first = render_study(study).files
    again, _ = load_study(small)
    second = render_study(again).files
    assert list(first) == list(second)
    for name in first:
        assert first[name] == second[name], name


@pytest.mark.parametrize("table", ["themes", "sample"])
def test_table_selection(small: Path, table: str) -> None:
    study, _ = load_study(small)
    files = render_study(study, formats=["csv"], tables=[table]).files
    assert list(files) == [f"csv/{table}.csv"]


def test_csv_fast_check_covers_every_formula_start() -> None:
    from ipatool.render.formats import _CSV_TRIGGERS, _csv_rows

    changed = {chr(c) for c in range(0x3000) if csv_cell(chr(c) + "x") != chr(c) + "x"}
    assert changed <= set(_CSV_TRIGGERS)  # the fast check never misses a cell csv_cell changes
    records: list[tuple[str, ...]] = [("a", "=b"), ("ok", "fine"), ("-1", ""), ("x\ny", "@z")]
    rows = _csv_rows(records)  # type: ignore[arg-type]
    assert [list(r) for r in rows] == [[csv_cell(c) for c in r] for r in records]
    plain: list[tuple[str, ...]] = [("a", "b"), ("c", "d = e")]
    assert _csv_rows(plain) is plain  # type: ignore[arg-type]


def test_docx_cell_markup_matches_the_cell_function() -> None:
    from ipatool.render.docx_table import cell_markup, cell_xml

    style: dict[str, Any] = {"bold": True, "half_points": 18, "align": "right", "indent": 1}
    before, between, after, _on, _off = cell_markup(1234, rule_top=True, **style)
    for text in ["", "one", "one\ntwo", "a\n\nb\n", "a & <b>"]:
        made = cell_xml(text, 1234, rule_top=True, **style)
        assert made == before + xml_escape(text).replace("\n", between) + after
        assert made.count("<w:p>") == text.count("\n") + 1


def test_docx_texts_escaped_at_once_or_one_by_one_alike() -> None:
    from ipatool.render.docx_table import Cleaner, xml_texts

    plain = ["a & b", "<i>", "", "x > y", "caf\u00e9 \u2713", "joins\uf8ffhere"]
    clean = Cleaner()
    made = [xml_escape(t) for t in plain]
    assert xml_texts(plain, clean, "t") == (made, "\n".join(made))
    assert clean.removed == {}
    dirty = [*plain, "bad\x07\x00"]
    made = [xml_escape(xml_clean(t)[0]) for t in dirty]
    assert xml_texts(dirty, clean, "t") == (made, "\n".join(made))
    assert clean.removed == {"t": 2}
    for bare in (["a", "", "b\nc", "\u2713"], ["ok", "bad\x07"]):  # nothing to escape
        clean = Cleaner()
        made = [xml_clean(t)[0] for t in bare]
        assert xml_texts(bare, clean, "t") == (made, "\n".join(made))
        assert clean.removed == ({"t": 1} if made != bare else {})
    untouched = ["x", "y"]
    assert xml_texts(untouched, clean, "t")[0] is untouched
    assert xml_texts([], clean, "t") == ([], "")


def test_docx_is_the_same_however_the_document_is_cut(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ipatool.render import docx as docx_module
    from ipatool.render import docx_table

    whole = _render(small, "docx")["tables.docx"]
    monkeypatch.setattr(docx_module, "CHUNK", 7)
    monkeypatch.setattr(docx_table, "ROWS_PART", 3)
    monkeypatch.setattr(docx_table, "CELLS_PART", 2)  # fewer than a row: a row a part
    assert _render(small, "docx")["tables.docx"] == whole
