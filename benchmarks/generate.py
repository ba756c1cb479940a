"""Generate realistic synthetic ipatool studies for benchmarks (10, 100, 1,000 transcripts).

Transcripts look like real IPA coding: an interviewer's short prompts, participants' long turns
of spoken English, 0-3 codes on most participant turns with verbatim quotes (some with
elisions), exploratory notes of the three kinds, focus groups of 3-6 and one-to-one interviews.
Each transcript is ~60-120 KB. The output is deterministic for a given seed.

    python benchmarks/generate.py OUT_DIR --transcripts 100 [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import textwrap
from pathlib import Path

WORDS = [
    "i",
    "think",
    "it",
    "was",
    "really",
    "about",
    "erm",
    "the",
    "way",
    "that",
    "she",
    "would",
    "come",
    "in",
    "and",
    "you",
    "know",
    "sort",
    "of",
    "test",
    "whether",
    "we",
    "were",
    "still",
    "there",
    "for",
    "her",
    "and",
    "that",
    "feels",
    "like",
    "the",
    "heart",
    "of",
    "the",
    "model",
    "for",
    "me",
    "because",
    "the",
    "group",
    "holds",
    "it",
    "when",
    "one",
    "of",
    "us",
    "cannot",
    "and",
    "we",
    "talked",
    "about",
    "it",
    "in",
    "supervision",
    "a",
    "lot",
    "actually",
    "how",
    "hard",
    "it",
    "is",
    "to",
    "stay",
    "curious",
    "when",
    "someone",
    "says",
    "this",
    "is",
    "not",
    "working",
    "and",
    "they",
    "want",
    "to",
    "stop",
    "and",
    "part",
    "of",
    "me",
    "wanted",
    "to",
    "rescue",
    "and",
    "part",
    "of",
    "me",
    "wanted",
    "to",
    "step",
    "back",
    "but",
    "the",
    "training",
    "says",
    "keep",
    "the",
    "mentalising",
    "going",
    "slow",
    "it",
    "down",
    "notice",
    "what",
    "is",
    "happening",
    "in",
    "the",
    "room",
    "between",
    "us",
    "and",
    "then",
    "you",
    "see",
    "these",
    "small",
    "changes",
    "over",
    "months",
    "not",
    "weeks",
    "where",
    "somebody",
    "can",
    "hold",
    "a",
    "feeling",
    "a",
    "bit",
    "longer",
    "before",
    "acting",
    "on",
    "it",
    "and",
    "that",
    "is",
    "huge",
    "for",
    "them",
]

THEMES = 5
SUBTHEMES = 4
CODES = 3


def sentence(rng: random.Random, n: int) -> str:
    start = rng.randrange(0, len(WORDS) - 1)
    words = [WORDS[(start + i) % len(WORDS)] for i in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ",", "?", "..."])


def turn_text(rng: random.Random, words: int) -> str:
    out: list[str] = []
    total = 0
    while total < words:
        n = rng.randint(8, 24)
        out.append(sentence(rng, n))
        total += n
    return " ".join(out)


def block(text: str, indent: int) -> str:
    pad = " " * indent
    lines = textwrap.wrap(text, 90, break_long_words=False, break_on_hyphens=False)
    return ">-\n" + "\n".join(pad + line for line in lines)


def codes() -> list[str]:
    return [
        f"code-{t}-{s}-{c}" for t in range(THEMES) for s in range(SUBTHEMES) for c in range(CODES)
    ]


def write_study(out: Path, transcripts: int, seed: int) -> int:
    rng = random.Random(seed)
    (out / "transcripts").mkdir(parents=True, exist_ok=True)
    coders = ["KG", "KW", "AE"]
    (out / "ipatool.yaml").write_text(
        "title: Synthetic benchmark study\nmethod: ipa\ncoders:\n"
        + "".join(f"  - id: {c}\n    name: Coder {c}\n" for c in coders)
        + "interviewers:\n  - id: INT\n    name: Interviewer\n"
        "fields:\n"
        "  - name: gender\n    kind: category\n    levels: [female, male, non-binary]\n"
        "  - name: age\n    kind: number\n    min: 18\n    max: 99\n"
        "  - name: years_in_care\n    kind: number\n    label: Years in care\n"
        "    phrase: had worked in care for\n"
        "rules:\n  min_participants_per_theme: 3\n"
        "reporting:\n  sentence:\n    counts: [gender]\n    mean_sd: [age]\n"
        "    range_median: [years_in_care]\n",
        encoding="utf-8",
    )
    themes = ["themes:"]
    for t in range(THEMES):
        themes += [f"  - id: theme-{t}", f"    label: Superordinate theme {t}", "    subthemes:"]
        for s in range(SUBTHEMES):
            themes += [
                f"      - id: sub-{t}-{s}",
                f"        label: Subtheme {t}.{s}",
                "        codes:",
            ]
            for c in range(CODES):
                themes += [
                    f"          - id: code-{t}-{s}-{c}",
                    f"            label: Code {t}.{s}.{c}",
                    "            definition: A synthetic code for benchmarking.",
                ]
    (out / "themes.yaml").write_text("\n".join(themes) + "\n", encoding="utf-8")
    all_codes = codes()
    participants: list[str] = []
    pid = 0
    total_bytes = 0
    for i in range(transcripts):
        group = rng.random() < 0.6
        size = rng.randint(3, 6) if group else 1
        members = [f"P{pid + k:05d}" for k in range(size)]
        pid += size
        participants += members
        coded_by = coders if i % 10 == 0 else [rng.choice(coders)]
        lines = [
            f"id: T{i:05d}",
            f"kind: {'focus_group' if group else 'interview'}",
            f"title: {'Focus group' if group else 'Interview'} {i + 1}",
            f"date: 2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            f"duration_min: {rng.randint(30, 95)}",
            "interviewer: INT",
            f"participants: [{', '.join(members)}]",
            f"coded_by: [{', '.join(coded_by)}]",
            "turns:",
        ]
        target = rng.randint(60_000, 120_000)
        size_now = sum(len(x) + 1 for x in lines)
        n = 0
        while size_now < target:
            n += 1
            if n % 2 == 1:
                text = turn_text(rng, rng.randint(8, 25))
                turn = [f"  - n: {n}", "    speaker: INT", f"    text: {block(text, 6)}"]
            else:
                speaker = rng.choice(members)
                text = turn_text(rng, rng.randint(60, 180))
                turn = [f"  - n: {n}", f"    speaker: {speaker}", f"    text: {block(text, 6)}"]
                words = text.split()
                k = rng.choice([0, 1, 1, 2, 2, 3])
                if k:
                    turn.append("    codes:")
                for _ in range(k):
                    a = rng.randrange(0, max(1, len(words) - 20))
                    quote = " ".join(words[a : a + rng.randint(6, 14)])
                    if rng.random() < 0.2:
                        b = a + 16
                        quote += " ... " + " ".join(words[b : b + 4])
                    by = rng.sample(coded_by, k=rng.randint(1, len(coded_by)))
                    turn += [
                        f"      - code: {rng.choice(all_codes)}",
                        f"        by: [{', '.join(by)}]",
                        f'        quote: "{quote}"',
                    ]
                    if rng.random() < 0.1:
                        turn.append("        exemplar: true")
                if rng.random() < 0.5:
                    turn.append("    notes:")
                    for kind in rng.sample(
                        ["descriptive", "linguistic", "conceptual"], k=rng.randint(1, 3)
                    ):
                        turn += [
                            f"      - kind: {kind}",
                            f"        by: {coded_by[0]}",
                            f"        text: {sentence(rng, rng.randint(6, 16))}",
                        ]
            lines += turn
            size_now += sum(len(x) + 1 for x in turn)
        data = "\n".join(lines) + "\n"
        total_bytes += len(data.encode())
        (out / "transcripts" / f"t{i:05d}.yaml").write_text(data, encoding="utf-8")
    parts = ["participants:"]
    for p in participants:
        parts += [
            f"  - id: {p}",
            f"    gender: {rng.choice(['female', 'male', 'non-binary'])}",
            f"    age: {rng.randint(25, 65)}",
            f"    years_in_care: {rng.randint(1, 35)}",
        ]
    (out / "participants.yaml").write_text("\n".join(parts) + "\n", encoding="utf-8")
    return total_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    size = write_study(args.out, args.transcripts, args.seed)
    print(f"wrote {args.transcripts} transcripts, {size / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
