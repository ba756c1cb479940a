"""A small double-coded study for the agreement tests (built in tmp_path, no shared files)."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFIG = """\
title: Agreement test
method: ipa
coders:
  - {id: A, name: Ann}
  - {id: B, name: Bob}
  - {id: C, name: Cat}
interviewers:
  - {id: I, name: Ivy}
"""

PARTICIPANTS = """\
participants:
  - id: P1
  - id: P2
"""

THEMES = """\
themes:
  - id: t1
    label: Theme one
    subthemes:
      - id: s1
        label: Sub one
        codes:
          - id: x
            label: Code x
          - id: y
          - id: never
"""

# Four participant turns (2, 3, 4, 5) and one interviewer turn (1), coded by A and B.
# Code x: A applies to 2, 3; B applies to 2, 4.  Code y: both apply to 5 only.
TWO_CODERS = """\
id: T1
kind: focus_group
participants: [P1, P2]
coded_by: [A, B]
turns:
  - n: 1
    speaker: I
    text: Tell me.
    codes:
      - {code: x, by: [A]}
  - n: 2
    speaker: P1
    text: One.
    codes:
      - {code: x}
  - n: 3
    speaker: P2
    text: Two.
    codes:
      - {code: x, by: A}
  - n: 4
    speaker: P1
    text: Three.
    codes:
      - {code: x, by: [B]}
  - n: 5
    speaker: P2
    text: Four.
    codes:
      - {code: y, by: [A, B]}
"""

SINGLE = """\
id: T2
kind: interview
participants: [P1]
coded_by: [A]
turns:
  - n: 1
    speaker: P1
    text: Alone.
    codes:
      - {code: x}
"""


def write_study(root: Path, transcripts: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "ipatool.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "participants.yaml").write_text(PARTICIPANTS, encoding="utf-8")
    (root / "themes.yaml").write_text(THEMES, encoding="utf-8")
    (root / "transcripts").mkdir(exist_ok=True)
    for name, text in transcripts.items():
        (root / "transcripts" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def two_coder_study(tmp_path: Path) -> Path:
    return write_study(tmp_path / "study", {"t1": TWO_CODERS, "t2": SINGLE})
