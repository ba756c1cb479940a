"""``ipatool history`` of a case-first study counts what the study is made of: GETs, their
subthemes, PETs and experiential statements (not "0 themes"); a 2009 study keeps its themes,
subthemes and codes.

The repository (in tmp_path) holds examples/case-first-ipa: 4 participants with one interview
each, 12 PETs (three each), 25 statements (7 + 6 + 6 + 6), 2 GETs of two subthemes each. Its
first commit adds those, and 4 participants and 4 transcripts (8 other changes)."""

from __future__ import annotations

import json

from review._gitstudy import GitStudy
from review.test_cli_diff import run


def _later_commits(g: GitStudy) -> None:
    # a statement reworded and a PET relabelled; then a GET subtheme dropped
    g.replace("transcripts/I1.yaml", "text: Small distances become", "text: Short distances become")
    g.replace("pets.yaml", "label: A leg that was not mine", "label: A leg not mine")
    g.commit("second")
    g.replace(
        "themes.yaml",
        "      - id: new-reasons\n        label: Running for different reasons\n"
        "        pets: [tomas-for-the-company, ruth-slower-seeing-more, dev-for-my-head]\n",
        "",
    )
    g.commit("third")


def test_history_text_counts_gets_pets_and_statements(cf: GitStudy) -> None:
    _later_commits(cf)
    code, out, err = run("history", str(cf.root))
    assert (code, err) == (0, "")
    blocks = [b.splitlines()[1:] for b in out.strip().split("\n\n")]
    assert blocks == [
        [
            "    first",
            "    study created: 2 GETs, 4 subthemes, 12 PETs, 25 statements",
            "    8 other changes (transcripts, turns, participants, settings)",
        ],
        [
            "    second",
            "    pet ines-not-my-leg: label A leg that was not mine -> A leg not mine",
            "    statements: 1 changed",
        ],
        [
            "    third",
            "    get_subtheme new-reasons removed (Running for different reasons)",
            # its three PETs are now drawn on by no GET (as ipatool diff says it)
            "    pet dev-for-my-head moved: get new-reasons -> none",
            "    pet ruth-slower-seeing-more moved: get new-reasons -> none",
            "    pet tomas-for-the-company moved: get new-reasons -> none",
        ],
    ]
    assert "0 themes" not in out


def test_history_json_counts_gets_pets_and_statements(cf: GitStudy) -> None:
    _later_commits(cf)
    code, out, err = run("history", str(cf.root), "--format", "json")
    assert (code, err) == (0, "")
    first, second, third = json.loads(out)
    assert first["created"] is True
    assert first["made"] == {"gets": 2, "subthemes": 4, "pets": 12, "statements": 25}
    assert first["statements"] == {"added": 25} and first["codings"] == {}
    # 12 PETs + 2 GETs + 4 subthemes listed; 4 participants and 4 transcripts are the others
    assert len(first["codebook"]) == 18 and first["other_changes"] == 8
    assert second["made"] is None and second["statements"] == {"changed": 1}
    assert [(c["kind"], c["entity"], c["id"], c["field"]) for c in second["codebook"]] == [
        ("changed", "pet", "ines-not-my-leg", "label")
    ]
    assert second["other_changes"] == 0
    assert [(c["kind"], c["entity"], c["id"]) for c in third["codebook"]] == [
        ("removed", "get_subtheme", "new-reasons"),
        ("moved", "pet", "dev-for-my-head"),
        ("moved", "pet", "ruth-slower-seeing-more"),
        ("moved", "pet", "tomas-for-the-company"),
    ]
    assert third["statements"] == {}


def test_a_2009_study_is_still_summarised_by_its_themes(gs: GitStudy) -> None:
    code, out, err = run("history", str(gs.root), "--format", "json")
    assert (code, err) == (0, "")
    (first,) = json.loads(out)
    # review/_gitstudy.py: T1 (S1: c1 c2; S2: c3) and T2 (S3: c4)
    assert first["made"] == {"themes": 2, "subthemes": 3, "codes": 4}
    assert first["statements"] == {}
    code, out, _err = run("history", str(gs.root))
    assert "    study created: 2 themes, 3 subthemes, 4 codes\n" in out
