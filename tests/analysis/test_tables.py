"""Every figure of every table of the small study, computed by hand (see the comments)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ipatool.analysis import Context
from ipatool.analysis import numbers as num
from ipatool.analysis.codebook import build_codebook
from ipatool.analysis.quotebank import build_pets, build_quotes
from ipatool.analysis.sample import build_sample, build_sentence
from ipatool.analysis.themes import build_recurrence, build_themes

Make = Callable[..., Context]


# --- numbers -----------------------------------------------------------------------------


def test_fixed_rounds_half_up_on_the_decimal_value() -> None:
    assert num.fixed(10.375) == "10.38"
    assert num.fixed(2.675) == "2.68"
    assert num.fixed(45.142857) == "45.14"
    assert num.fixed(-0.001) == "0.00"
    assert num.plain(5.0) == "5"
    assert num.plain(2.5) == "2.5"
    assert num.plain(3.75) == "3.75"


def test_mean_sd_uses_the_sample_sd() -> None:
    # 41, 52, 45: mean 46; squared deviations 25 + 36 + 1 = 62; 62 / 2 = 31; sqrt = 5.5678
    assert num.mean_sd([41, 52, 45]) == "46.00 (5.57)"
    assert num.mean_sd([7]) == "7"
    assert num.mean_sd([]) == "–"


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (5, "five"),
        (14, "fourteen"),
        (21, "twenty-one"),
        (100, "one hundred"),
        (1234, "one thousand two hundred thirty-four"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert num.number_words(n) == words


PLURALS = {"Clinical psychologist": "Clinical psychologists", "Group": "Groups"}


@pytest.mark.parametrize(
    ("label", "n", "plurals", "out"),
    [
        ("Clinical psychologist", 2, PLURALS, "Clinical psychologists"),
        ("Clinical psychologist", 1, PLURALS, "Clinical psychologist"),
        ("Group", 2, PLURALS, "Groups"),
        ("Group", 2, None, "Group"),  # no guessing: shown as written without a declared plural
        ("Individual", 4, PLURALS, "Individual"),
        ("Nurse", 3, None, "Nurse"),
        ("female", 9, {}, "female"),
    ],
)
def test_level_text_uses_only_declared_plurals(
    label: str, n: int, plurals: dict[str, str] | None, out: str
) -> None:
    assert num.level_text(label, n, plurals) == out


def test_sample_levels_without_plurals_are_shown_as_written(
    small: Path, context_of: Callable[..., Context]
) -> None:
    cfg = small / "ipatool.yaml"
    cfg.write_text(
        cfg.read_text().replace("    plurals: {Nurse: Nurses, Psychologist: Psychologists}\n", "")
    )
    table = build_sample(context_of(small))
    assert table.total.cells[0].text == "n = 3 Nurse\nn = 2 Psychologist"


@pytest.mark.parametrize(
    ("x", "out"),
    [
        (0.69565, ".70"),
        (-1 / 6, "\u2212.17"),
        (1.0, "1.00"),
        (0.0, ".00"),
        (-0.001, ".00"),
        (0.825, ".83"),
    ],
)
def test_no_leading_zero(x: float, out: str) -> None:
    assert num.no_leading_zero(x) == out


@pytest.mark.parametrize(
    ("share", "out"),
    [(6 / 7, "85.7"), (1.0, "100.0"), (23 / 28, "82.1"), (0.0, "0.0"), (0.99951, "100.0")],
)
def test_percent(share: float, out: str) -> None:
    assert num.percent(share) == out


# --- sample and sentence -----------------------------------------------------------------


def test_sample_table_every_figure(small: Path, context_of: Make) -> None:
    t = build_sample(context_of(small))
    assert [f.name for f in t.fields] == ["role", "age", "years"]
    assert [f.label for f in t.fields] == ["Role", "Age", "Years in practice"]
    i1, fg1 = t.rows
    # interviews first; default labels
    assert (i1.label, i1.n, i1.kind) == ("One-to-one interview 1", 1, "interview")
    assert [c.text for c in i1.cells] == ["n = 1 Nurse", "30", "2"]
    assert i1.duration == "40"
    assert (fg1.label, fg1.n) == ("Focus group 1 (4 participants)", 4)
    # roles P2 Psychologist, P3 Nurse, P4 Psychologist, P5 Nurse (level order: Nurse first)
    assert fg1.cells[0].text == "n = 2 Nurses\nn = 2 Psychologists"
    # ages 41, 52, 45 (P5 missing): mean 46, SD sqrt(31) = 5.568
    assert fg1.cells[1].text == "46.00 (5.57)"
    assert fg1.cells[1].missing == ("P5",)
    assert fg1.cells[1].n == 3
    # years 10, 7.5, 20, 4: mean 41.5 / 4 = 10.375 -> 10.38 (half up);
    # squared deviations 0.140625 + 8.265625 + 92.640625 + 40.640625 = 141.6875; / 3 = 47.229; sqrt = 6.872
    assert fg1.cells[2].text == "10.38 (6.87)"
    assert fg1.duration == "90"
    total = t.total
    assert (total.label, total.n) == ("Whole sample (5 participants)", 5)
    assert total.cells[0].text == "n = 3 Nurses\nn = 2 Psychologists"
    # ages 30, 41, 52, 45: mean 42; squared deviations 144 + 1 + 100 + 9 = 254; / 3 = 84.667; sqrt = 9.201
    assert total.cells[1].text == "42.00 (9.20)"
    # years 2, 10, 7.5, 20, 4: mean 8.7; squared deviations 44.89+1.69+1.44+127.69+22.09 = 197.8; / 4 = 49.45; sqrt = 7.032
    assert total.cells[2].text == "8.70 (7.03)"
    # durations 40, 90: mean 65, SD sqrt(1250) = 35.355
    assert total.duration == "65.00 (35.36)"
    assert any(n == "Missing values are excluded: Age (P5)." for n in t.notes)
    grid = t.grid()
    assert [c.label for c in grid.columns] == [
        "Source",
        "n",
        "Role",
        "Age",
        "Years in practice",
        "Duration (min)",
    ]
    assert grid.rows[-1].kind == "total"
    assert grid.rows[1].cells == (
        "Focus group 1 (4 participants)",
        "4",
        "n = 2 Nurses\nn = 2 Psychologists",
        "46.00 (5.57)",
        "10.38 (6.87)",
        "90",
    )


def test_sample_default_columns_are_number_and_category_fields(
    small: Path, context_of: Make
) -> None:
    cfg = small / "ipatool.yaml"
    cfg.write_text(cfg.read_text().replace("  sample_table: [role, age, years]\n", ""))
    t = build_sample(context_of(small))
    assert [f.name for f in t.fields] == ["gender", "age", "years", "role"]


def test_participant_sentence(small: Path, context_of: Make) -> None:
    s = build_sentence(context_of(small))
    # 5 participants -> "Five" (never a numeral first); 3 female, 2 male; ages as above, 1 missing;
    # years 2..20, median of 2, 4, 7.5, 10, 20 = 7.5
    assert s.text == (
        "Five participants (3 female, 2 male; mean age = 42.00, SD = 9.20, 1 missing) "
        "had practised for between 2 and 20 years (median = 7.5)."
    )
    assert s.n == 5
    assert s.mean_sd[0].mean == pytest.approx(42.0)
    assert s.range_median[0].median == 7.5
    assert (s.range_median[0].min, s.range_median[0].max) == (2.0, 20.0)


def test_sentence_without_ranges_takes_part(small: Path, context_of: Make) -> None:
    cfg = small / "ipatool.yaml"
    cfg.write_text(cfg.read_text().replace("    range_median: [years]\n", ""))
    s = build_sentence(context_of(small))
    assert (
        s.text
        == "Five participants (3 female, 2 male; mean age = 42.00, SD = 9.20, 1 missing) took part."
    )


# --- themes, recurrence, quotes, PETs, codebook ---------------------------------------------
# Counting codings under `any` (A, B, C coded both transcripts; R is the interviewer):
#   I1 t2 P1: c1 [A] "the first meeting", c4 [all]      I1 t4 P1: c3 [A, B]
#   FG1 t2 P2: c1 [all] exemplar    FG1 t3 P3: c2 [A,B,C] and c1 [all] on the same (whole) turn
#   FG1 t4 P4: c4 [B]    FG1 t5 R: c3 (interviewer: never evidence)
#   FG1 t6 P2: c4 [A, C] "Small steps" exemplar    FG1 t7 P5: c3 [C]


def _theme_counts(ctx: Context) -> list[tuple[str, int, int]]:
    out = []
    for t in build_themes(ctx).themes:
        out.append((t.id, t.participants, t.quotes))
        out += [(s.id, s.participants, s.quotes) for s in t.subthemes]
    return out


def test_themes_table_any(small: Path, context_of: Make) -> None:
    ctx = context_of(small, codes=True)
    # S1: P1, P2, P3; quotes I1/2, FG1/2, FG1/3 (c1 and c2 share one extract) -> 3
    # S2: P1, P5 -> 2 quotes; T1: P1, P2, P3, P5 -> 4 participants, 5 quotes
    # S3: P1, P4, P2 -> 3 quotes
    assert _theme_counts(ctx) == [
        ("T1", 4, 5),
        ("S1", 3, 3),
        ("S2", 2, 2),
        ("T2", 3, 3),
        ("S3", 3, 3),
    ]
    t = build_themes(ctx)
    assert [(c.id, c.participants, c.quotes) for c in t.themes[0].subthemes[0].codes] == [
        ("c1", 3, 3),
        ("c2", 1, 1),
    ]
    assert t.themes[0].participant_ids == ("P1", "P2", "P3", "P5")
    grid = t.grid()
    assert [c.label for c in grid.columns] == [
        "Superordinate theme",
        "Subtheme",
        "Code",
        "Participants",
        "Quotes",
    ]
    assert grid.rows[0].cells == ("Trust", "", "", "4", "5")
    assert grid.rows[1].cells == ("", "Early trust", "", "3", "3")
    assert grid.rows[2].cells == ("", "", "First meeting", "3", "3")


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # majority (2 of 3): drops I1/2 c1 [A], FG1/4 c4 [B], FG1/7 c3 [C]
        ("majority", [("T1", 3, 3), ("S1", 2, 2), ("S2", 1, 1), ("T2", 2, 2), ("S3", 2, 2)]),
        # all: also drops I1/4 c3 [A, B] and FG1/6 c4 [A, C]
        ("all", [("T1", 2, 2), ("S1", 2, 2), ("S2", 0, 0), ("T2", 1, 1), ("S3", 1, 1)]),
    ],
)
def test_count_codings_rules(
    small: Path, context_of: Make, rule: str, expected: list[tuple[str, int, int]]
) -> None:
    assert _theme_counts(context_of(small, rule)) == expected


def test_recurrence_any(small: Path, context_of: Make) -> None:
    r = build_recurrence(context_of(small))
    assert [(c.participant, c.source) for c in r.columns] == [
        ("P1", "I1"),
        ("P2", "FG1"),
        ("P3", "FG1"),
        ("P4", "FG1"),
        ("P5", "FG1"),
    ]
    assert [(g.label, g.span) for g in r.groups] == [("I1", 1), ("Focus group 1", 4)]
    rows = {row.id: row for row in r.rows}
    assert [row.id for row in r.rows] == ["T1", "S1", "S2", "T2", "S3"]
    assert rows["T1"].marks == (True, True, True, False, True)
    assert (rows["T1"].n, rows["T1"].total, rows["T1"].percent, rows["T1"].recurrent) == (
        4,
        5,
        "80",
        True,
    )
    assert rows["S1"].marks == (True, True, True, False, False)
    assert (rows["S1"].n, rows["S1"].percent, rows["S1"].recurrent) == (3, "60", True)
    assert rows["S2"].marks == (True, False, False, False, True)
    assert (rows["S2"].n, rows["S2"].percent, rows["S2"].recurrent) == (2, "40", False)
    assert rows["S3"].marks == (True, True, False, True, False)
    assert rows["S3"].quotes == (1, 1, 0, 1, 0)
    assert rows["T1"].quotes == (2, 1, 1, 0, 1)
    grid = r.grid()
    assert grid.rows[2].cells == ("Staying", "✓", "", "", "", "✓", "2/5", "40", "No")
    assert "Sources: I1 = One-to-one interview 1." in grid.notes


def test_recurrence_threshold_is_inclusive(small: Path, context_of: Make) -> None:
    cfg = small / "ipatool.yaml"
    cfg.write_text(
        cfg.read_text().replace("recurrence_threshold: 0.5", "recurrence_threshold: 0.4")
    )
    rows = {row.id: row for row in build_recurrence(context_of(small)).rows}
    assert rows["S2"].recurrent is True  # 2/5 = 0.4 >= 0.4


def test_recurrence_all(small: Path, context_of: Make) -> None:
    rows = {row.id: row for row in build_recurrence(context_of(small, "all")).rows}
    assert rows["T1"].marks == (False, True, True, False, False)
    assert (rows["T1"].n, rows["T1"].percent, rows["T1"].recurrent) == (2, "40", False)
    assert (rows["S2"].n, rows["S2"].percent) == (0, "0")


def test_quote_bank_order(small: Path, context_of: Make) -> None:
    q = build_quotes(context_of(small))
    s1, s2 = q.themes[0].subthemes
    # exemplar first, then source order (interview before focus group), then turn
    assert [(x.participant, x.source, x.turn, x.exemplar) for x in s1.quotes] == [
        ("P2", "FG1", 2, True),
        ("P1", "I1", 2, False),
        ("P3", "FG1", 3, False),
    ]
    assert s1.quotes[1].text == "the first meeting"
    assert s1.quotes[1].source_label == "One-to-one interview 1"
    assert s1.quotes[2].codes == ("c2", "c1")
    assert [(x.participant, x.turn) for x in s2.quotes] == [("P1", 4), ("P5", 7)]
    s3 = q.themes[1].subthemes[0]
    assert [(x.participant, x.turn, x.text) for x in s3.quotes] == [
        ("P2", 6, "Small steps"),
        ("P1", 2, "From the first meeting I knew it would work, slowly."),
        ("P4", 4, "It is small steps, week by week."),
    ]
    grid = q.grid()
    assert grid.rows[0].cells[0] == "Trust" and grid.rows[0].kind == "group"
    assert grid.rows[1].cells[0] == "Early trust" and grid.rows[1].indent == 1
    assert grid.rows[2].cells == (
        "The first meeting sets the tone for everything.",
        "P2",
        "Focus group 1 (4 participants)",
        "2",
    )


def test_personal_experiential_themes(small: Path, context_of: Make) -> None:
    p = build_pets(context_of(small))
    assert [x.participant for x in p.participants] == ["P1", "P2", "P3", "P4", "P5"]
    p1 = p.participants[0]
    assert [(t.id, [s.id for s in t.subthemes]) for t in p1.themes] == [
        ("T1", ["S1", "S2"]),
        ("T2", ["S3"]),
    ]
    p2 = p.participants[1]
    assert [
        (t.id, [(s.id, [q.turn for q in s.quotes]) for s in t.subthemes]) for t in p2.themes
    ] == [
        ("T1", [("S1", [2])]),
        ("T2", [("S3", [6])]),
    ]
    assert [t.id for t in p.participants[4].themes] == ["T1"]
    grid = p.grid()
    assert grid.rows[0].cells[0] == "P1 (One-to-one interview 1)"
    assert grid.rows[1].cells == ("Trust", "Early trust", "the first meeting", "2")
    assert grid.rows[2].cells == ("", "Staying", "I stayed with her when she wanted to stop.", "4")


def test_codebook(small: Path, context_of: Make) -> None:
    c = build_codebook(context_of(small))
    got = [(e.id, e.label, e.subtheme, e.theme, e.uses, e.participants) for e in c.codes]
    # c3: I1/4 and FG1/7 count; FG1/5 is the interviewer's turn
    assert got == [
        ("c1", "First meeting", "Early trust", "Trust", 3, 3),
        ("c2", "Testing", "Early trust", "Trust", 1, 1),
        ("c3", "Staying with", "Staying", "Trust", 2, 2),
        ("c4", "Small steps", "Small steps", "Change", 3, 3),
    ]
    first = c.codes[0]
    assert (first.definition, first.inclusion, first.exclusion) == (
        "The first meeting sets the tone.",
        "Accounts of first sessions.",
        "Later sessions.",
    )
    assert c.codes[1].inclusion == ""


# --- the fast paths agree with the plain definitions ---------------------------------------


REPEATED_TURN = """  - n: 3
    speaker: P4
    text: They test you, to see if you will stay.
    codes:
      - code: c1
      - code: c2
        exemplar: true
      - code: c1
  - n: 4
    speaker: P4
"""


def _reference(ctx: Context) -> dict[str, Any]:
    """The counts and quotes of the tables, computed straight from their definitions."""
    study = ctx.study
    places = study.code_places()
    labels = {s.id: s.label for s in ctx.sources}
    evidence = [
        (src, c, places[c.code])
        for src in ctx.sources
        for c in src.transcript.codings
        if c.code in places and c.speaker in src.participants and study.counts(src.transcript, c)
    ]

    def key(src: Any, c: Any) -> tuple[int, int, str]:
        return (src.index, c.turn, c.extract)

    def quotes(ev: list[Any]) -> list[tuple[Any, ...]]:
        merged: dict[tuple[int, int, str], list[Any]] = {}
        for src, c, place in ev:
            q = merged.setdefault(key(src, c), [c.speaker, src.id, c.turn, c.extract, False, []])
            q[4] = q[4] or c.exemplar
            if place.code.id not in q[5]:
                q[5].append(place.code.id)
        order = sorted(merged, key=lambda k: (not merged[k][4], k[0], k[1]))
        return [
            (p, s, labels[s], t, x, e, tuple(codes))
            for p, s, t, x, e, codes in (merged[k] for k in order)
        ]

    out: dict[str, Any] = {"quotes": {}, "pets": {}, "themes": {}, "codes": {}, "rec": {}}
    for theme in study.themes:
        of_theme = [e for e in evidence if e[2].theme.id == theme.id]
        for pid in {c.speaker for _s, c, _p in of_theme}:
            mine = {key(s, c) for s, c, _p in of_theme if c.speaker == pid}
            out["rec"][(theme.id, pid)] = len(mine)
        for sub in theme.subthemes:
            ev = [e for e in of_theme if e[2].subtheme.id == sub.id]
            out["quotes"][(theme.id, sub.id)] = quotes(ev)
            people = {c.speaker for _s, c, _p in ev}
            out["themes"][(theme.id, sub.id)] = (len(people), len({key(s, c) for s, c, _p in ev}))
            for pid in people:
                mine = [e for e in ev if e[1].speaker == pid]
                out["pets"][(pid, theme.id, sub.id)] = quotes(mine)
                out["rec"][(theme.id, sub.id, pid)] = len({key(s, c) for s, c, _p in mine})
            for code in sub.codes:
                cev = [(s, c) for s, c, p in ev if p.code.id == code.id]
                out["codes"][(sub.id, code.id)] = (
                    len(cev),
                    len({c.speaker for _s, c in cev}),
                    len({key(s, c) for s, c in cev}),
                )
    return out


def _as_tuple(q: Any) -> tuple[Any, ...]:
    return (q.participant, q.source, q.source_label, q.turn, q.text, q.exemplar, q.codes)


@pytest.mark.parametrize("repeated_turn", [False, True])
@pytest.mark.parametrize("rule", ["any", "majority", "all"])
def test_tables_agree_with_the_definitions(
    small: Path, context_of: Make, rule: str, repeated_turn: bool
) -> None:
    if repeated_turn:  # two participants on one extract: one quote of the bank, two personal
        fg1 = small / "transcripts" / "FG1.yaml"
        fg1.write_text(fg1.read_text().replace("  - n: 4\n    speaker: P4\n", REPEATED_TURN))
    ctx = context_of(small, rule, codes=True)
    assert ctx.one_voice is not repeated_turn
    ref = _reference(ctx)
    for t in build_quotes(ctx).themes:
        for s in t.subthemes:
            assert [_as_tuple(q) for q in s.quotes] == ref["quotes"].get((t.id, s.id), [])
    pets = {
        (p.participant, t.id, s.id): [_as_tuple(q) for q in s.quotes]
        for p in build_pets(ctx).participants
        for t in p.themes
        for s in t.subthemes
    }
    assert pets == ref["pets"]
    for t in build_themes(ctx).themes:
        for s in t.subthemes:
            assert (s.participants, s.quotes) == ref["themes"].get((t.id, s.id), (0, 0))
            for c in s.codes:
                assert (c.participants, c.quotes) == ref["codes"][(s.id, c.id)][1:]
    for c in build_codebook(ctx).codes:
        assert (c.uses, c.participants) == ref["codes"][(c.subtheme_id, c.id)][:2]
    rec = build_recurrence(ctx)
    for r in rec.rows:
        key = (r.id,) if r.level == "theme" else (r.theme, r.id)
        expected = tuple(ref["rec"].get((*key, col.participant), 0) for col in rec.columns)
        assert r.quotes == expected
