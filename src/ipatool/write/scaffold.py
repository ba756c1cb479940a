"""``ipatool init``: a new study folder that validates clean, or a copy of the bundled example."""

from __future__ import annotations

from pathlib import Path

from ipatool import files
from ipatool.errors import UserError
from ipatool.files import atomic_write

EXAMPLE_NAME = "mbt-therapists"

GITIGNORE = """\
# Output you can make again with 'ipatool render'
rendered/
# ipatool's cache
.ipatool-cache/
# Files of real names and other identifiers (for 'ipatool validate --identifiers'):
# keep them out of the repository
identifiers.txt
identifiers*.txt
*.identifiers
# Raw recordings and exports (Word files, captions) still carry real names
raw/
"""

CONFIG = """\
# Study settings. Every key is described in the ipatool documentation (docs/format.md).
title: My study                  # the study's title, used in table captions
method: ipa                      # ipa | thematic
coders:                          # everyone who codes; `by:` and `coded_by:` use these ids
  - id: R1
    name: First Researcher
interviewers:                    # everyone who interviews; they may speak in transcripts
  - id: R1
    name: First Researcher
fields:                          # the demographic fields every participant has, in table order
  - name: gender
    kind: category               # number | category | text
    label: Gender
    levels: [female, male, non-binary]
  - name: age
    kind: number
    label: Age
    unit: years
    min: 18
    max: 99
rules:
  recurrence_threshold: 0.5      # a theme is recurrent when this share of participants evidences it
  count_codings: any             # which codings count in the tables: any | majority | all
  min_participants_per_theme: auto  # Smith (2011) by sample size; a number overrides it
reporting:
  sentence:                      # the Methods-section sentence
    counts: [gender]
    mean_sd: [age]
"""

PARTICIPANTS = """\
# One entry per participant. Ids are pseudonyms: real names never belong in this repository.
participants:
  - id: P1
    gender: female
    age: 40
"""

THEMES = """\
# The theme hierarchy: themes > subthemes > codes. Ids are unique across the whole file.
themes:
  - id: example-theme
    label: An example theme
    subthemes:
      - id: example-subtheme
        label: An example subtheme
        codes:
          - id: example-code
            label: An example code
            definition: What this code captures.
            inclusion: What counts as this code.
            exclusion: What does not, and which code it belongs to instead.
"""

TRANSCRIPT = """\
# A tiny example transcript: replace it with your own ('ipatool import transcript').
id: example
kind: interview
date: 2024-01-15
interviewer: R1
participants: [P1]
turns:
  - n: 1
    speaker: R1
    text: Could you tell me about a time that mattered to you?
  - n: 2
    speaker: P1
    text: The first day was hard, but by the end of the week I felt at home.
    codes:
      - code: example-code
        quote: by the end of the week I felt at home
    notes:
      - kind: descriptive
        text: A change over the first week.
"""

README = """\
# {title}

This folder is an ipatool study: plain YAML files kept in git. `ipatool validate` checks them,
`ipatool render` makes the tables for the manuscript.

| file | what it holds |
| --- | --- |
| `ipatool.yaml` | study settings: title, method, coders, interviewers, demographic fields, rules |
| `participants.yaml` | one entry per participant: a pseudonym id and demographic values |
| `themes.yaml` | the theme hierarchy: themes > subthemes > codes, with definitions |
| `transcripts/` | one file per interview or focus group: numbered turns, codes and notes |

Everyday commands:

```sh
ipatool validate                 # check everything (also runs in CI and as a pre-commit hook)
ipatool fmt                      # tidy the layout of every file, comments kept
ipatool import transcript raw/interview-3.docx --speaker "Interviewer=R1" --speaker "Sam"
ipatool import participants raw/demographics.xlsx
ipatool render                   # write the tables into rendered/
```

Real names never belong here: participants are known by pseudonym ids, and the import maps
each speaker's name to an id. Keep raw files (recordings, Word documents, captions) in `raw/`,
which `.gitignore` keeps out of git, or outside this folder altogether.
"""


class ScaffoldError(UserError):
    """The study cannot be created where asked."""


def skeleton_files() -> dict[str, str]:
    """The files of a new study, by relative path."""
    return {
        files.CONFIG: CONFIG,
        files.PARTICIPANTS: PARTICIPANTS,
        files.THEMES: THEMES,
        f"{files.TRANSCRIPTS_DIR}/example.yaml": TRANSCRIPT,
        ".gitignore": GITIGNORE,
        "README.md": README.format(title="My study"),
    }


def example_source() -> Path | None:
    """The bundled example study: inside the installed package, else the repository's copy."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "example_study", package.parents[1] / "examples" / EXAMPLE_NAME):
        if (candidate / files.CONFIG).is_file():
            return candidate
    return None


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target}: is a file, not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise ScaffoldError(f"{target}: the folder is not empty; give a new or empty folder")


def create_study(target: Path) -> list[str]:
    """Write a new study skeleton into ``target`` (new or empty); return the files written."""
    _check_target(target)
    files = skeleton_files()
    for rel, text in files.items():
        atomic_write(target / rel, text)
    return list(files)


def copy_example(target: Path) -> list[str]:
    """Copy the bundled example study into ``target`` (new or empty); return the files written."""
    _check_target(target)
    source = example_source()
    if source is None:
        raise ScaffoldError("the bundled example study is missing from this installation")
    written: list[str] = []
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_dir() or any(part.startswith((".", "__")) for part in rel.parts):
            continue
        atomic_write(target / rel, path.read_bytes())
        written.append(rel.as_posix())
    if not (target / ".gitignore").exists():
        atomic_write(target / ".gitignore", GITIGNORE)
        written.append(".gitignore")
    return written
