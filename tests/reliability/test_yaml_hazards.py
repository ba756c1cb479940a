"""YAML hazards are refused with a clear error, in bounded time and memory.

Alias bombs are refused structurally (aliases are never expanded), so a bomb that would expand to
billions of nodes costs no more than its own text. Unsafe tags are reported, never constructed.
"""

from __future__ import annotations

import resource
import tracemalloc
from pathlib import Path

import pytest

from ipatool.read import yamlio
from ipatool.read.loader import load_study
from ipatool.read.yamlio import parse_text, read_document

from .conftest import SMALL, assert_clean_exit, run_cli, wall_clock_guard, write_study

MB = 1024 * 1024


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """The classic alias bomb: ``width ** levels`` strings when expanded (9**9 = 387 million)."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def codes(text: str) -> list[str]:
    return [d.code for d in parse_text(text, "f.yaml").diagnostics]


def test_billion_laughs_is_refused_in_bounded_time_and_memory() -> None:
    bomb = billion_laughs()
    tracemalloc.start()
    try:
        with wall_clock_guard(60):
            doc = parse_text(bomb, "bomb.yaml")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert doc.diagnostics and {d.code for d in doc.diagnostics} == {"IPA008"}
    # one diagnostic per alias, none per expanded node: 9 levels x 9 aliases
    assert len(doc.diagnostics) == 81
    assert peak < 20 * MB, f"peak {peak / MB:.1f} MB for a {len(bomb)}-byte bomb"
    # the expansion never happened: either the document is refused outright or the aliased
    # values are empty, never 387 million strings
    assert doc.data is None or doc.data["a9"] == [None] * 9


def test_billion_laughs_in_a_study_file_through_the_cli(tmp_path: Path) -> None:
    root = write_study(tmp_path / "s", {"participants.yaml": billion_laughs(12, 10)})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with wall_clock_guard(120):
        out = run_cli("validate", root, "--format", "json")
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert_clean_exit(out, (1,))
    assert '"IPA008"' in out.stdout
    assert grown_kb < 200 * 1024, f"max RSS grew {grown_kb} kB"


def test_merge_key_alias_is_refused() -> None:
    assert "IPA008" in codes("base: &b {x: 1}\nuse:\n  <<: *b\n")


@pytest.mark.parametrize(
    "text",
    [
        "!!python/object/apply:os.system ['touch PWNED']\n",
        "a: !!python/object/apply:os.system ['touch PWNED']\n",
        "a: !!python/name:os.system\n",
        "a: !!python/object/new:subprocess.Popen [['touch', 'PWNED']]\n",
        "!!python/object:__main__.X {a: 1}\n",
        "a: !<tag:yaml.org,2002:python/object/apply:os.system> ['touch PWNED']\n",
        "a: !custom x\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
        "a: !!omap [x: 1]\n",
    ],
)
def test_unsafe_and_unknown_tags_are_reported_never_run(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    doc = parse_text(text, "f.yaml")
    assert "IPA007" in [d.code for d in doc.diagnostics]
    assert not (tmp_path / "PWNED").exists()
    if "python" in text:
        assert any("unsafe" in d.message for d in doc.diagnostics)
    # nothing but plain data comes out
    assert _plain(doc.data)


def _plain(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    import datetime as dt

    return value is None or isinstance(value, str | int | float | bool | dt.date)


def test_unsafe_tag_in_a_study_is_an_error_at_its_position(tmp_path: Path) -> None:
    root = write_study(
        tmp_path / "s",
        {"themes.yaml": "themes: !!python/object/apply:os.system ['touch PWNED']\n"},
    )
    out = run_cli("validate", root, "--format", "json")
    assert_clean_exit(out, (1,))
    assert '"code": "IPA007"' in out.stdout
    assert '"line": 1' in out.stdout
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    doc = parse_text("id: A\nkind: interview\nid: B\n", "f.yaml")
    dups = [d for d in doc.diagnostics if d.code == "IPA002"]
    assert [(d.span.line, d.span.column) for d in dups] == [(3, 1)]
    assert "line 1" in dups[0].message


def test_utf16_file_is_refused(tmp_path: Path) -> None:
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.yaml"
        raw = "id: A\n".encode(encoding)
        if encoding != "utf-16":  # add the BOM editors write
            raw = ("\ufeff" + "id: A\n").encode(encoding)
        path.write_bytes(raw)
        doc = read_document(path, path.name)
        assert doc.root is None
        assert [d.code for d in doc.diagnostics] == ["IPA004"]
        assert "UTF-16" in doc.diagnostics[0].message or "NUL" in doc.diagnostics[0].message


def test_utf16_without_bom_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes("id: A\n".encode("utf-16-le"))
    doc = read_document(path, "f.yaml")
    assert doc.root is None and [d.code for d in doc.diagnostics] == ["IPA004"]


def test_latin1_file_is_refused_at_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes("id: A\ntext: café\n".encode("latin-1"))
    doc = read_document(path, "f.yaml")
    assert [(d.code, d.span.line, d.span.column) for d in doc.diagnostics] == [("IPA004", 2, 10)]
    assert "0xe9" in doc.diagnostics[0].message


def test_nul_byte_is_refused_at_its_position(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"id: A\ntext: a\x00b\n")
    doc = read_document(path, "f.yaml")
    assert [(d.code, d.span.line, d.span.column) for d in doc.diagnostics] == [("IPA004", 2, 8)]


def test_file_over_the_size_limit_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 1000)
    calls: list[str] = []
    real_parse = yamlio.parse_text

    def counting_parse(text: str, file: str) -> yamlio.YamlDocument:
        calls.append(file)
        return real_parse(text, file)

    monkeypatch.setattr(yamlio, "parse_text", counting_parse)
    path = tmp_path / "big.yaml"
    path.write_bytes(b"text: " + b"x" * 2000 + b"\n")
    doc = read_document(path, "big.yaml")
    assert [d.code for d in doc.diagnostics] == ["IPA009"]
    assert "2,007 bytes" in doc.diagnostics[0].message
    assert calls == []  # refused before the parser saw it
    small = tmp_path / "small.yaml"
    small.write_bytes(b"text: ok\n")
    assert read_document(small, "small.yaml").data == {"text": "ok"}


def test_oversized_transcript_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 4096)
    padding = "\n".join(f"# {'x' * 70}" for _ in range(80))
    root = write_study(
        tmp_path / "s", {"transcripts/I1.yaml": SMALL["transcripts/I1.yaml"] + padding}
    )
    out = run_cli("validate", root, "--format", "json")
    assert_clean_exit(out, (1,))
    assert '"code": "IPA009"' in out.stdout and "transcripts/I1.yaml" in out.stdout


def test_study_with_every_hazard_at_once_still_loads_the_rest(tmp_path: Path) -> None:
    root = write_study(
        tmp_path / "s",
        {
            "transcripts/bomb.yaml": billion_laughs(),
            "transcripts/utf16.yaml": "id: X\n".encode("utf-16"),
            "transcripts/nul.yaml": b"id: Y\x00\n",
            "transcripts/deep.yaml": "[" * 10_000,
        },
    )
    with wall_clock_guard(60):
        study, diags = load_study(root)
    found = {(d.file, d.code) for d in diags}
    assert ("transcripts/utf16.yaml", "IPA004") in found
    assert ("transcripts/nul.yaml", "IPA004") in found
    assert ("transcripts/deep.yaml", "IPA001") in found
    assert ("transcripts/bomb.yaml", "IPA008") in found
    assert {t.id for t in study.transcripts} >= {"FG1", "I1"}
