"""``ipatool init``: a new study folder that validates clean, or a copy of the bundled example."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ipatool import files
from ipatool.errors import UserError
from ipatool.files import TRANSCRIPTS_DIR, atomic_write
from ipatool.read.models import ID_PATTERN

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
  - id: R1                       # replace R1 and the name with your initials and your name
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
# Add them by hand or from a spreadsheet ('ipatool import participants FILE'), e.g.
#   - id: Pat
#     gender: female
#     age: 40
participants: []
"""

THEMES = """\
# The theme hierarchy: themes > subthemes > codes. Ids are unique across the whole file.
#   - id: belonging
#     label: Finding a place
#     subthemes:
#       - id: first-week
#         label: The first week
#         codes:
#           - id: feeling-at-home
#             label: Feeling at home
#             definition: What this code captures.
themes: []
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
ipatool import transcript raw/interview-3.docx --speaker "Interviewer={coder}" --speaker "Sam"
ipatool import participants raw/demographics.xlsx
ipatool render                   # write the tables into rendered/
```

Real names never belong here: participants are known by pseudonym ids, and the import maps
each speaker's name to an id. Keep raw files (recordings, Word documents, captions) in `raw/`,
which `.gitignore` keeps out of git, or outside this folder altogether.
"""


class ScaffoldError(UserError):
    """The study cannot be created where asked."""


PLACEHOLDER_CODER = "R1"
"""The coder and interviewer id of a new study when ``init`` is given none (``--coder``)."""


def skeleton_files(coder: str | None = None) -> dict[str, str]:
    """The files of a new study, by relative path: no participants, themes or transcripts yet
    (the study validates, with one warning: no transcripts), and ``coder`` (or the placeholder
    R1, marked for replacing) as its one coder and interviewer."""
    config = CONFIG
    if coder is not None:
        if not re.match(ID_PATTERN, coder):
            raise ScaffoldError(
                f"--coder {coder!r}: an id is letters, digits, '.', '_' or '-' (e.g. your initials)"
            )
        config = config.replace(
            "  - id: R1                       # replace R1 and the name with your initials and your name\n"
            "    name: First Researcher\n",
            f"  - id: {coder}\n",
        ).replace("  - id: R1\n    name: First Researcher\n", f"  - id: {coder}\n")
    return {
        files.CONFIG: config,
        files.PARTICIPANTS: PARTICIPANTS,
        files.THEMES: THEMES,
        ".gitignore": GITIGNORE,
        "README.md": README.format(title="My study", coder=coder or PLACEHOLDER_CODER),
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


def create_study(target: Path, coder: str | None = None) -> list[str]:
    """Write a new study skeleton into ``target`` (new or empty); return the files written."""
    _check_target(target)
    files = skeleton_files(coder)
    for rel, text in files.items():
        atomic_write(target / rel, text)
    (target / TRANSCRIPTS_DIR).mkdir(exist_ok=True)
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


@dataclass(frozen=True, slots=True)
class GitOutcome:
    """What ``init`` did about git: ``done`` (a repository made), or why not."""

    done: bool
    reason: str


def git_available() -> bool:
    return shutil.which("git") is not None


def enclosing_repository(folder: Path) -> Path | None:
    """The top of the git work tree ``folder`` is inside, if any (None without git, too)."""
    if not git_available():
        return None
    result = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
        capture_output=True,
        text=True,
        check=False,
    )
    top = result.stdout.strip()
    return Path(top) if result.returncode == 0 and top else None


def set_up_git(folder: Path, wanted: bool | None) -> GitOutcome:
    """Run ``git init`` in a new study folder when ``wanted`` (None: when git is installed and
    the folder is not inside a repository already); say what was done or why not."""
    if wanted is False:
        return GitOutcome(False, "not set up (--no-git)")
    if not git_available():
        if wanted:
            raise ScaffoldError("--git: git is not installed (not found on PATH)")
        return GitOutcome(False, "not found on PATH; install git and run 'git init' here")
    top = enclosing_repository(folder)
    if top is not None and wanted is None:
        return GitOutcome(False, f"the folder is inside the git repository {top.as_posix()}")
    result = subprocess.run(
        ["git", "init", "-q", str(folder)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        words = (result.stderr or result.stdout).strip().splitlines()
        raise ScaffoldError(f"git init failed: {words[-1] if words else result.returncode}")
    return GitOutcome(True, "initialised an empty repository (nothing committed yet)")
