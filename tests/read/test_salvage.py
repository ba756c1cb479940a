"""A transcript with one malformed turn is still checked everywhere else, at the right lines."""

from __future__ import annotations

from pathlib import Path

from ipatool.read.loader import load_transcript

TRANSCRIPT = """\
id: T1
kind: interview
participants: [Pat]
turns:
  - n: 1
    speaker: Pat
    text: The first turn is fine.
  - n: 2
    speeker: Pat
    text: This turn has a misspelt key.
  - n: 3
    speaker: Pat
    text: The third turn has a quote that is not there.
    codes:
      - code: c1
        quote: "nowhere to be found"
  - n: 2
    speaker: Pat
    text: And this number goes backwards.
"""


def test_bad_turn_does_not_hide_other_findings(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    f.write_text(TRANSCRIPT, encoding="utf-8")
    _facts, digest, diags = load_transcript(f, "transcripts/t.yaml")
    found = sorted((d.code, d.span.line, d.span.column) for d in diags)
    assert found == [
        ("IPA101", 9, 5),  # unknown key 'speeker'
        ("IPA102", 8, 5),  # 'speaker' missing from turn 2 (points at the entry)
        ("IPA204", 17, 8),  # turn 2 after turn 3 (found although turn 2 was dropped)
        ("IPA401", 16, 16),  # quote not found in turn 3
    ]
    assert digest is not None
    # the dropped turn is left out of the digest; positions after it stay exact (IPA401 above)
    assert [(t.n, t.speaker) for t in digest.turns] == [(1, "Pat"), (3, "Pat"), (2, "Pat")]
    assert [(c.turn, c.code, c.quote) for c in digest.codings] == [(3, "c1", "nowhere to be found")]


def test_broken_required_key_gives_no_digest(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    f.write_text(TRANSCRIPT.replace("kind: interview", "kind: chat"), encoding="utf-8")
    _facts, digest, diags = load_transcript(f, "transcripts/t.yaml")
    assert digest is None
    assert ("IPA104", 2, 7) in {(d.code, d.span.line, d.span.column) for d in diags}
