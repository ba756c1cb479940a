"""Word tables a journal takes as they are: Times New Roman widths, columns never narrower than a
word, landscape only when needed, parts when too wide, rows kept whole, symbols in italics."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx

from ipatool.analysis.grid import Column, ColumnGroup, Grid, Row
from ipatool.read.loader import load_study
from ipatool.render import docx_table, render_study
from ipatool.render.docx import build_docx
from ipatool.render.docx_columns import (
    LANDSCAPE,
    MARGINS,
    PORTRAIT,
    TWIPS,
    layouts,
    measure_columns,
    share,
    sub_grid,
    type_size,
)
from ipatool.render.formats import Job, RenderedTable
from ipatool.render.symbols import segments
from ipatool.render.textwidth import em_width, points


def _docx(root: Path) -> bytes:
    study, _ = load_study(root)
    return render_study(study, formats=["docx"]).files["tables.docx"]


def _document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode()


def test_times_new_roman_widths_worked_by_hand() -> None:
    assert em_width("Hello") == 722 + 444 + 278 + 278 + 500
    # p s y c h o l o g i c a l
    assert (
        em_width("psychological")
        == 500 + 389 + 500 + 444 + 500 + 500 + 278 + 500 + 500 + 278 + 444 + 444 + 278
    )
    assert em_width("\u00e9") == em_width("e")  # an accented letter is its base letter
    assert em_width("\u4e2d") == 1000  # a wide East Asian character is one em
    assert points("Use", 12) == (722 + 389 + 444) * 12 / 1000


def test_statistical_symbols_and_only_they_are_italic() -> None:
    assert segments("M (SD)") == [("M", True), (" (", False), ("SD", True), (")", False)]
    assert segments("n = 7") == [("n", True), (" = 7", False)]
    assert segments("N = 14") == [("N", True), (" = 14", False)]
    assert segments("n/N") == [("n", True), ("/", False), ("N", True)]
    assert segments("p &lt; .05") == [("p", True), (" &lt; .05", False)]
    assert segments("κ and α") == [("κ", True), (" and ", False), ("α", True)]
    for plain in ("Mean", "SDs", "P1 = x", "an MBT", "Nina = friend", "in = out"):
        assert segments(plain) == [(plain, False)], plain
    assert segments("n") == [("n", True)]  # a header that is only a symbol


def test_share_worked_by_hand() -> None:
    # 600 to share equally: the first reaches its most (300) with 200, the second takes the 400
    # left (to 500, short of its 1100)
    assert share([100, 100], [300, 1100], [1, 1], [True, False], 800) == (300, 500)
    # 600 shared by content 1 : 2 : 5, no column reaching its most
    assert share([100] * 3, [1000] * 3, [1, 2, 5], [True] * 3, 900) == (175, 250, 475)
    # the first is full at 150 (taking 50 of its 400), the second gets the other 750
    assert share([100, 100], [150, 2000], [1, 1], [True, True], 1000) == (150, 850)
    # every column at its most with 500 spare: the second grows to its ample 400 (its header on
    # one line), the other 400 goes to the text column
    assert share([100, 100], [200, 300], [1, 1], [True, False], 1000, [200, 400]) == (600, 400)
    # even the least do not fit: scaled
    assert share([600, 400], [600, 400], [1, 1], [True, True], 500) == (300, 200)


def _grid(columns: tuple[Column, ...], rows: tuple[Row, ...], **kw: object) -> Grid:
    return Grid("t", "T", columns, rows, **kw)  # type: ignore[arg-type]


def test_a_column_is_never_narrower_than_its_widest_word() -> None:
    grid = _grid(
        (Column("Theme"), Column("Years working in psychological care", "right"), Column("Use/s")),
        (Row(("Experiencing the challenges of MBT", "20", "extraordinarily long words")),),
    )
    (layout,) = layouts(grid)
    per_em = 12 * TWIPS / 1000  # three columns: 12-point type
    text = [w - 2 * MARGINS for w in layout.widths]
    assert text[0] >= em_width("Experiencing") * per_em
    assert text[1] >= em_width("psychological") * per_em  # the header never breaks a word
    assert text[2] >= em_width("extraordinarily") * per_em
    assert sum(layout.widths) <= PORTRAIT and not layout.landscape


def test_a_number_column_is_no_wider_than_the_text_beside_it() -> None:
    # Table 2's complaint: a Participants column wider than its Subtheme column
    rows = tuple(
        Row(("Being a therapist in the group", f"The impact of the group: pain {i}", "5", "12"))
        for i in range(5)
    )
    grid = _grid(
        (
            Column("Theme"),
            Column("Subtheme"),
            Column("Participants", "right"),
            Column("Quotes", "right"),
        ),
        rows,
    )
    (layout,) = layouts(grid)
    assert layout.widths[2] < layout.widths[1]


def test_landscape_only_when_the_narrowest_columns_do_not_fit_portrait() -> None:
    word = "Interdisciplinarity"
    narrow = _grid(tuple(Column(f"C{i}") for i in range(3)), (Row((word,) * 3),), wide=True)
    assert not layouts(narrow)[0].landscape  # the builder's wide flag alone does not turn it
    cols = tuple(Column(f"C{i}") for i in range(7))
    wide = _grid(cols, (Row((word + "s",) * 7),))
    least = sum(m.least for m in measure_columns(wide, type_size(wide), MARGINS))
    assert PORTRAIT < least <= LANDSCAPE
    (layout,) = layouts(wide)
    assert layout.landscape and sum(layout.widths) <= LANDSCAPE


def test_a_table_too_wide_for_landscape_is_cut_into_parts_repeating_the_first_column() -> None:
    marks = tuple(Column(f"P{i:04d}", "center") for i in range(60))
    cols = (Column("Theme"), *marks, Column("n/N", "right"))
    groups = (
        ColumnGroup("", 1),
        ColumnGroup("Focus group 1", 30),
        ColumnGroup("Focus group 2", 30),
    )
    rows = (
        Row(("Trust", *("✓",) * 60, "60/60"), "strong"),
        Row(("Early", *("",) * 60, "0/60"), "body", 1),
    )
    grid = _grid(cols, rows, column_groups=groups)
    parts = layouts(grid)
    assert len(parts) >= 2
    assert [p.part for p in parts] == list(range(len(parts)))
    seen: list[str] = []
    for p in parts:
        assert p.landscape and p.grid.columns[0].label == "Theme"
        assert sum(p.widths) <= LANDSCAPE
        assert all(p.rotated[i] for i, c in enumerate(p.grid.columns) if c.label.startswith("P"))
        assert p.header_height > 0
        assert sum(g.span for g in p.grid.column_groups) == len(p.grid.columns)
        seen += [c.label for c in p.grid.columns[1:]]
        assert all(len(r.cells) == len(p.grid.columns) for r in p.grid.rows)
    assert seen == [c.label for c in cols[1:]]  # every column once, in order
    # a group is cut only where a page cannot hold it: the first part ends at its boundary
    first = parts[0].grid.column_groups
    assert first[1] == ColumnGroup("Focus group 1", 30)


def test_sub_grid_keeps_group_headings_whole() -> None:
    grid = _grid(
        (Column("a"), Column("b"), Column("c")),
        (Row(("Heading",), "group"), Row(("1", "2", "3"))),
        column_groups=(ColumnGroup("", 1), ColumnGroup("G", 2)),
    )
    sub = sub_grid(grid, [0, 2])
    assert sub.rows == (Row(("Heading",), "group"), Row(("1", "3")))
    assert sub.column_groups == (ColumnGroup("", 1), ColumnGroup("G", 1))


def test_docx_rows_never_split_headers_repeat_symbols_italic(small: Path) -> None:
    data = _docx(small)
    xml = _document_xml(data)
    rows = xml.count("<w:tr>")
    assert rows and xml.count("<w:cantSplit/>") == rows  # every row kept on one page
    assert xml.count('<w:tblHeader w:val="true"/>') >= 10  # each table's header row repeats
    # the sample table's n header: the symbol in an italic run of its own
    assert re.search(
        r'<w:rPr><w:i/><w:sz w:val="\d+"/></w:rPr><w:t xml:space="preserve">n</w:t>', xml
    )
    doc = docx.Document(io.BytesIO(data))
    note = next(p for p in doc.paragraphs if p.text.startswith("Note.") and " M (" in p.text)
    italic = [r.text for r in note.runs if r.italic]
    assert italic[:3] == ["Note.", "M", "SD"]
    sentence = next(p for p in doc.paragraphs if "SD = " in p.text)
    assert [r.text for r in sentence.runs if r.italic] == ["SD"]


def test_docx_wide_table_gets_a_landscape_section_and_back() -> None:
    word = "Interdisciplinarity"
    wide = _grid(tuple(Column(f"C{i}") for i in range(7)), (Row((word + "s",) * 7),))
    narrow = _grid((Column("a"),), (Row(("x",)),))
    job = Job(
        "Study",
        "ipa",
        [
            RenderedTable("wide", 1, "Table 1", "T", None, wide),  # type: ignore[arg-type]
            RenderedTable("narrow", 2, "Table 2", "T", None, narrow),  # type: ignore[arg-type]
        ],
        [],
    )
    buf = io.BytesIO()
    build_docx(job, buf)
    xml = _document_xml(buf.getvalue())
    sections = re.findall(r"<w:sectPr.*?</w:sectPr>", xml, re.DOTALL)
    orient = ["landscape" if 'w:orient="landscape"' in s else "portrait" for s in sections]
    assert orient == ["landscape", "portrait"]
    assert '<w:pgSz w:w="15840" w:h="12240"' in sections[0]  # 11 x 8.5 inches


def test_docx_is_byte_identical_on_every_run(small: Path) -> None:
    assert _docx(small) == _docx(small)


def test_a_list_cell_hangs_its_wrapped_lines() -> None:
    grid = _grid(
        (Column("Source"), Column("Occupation"), Column("n", "right")),
        (Row(("Focus group 1", "n = 1 Clinical psychologist\nn = 3 Psychiatrists", "4")),),
    )
    (layout,) = layouts(grid)
    xml = "".join(docx_table.table_parts(layout, docx_table.Cleaner()))
    body = xml[xml.index("Focus group 1") - 400 :]
    assert body.count('w:hanging="180"') == 2  # the occupation's two lines, not the source
    assert '<w:ind w:left="180" w:hanging="180"/>' in body
