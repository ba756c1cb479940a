"""IPA707: two transcripts with the same title are warned about, at the second one's title."""

from __future__ import annotations

from pathlib import Path

from ipatool.check.validate import validate_study


def _title(root: Path, name: str, title: str) -> None:
    path = root / "transcripts" / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nduration_min:", f"\ntitle: {title}\nduration_min:", 1))


def _found(root: Path) -> list[tuple[str, str, int, int, str]]:
    result = validate_study(root)
    return [
        (d.code, d.file, d.span.line, d.span.column, d.message)
        for d in result.diagnostics
        if d.code == "IPA707"
    ]


def test_the_second_file_is_warned_naming_the_first(small: Path) -> None:
    _title(small, "FG1.yaml", "Interview 2")
    _title(small, "I1.yaml", "Interview 2")
    ((code, file, line, col, message),) = _found(small)
    # FG1.yaml comes first in file order; I1.yaml's title is its line 3, after "title: "
    assert (code, file, line, col) == ("IPA707", "transcripts/I1.yaml", 3, 8)
    assert "'Interview 2' is also the title of transcripts/FG1.yaml" in message


def test_different_or_missing_titles_are_not_warned(small: Path) -> None:
    assert _found(small) == []  # neither has a title: ipatool numbers them
    _title(small, "FG1.yaml", "Focus group 1")
    _title(small, "I1.yaml", "Interview 1")
    assert _found(small) == []
