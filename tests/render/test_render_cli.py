"""The ``ipatool render`` command: files written, refusal, --force, errors, determinism, the example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipatool.cli.app import build_app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(build_app(), ["render", *args])
    return result.exit_code, result.stdout, result.stderr


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_render_writes_every_format(small: Path) -> None:
    code, out, _err = _run(str(small))
    assert code == 0
    folder = small / "rendered"
    files = _tree(folder)
    assert {
        "tables.md",
        "tables.html",
        "tables.tex",
        "tables.docx",
        "tables.json",
        "csv/themes.csv",
        "tex/themes.tex",
    } <= set(files)
    assert len(files) == 29  # md, html, tex, docx, json; csv and tex of each of 12 tables
    assert out.splitlines()[0] == str(folder / "tables.md")
    assert len(out.splitlines()) == 29


def test_render_twice_is_byte_identical(small: Path, tmp_path: Path) -> None:
    assert _run(str(small), "--out", str(tmp_path / "a"))[0] == 0
    assert _run(str(small), "--out", str(tmp_path / "b"))[0] == 0
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_format_and_table_options(small: Path, tmp_path: Path) -> None:
    code, _out, _err = _run(
        str(small), "-f", "csv", "-f", "json", "-t", "themes", "--out", str(tmp_path / "o")
    )
    assert code == 0
    assert sorted(_tree(tmp_path / "o")) == ["csv/themes.csv", "tables.json"]
    doc = json.loads((tmp_path / "o" / "tables.json").read_text())
    assert list(doc["tables"]) == ["themes"]


def test_unknown_format_is_exit_2(small: Path) -> None:
    code, _out, err = _run(str(small), "-f", "pdf")
    assert code == 2
    assert "unknown format 'pdf'" in err
    assert "render docx and export it as PDF from Word or LibreOffice" in err
    assert "render tex and compile it" in err


def test_another_unknown_format_gets_no_pdf_advice(small: Path) -> None:
    code, _out, err = _run(str(small), "-f", "rtf")
    assert code == 2
    assert "unknown format 'rtf'; choose from md, html, tex, csv, docx, json" in err
    assert "PDF" not in err


def test_refuses_a_study_with_errors_unless_forced(small: Path) -> None:
    fg = small / "transcripts" / "FG1.yaml"
    fg.write_text(fg.read_text().replace("code: c2", "code: no-such-code"))
    code, out, err = _run(str(small))
    assert code == 1
    assert "transcripts/FG1.yaml:" in err and "no-such-code" in err
    assert "Traceback" not in out + err
    assert not (small / "rendered").exists()
    code, out, err = _run(str(small), "--force", "-f", "json")
    assert code == 0
    assert "--force" in err
    assert (small / "rendered" / "tables.json").is_file()


def test_template_error_writes_nothing(small: Path) -> None:
    bad = small / "templates" / "html" / "page.html.j2"
    bad.parent.mkdir(parents=True)
    bad.write_text("<html>\n{{ missing_variable }}\n")
    code, out, err = _run(str(small))
    assert code == 2
    assert f"{bad}:2" in err.replace("\n", "")
    assert "nothing was written" in err
    assert "Traceback" not in out + err
    assert not (small / "rendered").exists()


def test_an_error_after_some_formats_were_written_keeps_the_previous_output(small: Path) -> None:
    assert _run(str(small))[0] == 0
    folder = small / "rendered"
    before = _tree(folder)
    # Markdown, HTML and the LaTeX file of each table are staged before the LaTeX document fails
    bad = small / "templates" / "tex" / "document.tex.j2"
    bad.parent.mkdir(parents=True)
    bad.write_text("\\begin{document}\n{{ no_such_thing }}\n")
    code, out, err = _run(str(small))
    assert code == 2
    assert f"{bad}:2" in err.replace("\n", "") and "nothing was written" in err
    assert out == ""
    assert _tree(folder) == before  # every file as it was, no staged file left behind
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_a_failed_render_into_a_new_folder_leaves_no_folder(small: Path, tmp_path: Path) -> None:
    bad = small / "templates" / "md" / "document.md.j2"
    bad.parent.mkdir(parents=True)
    bad.write_text("# Tables\n{{ 1 / 0 }}\n")
    target = tmp_path / "new" / "out"
    code, _out, err = _run(str(small), "--out", str(target))
    assert code == 2
    assert "nothing was written" in err
    assert not (tmp_path / "new").exists()


def test_rendering_over_earlier_output_replaces_it_and_keeps_its_permissions(
    small: Path,
) -> None:
    assert _run(str(small), "-f", "md")[0] == 0
    md = small / "rendered" / "tables.md"
    md.chmod(0o600)
    md.write_text("stale\n")
    assert _run(str(small), "-f", "md")[0] == 0
    assert md.read_text().startswith("#") and md.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in (small / "rendered").iterdir()) == ["tables.md"]


def test_not_a_study_is_exit_2(tmp_path: Path) -> None:
    code, _out, err = _run(str(tmp_path))
    assert code == 2
    assert "not a study folder" in err


def test_example_study_gives_table_2_of_the_paper(example_study: Path, tmp_path: Path) -> None:
    code, _out, err = _run(str(example_study), "-f", "json", "--out", str(tmp_path))
    assert code == 0, err
    doc = json.loads((tmp_path / "tables.json").read_text())
    themes = doc["tables"]["themes"]["data"]["themes"]
    assert [t["label"] for t in themes] == [
        "Experiencing the challenges and complexities of being with service users during MBT",
        "Being a therapist in the group: seeing it all come together",
        "Being on a journey of discovery and change",
        "Being an MBT therapist: a new way of working and developing a new therapeutic identity",
    ]
    subs = [[s["label"] for s in t["subthemes"]] for t in themes]
    assert subs == [
        [
            "Experiencing and working with individuals with a BPD diagnosis",
            "Other service user traits",
            "Building the therapeutic relationship",
        ],
        [
            "The power of shared experiences",
            "The impact of the group: pain versus humour in the room",
            "There is a male in the room: reflections on a gendered diagnosis",
            "Learning to trust us, and each other",
        ],
        [
            "How it feels to help others change",
            "The point and nature of change",
            "Service users' mode of transport: discovering that the vehicle is different for each",
            "Recovery markers and change catalysts",
            "Learning for life/MBT and the real world",
        ],
        [
            "Applying and working with the model",
            "A dichotomy of hopes and expectations for MBT",
            "Being with other therapists",
            "My skills and attributes",
            "Supervision: boy, do we value it!",
        ],
    ]
    assert sum(len(s) for s in subs) == 17
    sentence = doc["tables"]["sentence"]["data"]["text"]
    assert sentence.startswith(
        "Fourteen participants (9 female, 5 male; mean age = 45.14, SD = 10.41)"
    )
    assert "between 7 and 30 years (median = 19.5)" in sentence
    assert "between 1 and 8 years (median = 3.75)" in sentence


def test_a_theme_mostly_from_one_participant_is_warned(small: Path, tmp_path: Path) -> None:
    cfg = small / "ipatool.yaml"
    cfg.write_text(cfg.read_text().replace("count_codings: any", "count_codings: all"))
    # under `all`, the theme T2 keeps one extract, P1's (tests/analysis/test_quality.py)
    code, _out, err = _run(str(small), "-f", "json", "--out", str(tmp_path / "o"))
    assert code == 0
    assert (
        "ipatool: warning: P1 supplies 1 of 1 extract of the theme 'T2' (100.0%): more than half"
        in err.splitlines()
    )


def test_render_from_inside_transcripts_finds_the_study(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small / "transcripts")
    code, out, err = _run("-f", "json")
    assert code == 0, err
    assert out.splitlines() == [str(small.resolve() / "rendered" / "tables.json")]


def test_render_record_reads_every_turns_words(noted: Path) -> None:
    code, _out, _err = _run(str(noted), "--table", "record", "--format", "md", "--format", "csv")
    assert code == 0
    md = (noted / "rendered" / "tables.md").read_text(encoding="utf-8")
    assert "*Analytic Record of Each Participant*" in md
    # an interview turn and a focus-group turn (the small study is double-coded: both are read)
    assert "| 2 | From the first meeting I knew it would work, slowly. |" in md
    assert "| 6 | Small steps, and then one day it is different. |" in md
    rows = (noted / "rendered" / "csv" / "record.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "Turn,Words,Codes,Descriptive notes,Linguistic notes,Conceptual notes"
    assert _run(str(noted), "--format", "json")[0] == 0  # no table named: no record
    everything = json.loads((noted / "rendered" / "tables.json").read_text(encoding="utf-8"))
    assert "record" not in everything["tables"] and "record" not in everything["omitted"]
