"""YAML syntax errors are placed where the mistake is (issue 17), not where the parser gave up."""

from __future__ import annotations

from ipatool.diagnostics import Diagnostic, Span
from ipatool.read.yamlio import parse_text

HEAD = """\
id: I2
kind: interview
date: 2019-04-02
interviewer: KW
participants: [Ruth]
coded_by: [KG]
turns:
  - n: 1
    speaker: KW
    text: How did the first session go?
"""
"""Ten lines; the turns that follow start on line 11."""

TURN2 = """\
  - n: 2
    speaker: Ruth
    text: It went well, I think.
"""


def lines_from(first: int, body: str) -> str:
    """HEAD, then filler turns so that ``body`` starts on line ``first``."""
    out = HEAD
    n = 10
    while first - (out.count("\n") + 1) >= 3:
        n += 1
        out += f"  - n: {n}\n    speaker: KW\n    text: And then?\n"
    assert out.count("\n") + 1 <= first, "filler overshot"
    out += "#\n" * (first - (out.count("\n") + 1))
    assert out.count("\n") + 1 == first
    return out + body


def only(text: str) -> Diagnostic:
    diags = parse_text(text, "transcripts/I2.yaml").diagnostics
    assert len(diags) == 1, diags
    return diags[0]


def test_missing_colon_after_a_key_is_reported_on_its_line() -> None:
    text = lines_from(15, "  - n: 40\n    speaker Ruth\n    text: I did not want to go back.\n")
    assert text.splitlines()[15] == "    speaker Ruth"  # line 16
    d = only(text)
    assert d.code == "IPA001"
    assert d.span == Span(16, 5, 16, 12)  # 'speaker', not 17:5
    assert d.message == "a ':' is missing after 'speaker'"
    assert d.hint is not None and "write 'speaker: Ruth'" in d.hint


def test_unclosed_quote_is_reported_where_it_opens() -> None:
    body = (
        "  - n: 40\n"
        "    speaker: Ruth\n"
        "    text: I felt guilty, and then I resented feeling guilty.\n"
        "    codes:\n"
        "      - code: guilt-resentment\n"
        "        by: KG\n"
        '        quote: "I felt guilty\n'  # line 41: the quote is never closed
        "  - n: 41\n"
        "    speaker: KW\n"
        '    text: "Say more?"\n'
        "  - n: 42\n"
        "    speaker: Ruth\n"
        "    text: That was it.\n"
    )
    text = lines_from(35, body)
    assert text.splitlines()[40] == '        quote: "I felt guilty'
    d = only(text)
    assert d.code == "IPA001"
    assert d.span == Span.point(41, 16)  # the opening quote, not the end of the file
    assert "not closed on its line" in d.message
    assert "line 44, column 11" in d.message  # the quote that closed it by mistake
    assert d.hint == 'add the closing " where the quoted text ends'


def test_quote_open_at_the_end_of_the_file() -> None:
    d = only(HEAD + "  - n: 2\n    speaker: Ruth\n    text: 'It went well\n")
    assert d.span == Span.point(13, 11)
    assert d.message == "this quote is never closed: the file ends inside it"


def test_key_indented_too_far_names_the_line_and_the_indentation() -> None:
    d = only(HEAD + "  - n: 2\n    speaker: Ruth\n      text: It went well.\n")
    assert d.code == "IPA001"
    assert d.span == Span.point(13, 7)
    assert d.message == (
        "line 13 is indented too far: 'text' is indented 6 spaces; "
        "to line up with 'speaker' on line 12 it needs 4"
    )
    assert d.hint is not None and d.hint.startswith("indent 'text:' by 4 spaces")
    assert "quotes" not in d.message


def test_top_level_key_indented_too_far() -> None:
    d = only("id: I2\nkind: interview\n  date: 2019-04-02\n")
    assert d.span == Span.point(3, 3)
    assert "line 3 is indented too far" in d.message
    assert "needs 0" in d.message
    assert d.hint is not None and d.hint.startswith("start 'date:' at the line's start")


def test_key_after_a_multi_line_value_lines_up_with_the_value_key() -> None:
    text = (
        HEAD
        + "  - n: 2\n    speaker: Ruth\n    text: It went\n      well, I think.\n      codes:\n"
    )
    d = only(text)
    assert d.span == Span.point(15, 7)
    assert "'codes' is indented 6 spaces; to line up with 'text' on line 13 it needs 4" in d.message


def test_list_item_without_its_colon() -> None:
    body = TURN2 + "    codes:\n      - code guilt-resentment\n        by: KG\n"
    d = only(HEAD + body)
    assert d.code == "IPA001"
    assert d.span == Span(15, 9, 15, 13)  # 'code' on its own line, not 'by' on the next
    assert d.message == "a ':' is missing after 'code'"
    assert d.hint is not None
    assert "write 'code: guilt-resentment'" in d.hint
    assert "line 16 ('by:') is indented too far" in d.hint  # the other reading, said too


def test_colon_inside_text_keeps_the_quoting_message() -> None:
    d = only(HEAD + "  - n: 2\n    speaker: Ruth\n    text: She said: no\n")
    assert d.span == Span.point(13, 19)
    assert d.message == "a ':' appears where YAML does not expect one; put the text in quotes"


def test_quoted_text_over_several_lines_is_not_mistaken_for_a_runaway_quote() -> None:
    text = HEAD + '  - n: 2\n    speaker: Ruth\n    text: "It went\n      well"\n    by: [a, b\n'
    d = only(text)
    assert "quote" not in d.message  # the unclosed bracket is reported as before


def test_unclosed_bracket_is_reported_where_it_opens() -> None:
    text = HEAD.replace("participants: [Ruth]", "participants: [Ruth, Sam")
    d = only(text)
    assert d.span == Span.point(5, 15)
    assert d.message == (
        "the '[' opened here is not closed by a ']' (the parser gave up at line 6, column 9)"
    )
    d = only("id: I2\nparticipants: {a: 1\n")
    assert d.span == Span.point(2, 15) and "the '{' opened here" in d.message


def test_the_second_reading_is_named_only_after_text() -> None:
    """After ``n: 2`` a line cannot be meant as more of the text above; after a sentence it can."""
    d = only(HEAD + "  - n: 2\n    speaker Ruth\n")
    assert d.hint == "write 'speaker: Ruth'"
    d = only(HEAD + "  - n: 2\n    speaker: Ruth\n    text: It went\n    well I think\n")
    assert d.span == Span(14, 5, 14, 9)
    assert d.hint == (
        "write 'well: I think'; if this line continues the text above it, "
        "indent it further than the keys"
    )
    d = only(HEAD + "  - n: 2\n    speaker: Ruth\n    text: It went\n    well, I think\n")
    assert d.span == Span.point(14, 5)
    assert d.message == (
        "line 14 is neither 'key: value' nor indented as more of the text above it"
    )
    d = only(HEAD + "  - n: 2\n      speaker: Ruth\n")
    assert d.hint == "indent 'speaker:' by 4 spaces"
