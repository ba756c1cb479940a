"""Output safety: text from a study cannot inject markup, formulas or invalid XML into outputs.

A hostile study puts LaTeX commands, HTML script, spreadsheet formulas and characters XML
forbids into the places text reaches the tables: the title, theme labels, category levels,
transcript text. Every format must carry them as plain text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import SMALL, assert_clean_exit, require_command, run_cli, write_study

EVIL_TEX = r"50% & $x$ #1 a_b {zz} ~d ^e \input{/etc/passwd} \\ end"
EVIL_HTML = "<script>alert('x')</script><img src=x onerror=alert(1)>"
EVIL_CSV = "=cmd|' /C calc'!A0"
XML_FORBIDDEN = "\x01\x0b\ufffe"
XML_FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _yaml_single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def hostile_study(root: Path, *, control_chars: bool = False) -> Path:
    turn = f"{EVIL_CSV} {EVIL_HTML} that first meeting {EVIL_TEX}"
    turn_yaml = _yaml_single(turn)
    if control_chars:  # only double-quoted YAML escapes can carry them into a study
        turn_yaml = '"We met \\x01 and \\x0b from that first meeting \\uFFFE it worked."'
    files = {
        "ipatool.yaml": SMALL["ipatool.yaml"]
        .replace(
            "title: A small study of trust in therapy",
            "title: " + _yaml_single(f"T {EVIL_HTML} {EVIL_TEX}"),
        )
        .replace("levels: [female, male]", "levels: ['=1+1', '@SUM(A1)']"),
        "participants.yaml": SMALL["participants.yaml"]
        .replace("gender: female", "gender: '=1+1'")
        .replace("gender: male", "gender: '@SUM(A1)'"),
        "themes.yaml": SMALL["themes.yaml"]
        .replace("label: Building trust", "label: " + _yaml_single(EVIL_TEX))
        .replace("label: Trust comes early", "label: " + _yaml_single(EVIL_HTML))
        .replace(
            "definition: Staying with the client when they want to stop.",
            "definition: " + _yaml_single("+SUM(1) -2 @x " + EVIL_TEX),
        ),
        "transcripts/I1.yaml": SMALL["transcripts/I1.yaml"]
        .replace(
            "text: We met, and from that first meeting I knew it would work.",
            "text: " + turn_yaml,
        )
        .replace("        quote: that first meeting\n", ""),
    }
    return write_study(root, files)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_command("render")
    base = tmp_path_factory.mktemp("hostile")
    root = hostile_study(base / "study")
    out = run_cli("validate", root)
    assert out.exit_code == 0, out  # hostile text is still valid text
    result = run_cli("render", root, "--out", base / "out", "--codes")
    assert_clean_exit(result, (0,))
    return base / "out"


def test_latex_special_characters_are_escaped(rendered: Path) -> None:
    tex_files = sorted(rendered.rglob("*.tex"))
    assert tex_files
    body = "\n".join(p.read_text(encoding="utf-8") for p in tex_files)
    assert r"\input{/etc/passwd}" not in body
    assert r"\textbackslash{}input\{/etc/passwd\}" in body
    assert r"50\% \& \$x\$ \#1 a\_b \{zz\} \textasciitilde{}d \textasciicircum{}e" in body
    for raw in ("50% ", "$x$", " #1", "a_b", "{zz}", " ~d", " ^e", r"\\ end"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), body), raw
    assert r"\textless{}script\textgreater{}" in body


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)


def test_script_in_a_transcript_never_runs_in_the_html_report(rendered: Path) -> None:
    html = (rendered / "tables.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    parser = _Tags()
    parser.feed(html)
    assert "img" not in [t for t, _ in parser.tags]
    assert not any(name.startswith("on") for _, attrs in parser.tags for name, _v in attrs)
    assert not any("alert" in s for s in parser.script_text)
    assert "&lt;script&gt;alert(" in html  # shown as text, so the reader still sees it


def _csv_cells(rendered: Path) -> list[str]:
    cells: list[str] = []
    for path in sorted((rendered).rglob("*.csv")):
        text = path.read_text(encoding="utf-8-sig")
        for row in csv.reader(io.StringIO(text)):
            cells.extend(row)
    return cells


def test_csv_cells_starting_with_formula_characters_are_neutralised(rendered: Path) -> None:
    cells = _csv_cells(rendered)
    assert cells
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    assert any(c.startswith("'" + EVIL_CSV) for c in cells)
    assert any(c.startswith("'+SUM(1)") for c in cells)


def test_markdown_keeps_html_as_text(rendered: Path) -> None:
    md = (rendered / "tables.md").read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)<(script|img)", md)
    assert r"\<script\>" in md


def test_json_output_carries_the_text_verbatim(rendered: Path) -> None:
    import json

    doc = json.loads((rendered / "tables.json").read_text(encoding="utf-8"))
    strings: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(doc)
    assert EVIL_TEX in strings
    assert any(EVIL_HTML in s for s in strings)


def test_xml_forbidden_characters_are_removed_from_docx_with_a_warning(tmp_path: Path) -> None:
    require_command("render")
    root = hostile_study(tmp_path / "study", control_chars=True)
    out = run_cli("render", root, "--out", tmp_path / "out", "--format", "docx")
    assert_clean_exit(out, (0,))
    assert "warning" in out.stderr and "XML" in out.stderr, out
    with zipfile.ZipFile(tmp_path / "out" / "tables.docx") as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                text = zf.read(name).decode("utf-8")
                assert not XML_FORBIDDEN_RE.search(text), name
        # the quote is printed on one line (the vertical tab is a space, runs of spaces one);
        # \x01 and \uFFFE are removed, leaving the spaces around them
        assert "We met  and from that first meeting  it worked." in zf.read(
            "word/document.xml"
        ).decode("utf-8")


def test_xml_forbidden_characters_are_removed_from_qdpx_with_a_warning(tmp_path: Path) -> None:
    require_command("export", "qdpx")
    root = hostile_study(tmp_path / "study", control_chars=True)
    target = tmp_path / "out.qdpx"
    out = run_cli("export", "qdpx", root, "--output", target)
    assert_clean_exit(out, (0,))
    assert "warning" in out.output.lower(), out
    with zipfile.ZipFile(target) as zf:
        for name in zf.namelist():
            if name.endswith((".qde", ".txt", ".xml")):
                assert not XML_FORBIDDEN_RE.search(zf.read(name).decode("utf-8")), name


def test_hostile_text_exports_to_valid_qdpx(tmp_path: Path) -> None:
    require_command("export", "qdpx")
    from lxml import etree

    root = hostile_study(tmp_path / "study")
    target = tmp_path / "out.qdpx"
    out = run_cli("export", "qdpx", root, "--output", target)
    assert_clean_exit(out, (0,))
    with zipfile.ZipFile(target) as zf:
        qde = [n for n in zf.namelist() if n.endswith(".qde")]
        assert len(qde) == 1
        tree = etree.fromstring(zf.read(qde[0]))
        texts = " ".join(str(t) for t in tree.itertext()) + " ".join(
            str(v) for el in tree.iter() for v in el.attrib.values()
        )
        for name in zf.namelist():
            assert not name.startswith(("/", "..")) and ".." not in name.split("/")
    assert EVIL_HTML in texts or EVIL_TEX in texts
