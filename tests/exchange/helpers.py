"""Small studies and hand-made .qdpx archives for the REFI-QDA tests (no shared files)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

CONFIG = """\
title: Exchange test
method: ipa
coders:
  - {id: KG, name: Kathryn}
  - {id: AE, name: Alison}
interviewers:
  - {id: KW, name: Karen}
fields:
  - {name: gender, kind: category, levels: [female, male]}
  - {name: age, kind: number, min: 18, max: 99}
  - {name: years, kind: number, label: Years in practice}
  - {name: job, kind: text, required: false}
"""

PARTICIPANTS = """\
participants:
  - {id: Sam, gender: female, age: 40, years: 2.5, job: Nurse}
  - {id: Alex, gender: male, age: 51, years: 10}
"""

THEMES = """\
themes:
  - id: being-there
    label: Being there
    description: What presence means.
    subthemes:
      - id: staying
        label: Staying with the client
        codes:
          - id: staying-with-the-client
            label: Staying with the client
            definition: Remaining present when the client wants to stop.
            inclusion: Explicit refusals to give up.
            exclusion: Ending therapy by agreement.
          - id: stuck
  - id: self
    label: The self
    subthemes:
      - id: insight
        label: Insight
        codes:
          - id: new-insight
"""

FG1 = """\
id: FG1
kind: focus_group
title: Focus group 1
participants: [Sam, Alex]
coded_by: [KG, AE]
turns:
  - n: 1
    speaker: KW
    text: Could you tell me what it is like?
  - n: 2
    speaker: Sam
    text: >-
      She comes in and says it isn't working and she wants to stop, and what I haven't done is stop.
    codes:
      - code: staying-with-the-client
        by: [KG, AE]
        quote: "it isn't working ... she wants to stop"
      - code: stuck
        by: KG
    notes:
      - kind: conceptual
        by: KG
        text: commitment as an active stance
  - n: 3
    speaker: Alex
    text: "I feel 😀 happy – and “stuck”, honestly."
    codes:
      - code: stuck
        quote: "“stuck”"
      - code: new-insight
        by: [AE]
        quote: happy
"""


def write_study(root: Path, transcripts: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "ipatool.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "participants.yaml").write_text(PARTICIPANTS, encoding="utf-8")
    (root / "themes.yaml").write_text(THEMES, encoding="utf-8")
    (root / "transcripts").mkdir(exist_ok=True)
    for name, text in (transcripts if transcripts is not None else {"fg1": FG1}).items():
        (root / "transcripts" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def make_qdpx(path: Path, members: dict[str, bytes | str]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    path.write_bytes(buffer.getvalue())
    return path


def project(body: str, *, origin: str = "Test 1.0", users: str = "") -> str:
    users = users or (
        '<Users><User guid="{AAAAAAAA-0000-0000-0000-000000000001}" name="Ann Coder"/>'
        '<User guid="aaaaaaaa-0000-0000-0000-000000000002" name="Bob Coder"/></Users>'
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="Hand made" origin="{origin}">'
        f"{users}{body}</Project>"
    )
