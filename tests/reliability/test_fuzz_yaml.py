"""No input crashes the YAML reader: random bytes and text, truncations, deep nesting, huge scalars.

Every input must end in a document (data, or diagnostics saying why not), never an exception.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ipatool.diagnostics import Diagnostic
from ipatool.read import yamlio
from ipatool.read.yamlio import YamlDocument, decode, parse_text, read_document

from .conftest import EXAMPLE, SMALL, fuzz_settings, tried

YAML_CHARS = string.ascii_letters + string.digits + " \n\t:-[]{},#&*!|>'\"%@`?.~\\/0"
"""Characters that matter to YAML's grammar, so random text reaches deep into the parser."""

_SAMPLES = [text for text in SMALL.values()]
if (EXAMPLE / "ipatool.yaml").is_file():
    _SAMPLES += [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.rglob("*.yaml"))]


def check_document(doc: YamlDocument) -> None:
    """A document either parsed (has a root) or says why not; diagnostics are well-formed."""
    assert isinstance(doc, YamlDocument)
    if doc.root is None:
        assert doc.diagnostics, "a document that did not parse must say why"
    for d in doc.diagnostics:
        assert isinstance(d, Diagnostic)
        assert d.code.startswith("IPA")
        assert d.span.line >= 0 and d.span.column >= 0
        assert d.message


@fuzz_settings(300)
@given(st.binary(max_size=2000))
@example(b"\xff\xfeh\x00i\x00")
@example(b"\xef\xbb\xbf")
@example(b"\x00")
@example(b"a: \x80\n")
def test_random_bytes_never_crash_decode_and_parse(raw: bytes) -> None:
    text, diags = decode(raw, "f.yaml")
    if text is None:
        assert diags and diags[0].code in ("IPA004", "IPA009")
    else:
        check_document(parse_text(text, "f.yaml"))
    tried("random bytes")


@fuzz_settings(300)
@given(st.text(alphabet=YAML_CHARS, max_size=400))
def test_random_yaml_like_text_never_crashes(text: str) -> None:
    check_document(parse_text(text, "f.yaml"))
    tried("random YAML-like text")


@fuzz_settings(200)
@given(st.text(max_size=300))
def test_random_unicode_text_never_crashes(text: str) -> None:
    check_document(parse_text(text, "f.yaml"))
    tried("random Unicode text")


@fuzz_settings(200)
@given(st.sampled_from(_SAMPLES), st.data())
def test_truncated_study_files_never_crash(sample: str, data: st.DataObject) -> None:
    raw = sample.encode("utf-8")
    cut = data.draw(st.integers(min_value=0, max_value=len(raw)))
    text, diags = decode(raw[:cut], "f.yaml")  # a cut inside a multi-byte character is not UTF-8
    if text is None:
        assert diags
    else:
        check_document(parse_text(text, "f.yaml"))
    tried("truncated study files")


@fuzz_settings(60)
@given(
    st.integers(min_value=4300, max_value=20000),
    st.sampled_from(["a: {}", "a: !!int {}", "- {}", "{}: 1", "a: [{}]", "a: -{}"]),
)
@example(5000, "a: {}")
def test_huge_integers_never_crash(digits: int, shape: str) -> None:
    """Python refuses int() of more than 4,300 digits; a study file may still contain one."""
    text = shape.format("9" * digits)
    check_document(parse_text(text, "f.yaml"))
    tried("huge integers")


@pytest.mark.parametrize("opener,closer", [("[", "]"), ("{a: ", "}"), ("- ", "")])
@pytest.mark.parametrize("closed", [True, False])
def test_ten_thousand_nested_brackets_are_refused(opener: str, closer: str, closed: bool) -> None:
    depth = 10_000
    if opener == "- ":
        text = "".join(" " * (2 * i) + "-\n" for i in range(depth))
    else:
        text = opener * depth + ("1" + closer * depth if closed else "")
    doc = parse_text(text, "deep.yaml")
    assert doc.root is None
    assert [d.code for d in doc.diagnostics] == ["IPA001"]
    tried("deep nesting")


def test_nesting_just_below_the_parser_limit_converts_without_recursion_error() -> None:
    """Deep but accepted nesting must convert (or be refused) without a RecursionError."""
    for depth in (50, 500, 900, 999, 1000, 1001, 2000):
        doc = parse_text("[" * depth + "]" * depth, "deep.yaml")
        if doc.root is None:
            assert doc.diagnostics[0].code == "IPA001"
        tried("deep nesting")


def test_a_twenty_megabyte_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"text: " + b"x" * (20 * 1024 * 1024) + b"\n")
    doc = read_document(path, "huge.yaml")
    assert doc.ok and not doc.diagnostics
    assert len(doc.data["text"]) == 20 * 1024 * 1024
    tried("huge scalars")


def test_a_twenty_megabyte_unterminated_quote_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b'text: "' + b"x" * (20 * 1024 * 1024))
    doc = read_document(path, "huge.yaml")
    assert doc.root is None
    assert [d.code for d in doc.diagnostics] == ["IPA001"]
    tried("huge scalars")


def test_lone_surrogate_in_text_is_a_diagnostic() -> None:
    check_document(parse_text("a: \ud800\n", "f.yaml"))


def test_max_file_bytes_is_documented_in_the_module() -> None:
    assert yamlio.MAX_FILE_BYTES == 50 * 1024 * 1024
