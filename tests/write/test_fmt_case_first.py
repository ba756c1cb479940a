"""``ipatool fmt`` on the case-first files: pets.yaml, gets in themes.yaml, statements on turns,
in the key order of their models (docs/format.md), by both the ruamel path and the fast one."""

from __future__ import annotations

import pytest

from ipatool.write.fmt import Outcome, format_text
from ipatool.write.layout import file_kind

PETS_MESSY = """\
pets:
- statements: [ines-01, ines-02]
  label: A leg that was not mine
  participant: Ines
  id: ines-not-my-leg
"""

PETS_TIDY = """\
pets:
  - id: ines-not-my-leg
    participant: Ines
    label: A leg that was not mine
    statements: [ines-01, ines-02]
"""

GETS_MESSY = """\
gets:
- subthemes:
  - pets: [a, b]
    label: Sub
    id: sub
  label: Get
  id: get
"""

GETS_TIDY = """\
gets:
  - id: get
    label: Get
    subthemes:
      - id: sub
        label: Sub
        pets: [a, b]
"""

TURN_MESSY = """\
id: I1
kind: interview
participants: [Ines]
turns:
  - n: 2
    speaker: Ines
    text: It felt like a deal had been broken.
    statements:
      - quote: a deal had been broken
        text: A bargain the knee failed to honour
        id: ines-02
    notes:
      - kind: linguistic
        text: contract language
"""

TURN_TIDY = """\
id: I1
kind: interview
participants: [Ines]
turns:
  - n: 2
    speaker: Ines
    text: It felt like a deal had been broken.
    notes:
      - kind: linguistic
        text: contract language
    statements:
      - id: ines-02
        text: A bargain the knee failed to honour
        quote: a deal had been broken
"""


def test_file_kinds() -> None:
    assert file_kind("pets.yaml") == "pets_file"
    assert file_kind("themes.yaml") == "themes_file"


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(
    ("kind", "messy", "tidy"),
    [
        ("pets_file", PETS_MESSY, PETS_TIDY),
        ("themes_file", GETS_MESSY, GETS_TIDY),
        ("transcript", TURN_MESSY, TURN_TIDY),
    ],
)
def test_canonical_order(kind: str, messy: str, tidy: str, fast: bool) -> None:
    result = format_text(messy, kind, "f.yaml", fast=fast)
    assert (result.outcome, result.after) == (Outcome.CHANGED, tidy)
    assert format_text(tidy, kind, "f.yaml", fast=fast).outcome is Outcome.UNCHANGED
