"""Hostile inputs to the importers: REFI-QDA archives with external entities, entity bombs,
path-traversal names and corrupted bytes; raw transcripts with path-like ids. Each ends in a
study or a clear error, never a traceback, and nothing is written outside the target folder.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import (
    CliOutcome,
    assert_clean_exit,
    command_exists,
    fuzz_settings,
    run_cli,
    tree_listing,
    tried,
    write_study,
)

SECRET = "hostile-secret-91f3"


def _need(*words: str) -> None:
    if not command_exists(*words):
        pytest.skip(f"'ipatool {' '.join(words)}' does not exist yet")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The members of a .qdpx exported from the small study."""
    _need("export", "qdpx")
    base = tmp_path_factory.mktemp("qdpx")
    root = write_study(base / "study")
    target = base / "small.qdpx"
    out = run_cli("export", "qdpx", root, "--output", target)
    assert out.exit_code == 0, out
    with zipfile.ZipFile(target) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _qde_name(members: dict[str, bytes]) -> str:
    return next(n for n in members if n.endswith(".qde"))


def _import(tmp: Path, archive: bytes) -> tuple[CliOutcome, Path]:
    """Import ``archive`` into ``tmp/work/into``; check nothing appears outside ``tmp/work``."""
    work = tmp / "work"
    work.mkdir(exist_ok=True)
    src = work / "in.qdpx"
    src.write_bytes(archive)
    outside_before = tree_listing(tmp)
    into = work / "into"
    out = run_cli("import", "qdpx", src, "--into", into, "--format", "json")
    assert_clean_exit(out)
    new = {p for p in tree_listing(tmp) - outside_before if not p.startswith("work/")}
    assert new == set(), new
    return out, into


def _texts(folder: Path) -> str:
    if not folder.exists():
        return ""
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file()
    )


def _with_doctype(qde: bytes, doctype: str, entity_ref: str) -> bytes:
    text = qde.decode("utf-8")
    text = re.sub(r"^<\?xml[^>]*\?>\s*", "", text)
    text = text.replace('name="', f'name="{entity_ref}', 1)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}\n{text}').encode()


def test_external_entity_is_not_resolved(tmp_path: Path, exported: dict[str, bytes]) -> None:
    _need("import", "qdpx")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    members = dict(exported)
    qde = _qde_name(members)
    members[qde] = _with_doctype(
        members[qde],
        f'<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        "&xxe;",
    )
    out, into = _import(tmp_path, _zip(members))
    assert SECRET not in _texts(into) and SECRET not in out.output


def test_entity_bomb_is_refused_in_bounded_time(tmp_path: Path, exported: dict[str, bytes]) -> None:
    _need("import", "qdpx")
    from .conftest import wall_clock_guard

    ents = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    members = dict(exported)
    qde = _qde_name(members)
    members[qde] = _with_doctype(members[qde], "<!DOCTYPE Project [" + "".join(ents) + "]>", "&l9;")
    with wall_clock_guard(60):
        _out, into = _import(tmp_path, _zip(members))
    assert "lollollollollol" not in _texts(into)


@pytest.mark.parametrize(
    "evil",
    ["../../evil", "../evil", "/tmp/evil-abs", "a/../../evil", "..", "CON", "x\x00y"],
)
def test_path_like_names_stay_inside(tmp_path: Path, exported: dict[str, bytes], evil: str) -> None:
    _need("import", "qdpx")
    members = dict(exported)
    qde = _qde_name(members)
    text = members[qde].decode("utf-8")
    safe = evil.replace("\x00", "&#0;")
    # every source, case and code name becomes hostile; a member with that name is added
    text = re.sub(r'(<(?:TextSource|Case|Code|User)\b[^>]*\bname=")[^"]*"', rf'\g<1>{safe}"', text)
    members[qde] = text.encode("utf-8")
    members[f"sources/{evil.replace(chr(0), '')}.txt"] = b"KW: hello\n"
    _out, into = _import(tmp_path, _zip(members))
    for p in into.rglob("*") if into.exists() else []:
        assert p.resolve().is_relative_to(into.resolve())
    tried("hostile archives")


def test_zip_slip_member_is_not_extracted(tmp_path: Path, exported: dict[str, bytes]) -> None:
    _need("import", "qdpx")
    members = dict(exported)
    members["../../../slipped.txt"] = b"slipped"
    members["/abs-slipped.txt"] = b"slipped"
    _import(tmp_path, _zip(members))
    assert not Path("/abs-slipped.txt").exists()


@pytest.mark.parametrize(
    "raw",
    [b"", b"not a zip", b"PK\x03\x04" + b"\x00" * 40, bytes(range(256))],
    ids=["empty", "text", "truncated-header", "bytes"],
)
def test_broken_archive_is_a_clear_error(tmp_path: Path, raw: bytes) -> None:
    _need("import", "qdpx")
    out, _into = _import(tmp_path, raw)
    assert out.exit_code == 2
    assert out.stderr.strip()


@fuzz_settings(60)
@given(st.data())
def test_corrupted_archives_never_crash(
    tmp_path_factory: pytest.TempPathFactory, exported: dict[str, bytes], data: st.DataObject
) -> None:
    _need("import", "qdpx")
    members = dict(exported)
    qde = _qde_name(members)
    text = members[qde]
    kind = data.draw(st.sampled_from(["cut", "flip", "delete", "bytes"]))
    if kind == "cut":
        members[qde] = text[: data.draw(st.integers(0, len(text)))]
        archive = _zip(members)
    elif kind == "flip":  # stored, so flips reach the XML and the CRC check
        flipped = bytearray(_zip(members, zipfile.ZIP_STORED))
        for _ in range(data.draw(st.integers(1, 8))):
            flipped[data.draw(st.integers(0, len(flipped) - 1))] = data.draw(st.integers(0, 255))
        archive = bytes(flipped)
    elif kind == "delete":
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 400)))
        members[qde] = text[:i] + text[j:]
        archive = _zip(members)
    else:
        members[qde] = data.draw(st.binary(max_size=500))
        archive = _zip(members)
    _import(tmp_path_factory.mktemp("fz"), archive)
    tried("corrupted archives")


def test_damaged_deflate_stream_is_a_clear_error(
    tmp_path: Path, exported: dict[str, bytes]
) -> None:
    _need("import", "qdpx")
    qde = _qde_name(exported)
    members = {qde: exported[qde], **{k: v for k, v in exported.items() if k != qde}}
    archive = bytearray(_zip(members))
    with zipfile.ZipFile(io.BytesIO(bytes(archive))) as zf:
        info = zf.getinfo(qde)
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    archive[offset] = 0xFF  # deflate block type 3: invalid
    out, _into = _import(tmp_path, bytes(archive))
    assert out.exit_code == 2


@pytest.mark.parametrize("bad_id", ["../../evil", "../evil", "/tmp/evil", "a/b", ".hidden"])
def test_import_transcript_refuses_path_like_ids(tmp_path: Path, bad_id: str) -> None:
    _need("import", "transcript")
    root = write_study(tmp_path / "study")
    raw = tmp_path / "raw.txt"
    raw.write_text("KW: How was it?\nSam: Fine.\n", encoding="utf-8")
    before = tree_listing(tmp_path)
    out = run_cli(
        "import",
        "transcript",
        raw,
        "--into",
        root,
        "--id",
        bad_id,
        "--speaker",
        "KW",
        "--speaker",
        "Sam",
        "--interviewer",
        "KW",
    )
    assert_clean_exit(out, (1, 2))
    assert tree_listing(tmp_path) == before
