"""The fast canonical emitter against ruamel's round trip: the same outcome and the same bytes
on every file of every study the tests have (the example, the test studies, a generated study,
each also after one ``fmt``), and no line written ends in whitespace."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ipatool.read.yamlio import decode, parse_text
from ipatool.write.canon import canonical_text
from ipatool.write.fmt import (
    Outcome,
    declared_fields,
    file_kind,
    format_study,
    format_text,
    study_files,
)

REPO = Path(__file__).resolve().parents[2]
STUDIES = sorted(
    {p.parent for base in ("examples", "tests") for p in (REPO / base).rglob("ipatool.yaml")},
)


def _files(root: Path) -> list[tuple[str, str, list[str]]]:
    fields = declared_fields(root)
    out = []
    for path in study_files(root):
        rel = path.relative_to(root).as_posix()
        text, _ = decode(path.read_bytes(), rel)
        if text is not None:
            out.append((rel, text, fields))
    return out


def _compare(root: Path) -> int:
    """Compare both paths on every file of a study; return how many the fast emitter decided."""
    decided = 0
    for rel, text, fields in _files(root):
        fast = format_text(text, file_kind(rel), rel, fields)
        slow = format_text(text, file_kind(rel), rel, fields, fast=False)
        assert (fast.outcome, fast.after) == (slow.outcome, slow.after), rel
        for line in slow.after.split("\n"):
            assert line == line.rstrip(), (rel, line)
        doc = parse_text(text, rel)
        if doc.ok and canonical_text(doc.root, text, file_kind(rel), fields) is not None:
            decided += 1
    return decided


@pytest.mark.parametrize("source", STUDIES, ids=[s.relative_to(REPO).as_posix() for s in STUDIES])
def test_fast_path_matches_ruamel(source: Path, tmp_path: Path) -> None:
    root = tmp_path / "study"
    shutil.copytree(source, root)
    _compare(root)
    format_study(root, write=True, fast=False)
    _compare(root)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gen") / "study"
    script = REPO / "benchmarks" / "generate.py"
    subprocess.run(
        [sys.executable, str(script), str(root), "--transcripts", "4"],
        check=True,
        capture_output=True,
    )
    return root


def test_fast_path_matches_ruamel_on_a_generated_study(generated: Path) -> None:
    files = len(study_files(generated))
    assert _compare(generated) == files  # generated files need no ruamel at all
    results = format_study(generated, write=True, fast=False)
    assert any(r.outcome is Outcome.CHANGED for r in results)
    assert _compare(generated) == files
    again = format_study(generated, write=False)
    assert all(r.outcome is Outcome.UNCHANGED for r in again)


CASES = [
    "id: T\nkind: interview\nparticipants: [P1, 'P2', \"P3\"]\nturns:\n- {n: 1, speaker: P1, text: hi}\n",
    "id: T\nturns:\n  - n: 1\n    speaker: P\n    text: >-\n      folded by hand\n      and it fits\n",
    "id: T\nturns:\n  - n: 1\n    speaker: P\n    text: >-\n      " + "a " * 60 + "b\n",
    "id: T\ntitle: " + "word " * 25 + "end\n",
    "id: T\ntitle: '" + "it''s " * 20 + "'\n",
    'id: T\ntitle: "' + "quoted words " * 8 + '"\n',
    "id: T\ndate: 2021-05-04\nduration_min: 1.5\nx: null\ny: ~\nz:\nb: true\nc: True\n",
    "id: T\nn: 007\nm: 0x1F\nk: yes\nj: 'No'\ni: ''\nh: []\ng: {}\nf: {a: 1}\n",
    "id: T\ntitle: a: b\n",
    "id: T\ntitle: 'a: b # c'\ntext: |-\n  one\n  two\n",
    "id: T\ntitle: zero\u200bwidth " + "word " * 40 + "end\n",
    'id: T\ntitle: "trailing \\nspaces ' + "word " * 20 + '"\n',
    "id: T # comment\nkind: interview\n",
    "id: T\na: -0.5\nb: 10.25\nc: 1.0\nd: 0.10\ne: -7\nf: 12345678901234567890\n",
    "id: T\ntitle: \"line\\u2028separator\"\nkind: 'it\\u2029s'\n",
    'id: T\ntitle: \u00dcmit \u00e9t\u00e9 na\u00efve\nnote: "emoji \U0001f600"\n',
    "id: T\nturns:\n  - n: 1\n    speaker: P\n    text: >-\n      folded\n# between\n    codes: []\n",
    "id: T\nlist:\n- a\n- 'b'\n- 1\nmap:\n  deep:\n    deeper: [x, y]\n",
    "---\nid: T\n",
    "id: &a T\nkind: interview\n",
    "kind: interview\nid: T\nturns:\n- speaker: P\n  n: 1\n  codes:\n  - quote: q\n    code: c\n",
]


@pytest.mark.parametrize("text", CASES)
def test_fast_path_matches_ruamel_on_hand_made_cases(text: str) -> None:
    fast = format_text(text, "transcript", "t.yaml")
    slow = format_text(text, "transcript", "t.yaml", fast=False)
    assert (fast.outcome, fast.after) == (slow.outcome, slow.after)


def test_comments_are_found_outside_values() -> None:
    text = "id: T\ntitle: 'not # a comment'\nkind: interview  # a comment\n"
    doc = parse_text(text, "t")
    emitted = canonical_text(doc.root, text, "transcript")
    assert emitted is not None and emitted[1] is True
    plain = "id: T\nkind: interview\ntitle: 'not # a comment'\n"
    doc = parse_text(plain, "t")
    assert canonical_text(doc.root, plain, "transcript") == (plain, False)


@pytest.mark.parametrize(
    "value",
    ["zero\u200bwidth " + "word " * 40 + "end", "abc \n" + "word " * 5 + "z", "a " * 60 + "\n b"],
)
def test_no_trailing_whitespace_written(value: str) -> None:
    from ipatool.write.yamlout import CommentedMap, apply_block_styles, dump

    data = CommentedMap()
    data["definition"] = value
    apply_block_styles(data)
    out = dump(data)
    assert all(line == line.rstrip() for line in out.split("\n")), out
    assert parse_text(out, "t").data == {"definition": value}
    assert format_text(out, "code", "t").outcome is Outcome.UNCHANGED


_ATOMS = [
    *("word", "it's", "a:b", "x #y", "yes", "No", "null", "~", "1", "-2", "1.50", "0.5"),
    *("2021-05-04", "2021-5-4", "é", "\u200b", '"q"', "'s'", "[a]", "{b}", "a,b", "?", "-"),
    *("*", "&", "!", "%", "@", "`", "|", ">", "  ", "\t", "x" * 90, "Zürich", "\\", "😀", ":"),
]


def _value(rng: random.Random) -> str:
    words = " ".join(rng.choice(_ATOMS) for _ in range(rng.randint(1, 25)))
    pick = rng.random()
    if pick < 0.3:
        return words
    if pick < 0.5:
        return "'" + words.replace("'", "''") + "'"
    if pick < 0.7:
        escaped = words.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        return '"' + escaped + '"'
    if pick < 0.8:
        items = ["a", "'b'", '"c"', "1", "x y"]
        return "[" + ", ".join(rng.choice(items) for _ in range(rng.randint(0, 4))) + "]"
    lines = [
        " ".join(rng.choice(["word", "more", "x" * 30]) for _ in range(rng.randint(1, 12)))
        for _ in range(rng.randint(1, 4))
    ]
    return ">-\n      " + "\n      ".join(lines)


def _transcript(rng: random.Random) -> str:
    turns = []
    for i in range(rng.randint(1, 3)):
        keys = [("n", str(i + 1)), ("speaker", "P1"), ("text", _value(rng))]
        if rng.random() < 0.4:
            keys.append(("extra", _value(rng)))
        rng.shuffle(keys)
        turns.append(
            "\n".join(("    " if j else "  - ") + f"{k}: {v}" for j, (k, v) in enumerate(keys))
        )
    top = [("id", "T"), ("kind", "interview"), ("title", _value(rng))]
    rng.shuffle(top)
    return "\n".join(f"{k}: {v}" for k, v in top) + "\nturns:\n" + "\n".join(turns) + "\n"


def test_fast_path_matches_ruamel_on_generated_values() -> None:
    rng = random.Random(14)
    compared = 0
    for _ in range(300):
        text = _transcript(rng)
        fast = format_text(text, "transcript", "t.yaml")
        slow = format_text(text, "transcript", "t.yaml", fast=False)
        assert (fast.outcome, fast.after) == (slow.outcome, slow.after), text
        compared += fast.outcome is not Outcome.FAILED
    assert compared > 100
