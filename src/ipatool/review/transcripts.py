"""Transcripts compared by meaning: added, removed, their metadata, turns, codings and notes.

Transcripts are matched by id (a file renamed is not a new transcript); one whose blob is the
same on both sides is skipped without a look. Codings are compared under the new code ids
(see :class:`~ipatool.review.codebook.CodeMap`): a coding is moved when the same code and quote
sit on another turn, or the same turn and quote carry another code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ipatool.read.models import CodeApplication, TranscriptFile
from ipatool.review.changes import Change
from ipatool.review.codebook import CodeMap
from ipatool.review.snapshot import Snapshot

META = ("kind", "title", "date", "duration_min", "interviewer", "participants", "coded_by")

_Coding = tuple[int, int, CodeApplication, str, int]
"""(turn number, turn index, application, its code under the new ids, its index in the turn)."""


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def compare_transcripts(a: Snapshot, b: Snapshot, cmap: CodeMap) -> list[Change]:
    out: list[Change] = []
    for tid in sorted(set(a.transcript_file) | set(b.transcript_file)):
        if a.blob_of(tid) == b.blob_of(tid) and not cmap.any:
            continue  # the same bytes: nothing to compare
        x, y = a.transcript(tid), b.transcript(tid)
        if y is None and x is not None:
            file = a.transcript_file[tid]
            out.append(Change("removed", "transcript", tid, transcript=tid, file=file))
            out += [
                Change(
                    "removed", "coding", cmap.new(app.code), transcript=tid, turn=turn.n, file=file
                )
                for turn in x.turns
                for app in turn.codes
            ]
        elif x is None and y is not None:
            file = b.transcript_file[tid]
            out.append(Change("added", "transcript", tid, transcript=tid, file=file, line=1))
            out += [
                Change(
                    "added",
                    "coding",
                    cmap.new(app.code),
                    transcript=tid,
                    turn=turn.n,
                    file=file,
                    line=b.line(file, ("turns", i, "codes", j, "code")),
                )
                for i, turn in enumerate(y.turns)
                for j, app in enumerate(turn.codes)
            ]
        elif x is not None and y is not None:
            out += list(_one(tid, x, y, b, b.transcript_file[tid], cmap))
    return out


def _one(
    tid: str, x: TranscriptFile, y: TranscriptFile, b: Snapshot, file: str, cmap: CodeMap
) -> Iterator[Change]:
    def at(path: tuple[str | int, ...]) -> int | None:
        return b.line(file, path)

    for name in META:
        p, q = _plain(getattr(x, name)), _plain(getattr(y, name))
        if p != q:
            yield Change(
                "changed",
                "transcript",
                tid,
                transcript=tid,
                field=name,
                before=p,
                after=q,
                file=file,
                line=at((name,)),
            )
    xt = {t.n: (i, t) for i, t in enumerate(x.turns)}
    yt = {t.n: (i, t) for i, t in enumerate(y.turns)}
    for n in sorted(set(xt) | set(yt)):
        if n not in yt:
            yield Change(
                "removed",
                "turn",
                f"{tid}#{n}",
                transcript=tid,
                turn=n,
                before=xt[n][1].text,
                file=file,
            )
        elif n not in xt:
            yield Change(
                "added",
                "turn",
                f"{tid}#{n}",
                transcript=tid,
                turn=n,
                after=yt[n][1].text,
                file=file,
                line=at(("turns", yt[n][0], "n")),
            )
        else:
            (_, p), (i, q) = xt[n], yt[n]
            for name in ("speaker", "text"):
                if getattr(p, name) != getattr(q, name):
                    yield Change(
                        "changed",
                        "turn",
                        f"{tid}#{n}",
                        transcript=tid,
                        turn=n,
                        field=name,
                        before=getattr(p, name),
                        after=getattr(q, name),
                        file=file,
                        line=at(("turns", i, name)),
                    )
            yield from _notes(tid, n, p.notes, q.notes, file, at(("turns", i, "n")))
    yield from _codings(tid, x, y, file, cmap, at)


def _notes(
    tid: str, n: int, before: Any, after: Any, file: str, line: int | None
) -> Iterator[Change]:
    xs = [(note.kind.value, note.by, note.text) for note in before]
    ys = [(note.kind.value, note.by, note.text) for note in after]
    for note in xs:
        if note not in ys:
            yield Change(
                "removed",
                "note",
                note[0],
                transcript=tid,
                turn=n,
                before=note[2],
                file=file,
                line=line,
            )
    for note in ys:
        if note not in xs:
            yield Change(
                "added",
                "note",
                note[0],
                transcript=tid,
                turn=n,
                after=note[2],
                file=file,
                line=line,
            )


def _codings(
    tid: str, x: TranscriptFile, y: TranscriptFile, file: str, cmap: CodeMap, at: Any
) -> Iterator[Change]:
    def listed(t: TranscriptFile, mapped: bool) -> list[_Coding]:
        return [
            (turn.n, i, app, cmap.new(app.code) if mapped else app.code, j)
            for i, turn in enumerate(t.turns)
            for j, app in enumerate(turn.codes)
        ]

    before, after = listed(x, True), listed(y, False)
    left: list[_Coding] = []
    pool = list(after)
    for c in before:  # the same code on the same turn: one coding, perhaps changed
        match = next((d for d in pool if (d[0], d[3]) == (c[0], c[3])), None)
        if match is None:
            left.append(c)
            continue
        pool.remove(match)
        line = at(("turns", match[1], "codes", match[4]))
        for name in ("quote", "by", "exemplar"):
            p, q = getattr(c[2], name), getattr(match[2], name)
            if p != q:
                yield Change(
                    "changed",
                    "coding",
                    c[3],
                    transcript=tid,
                    turn=c[0],
                    field=name,
                    before=p,
                    after=q,
                    file=file,
                    line=line,
                )
    rest: list[_Coding] = []
    for c in left:  # the same code and quote on another turn, or another code on the same turn
        match = next((d for d in pool if d[3] == c[3] and d[2].quote == c[2].quote), None)
        field, p, q = "turn", c[0], None
        if match is None:
            match = next((d for d in pool if d[0] == c[0] and d[2].quote == c[2].quote), None)
            field, p = "code", c[3]
        if match is None:
            rest.append(c)
            continue
        pool.remove(match)
        if field == "code" and c[2].code in cmap.split and match[3] in cmap.split[c[2].code]:
            continue  # the split says it
        q = match[0] if field == "turn" else match[3]
        yield Change(
            "moved",
            "coding",
            match[3],
            transcript=tid,
            turn=match[0],
            field=field,
            before=p,
            after=q,
            file=file,
            line=at(("turns", match[1], "codes", match[4])),
        )
    for c in rest:
        yield Change(
            "removed", "coding", c[3], transcript=tid, turn=c[0], before=c[2].quote, file=file
        )
    for d in pool:
        yield Change(
            "added",
            "coding",
            d[3],
            transcript=tid,
            turn=d[0],
            after=d[2].quote,
            file=file,
            line=at(("turns", d[1], "codes", d[4])),
        )
