"""REFI-QDA import: a ``.qdpx`` project from other software becomes a study folder that validates.

Users become coders; the code tree becomes themes > subthemes > codes; Cases and Variables become
participants and demographic fields; each text source becomes a transcript (turns from speaker
labels where the text has them, otherwise paragraphs); each text selection becomes code
applications with quotes on the turns it covers; notes on selections become exploratory notes.
What the study format cannot hold (PDF, picture, audio and video selections, graphs, sets, ...)
is counted in the report, never dropped silently.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipatool.exchange.archive import Archive, open_archive, parse_xml
from ipatool.exchange.common import (
    ExchangeError,
    local,
    make_field_name,
    make_id,
    norm_guid,
    unique,
)
from ipatool.quotes import fragments

if TYPE_CHECKING:
    from lxml.etree import _Element

_INTERVIEWER = re.compile(
    r"^(?:i|int|interviewer|q|moderator|facilitator|researcher)\s*\d*$", re.IGNORECASE
)
_LABEL = re.compile(
    r"^[ \t]*(?:\[(?P<b>[^\]\n]{1,40})\][ \t]*:?|(?P<p>[^\s:\[\]][^:\n]{0,39}?)[ \t]*:)[ \t]+(?=\S)"
)
_TEXT_EXTENSIONS = re.compile(r"\.(?:txt|docx?|rtf|odt|pdf|html?)$", re.IGNORECASE)
_NOTE_KINDS = ("descriptive", "linguistic", "conceptual")
_MEDIA = {
    "PDFSource": "PDF",
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}
_SELECTIONS = {
    "PDFSelection": "PDF selections",
    "PictureSelection": "picture selections",
    "AudioSelection": "audio selections",
    "VideoSelection": "video selections",
    "TranscriptSelection": "media transcript selections",
}


@dataclass
class ImportReport:
    """What an import made, and what it could not carry (counted by kind)."""

    project: str = ""
    origin: str = ""
    made: dict[str, int] = field(default_factory=dict)
    not_carried: dict[str, int] = field(default_factory=dict)
    missing_sources: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def lost(self, what: str, n: int = 1) -> None:
        if n:
            self.not_carried[what] = self.not_carried.get(what, 0) + n

    def to_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "origin": self.origin,
            "made": dict(self.made),
            "not_carried": dict(sorted(self.not_carried.items())),
            "missing_sources": list(self.missing_sources),
            "messages": list(self.messages),
        }


def _kids(el: _Element, name: str) -> list[_Element]:
    return [c for c in el if local(c.tag) == name]


def _kid(el: _Element, name: str) -> _Element | None:
    for c in el:
        if local(c.tag) == name:
            return c
    return None


def _text(el: _Element | None) -> str | None:
    if el is None or el.text is None:
        return None
    value = el.text.strip()
    return value or None


def _count(el: _Element, name: str) -> int:
    return sum(1 for c in el.iter() if local(c.tag) == name)


@dataclass
class _CodeNode:
    guid: str
    name: str
    codable: bool
    description: str | None
    children: list[_CodeNode]


@dataclass
class _Turn:
    start: int
    end: int
    label: str | None
    speaker: str = ""
    codes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    app_index: dict[tuple[str, str | None], dict[str, Any]] = field(default_factory=dict)


def split_turns(text: str) -> list[_Turn]:
    """Turns of a plain text: by speaker labels (``Name:``, ``[Name]``) where most lines have one,
    otherwise paragraphs (blank-line separated; one per line when there are no blank lines)."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    nonblank = [(a, b) for a, b in lines if text[a:b].strip()]
    if not nonblank:
        return []
    matches = [_label(text[a:b]) for a, b in nonblank]
    labelled = sum(1 for m in matches if m is not None)
    turns: list[_Turn] = []
    if matches[0] is not None and labelled * 2 >= len(nonblank):
        for (a, b), m in zip(nonblank, matches, strict=True):
            if m is not None:
                turns.append(_Turn(a + m[1], b, m[0]))
            else:
                turns[-1].end = b
    elif any(not text[a:b].strip() for a, b in lines[:-1]) or len(nonblank) == 1:
        block: list[tuple[int, int]] = []
        for a, b in [*lines, (len(text), len(text))]:
            if text[a:b].strip():
                block.append((a, b))
            elif block:
                turns.append(_Turn(block[0][0], block[-1][1], None))
                block = []
    else:
        turns = [_Turn(a, b, None) for a, b in nonblank]
    out = []
    for t in turns:
        chunk = text[t.start : t.end]
        t.start += len(chunk) - len(chunk.lstrip())
        t.end -= len(chunk) - len(chunk.rstrip())
        if t.end > t.start:
            out.append(t)
    return out


def _label(line: str) -> tuple[str, int] | None:
    m = _LABEL.match(line)
    if m is None:
        return None
    label = (m.group("b") or m.group("p") or "").strip()
    if not label or not any(ch.isalpha() for ch in label) or len(label.split()) > 4:
        return None
    return label, m.end()


class _OffsetMap:
    """Maps the exporter's offsets to code points of the text (UTF-16 units for NVivo)."""

    def __init__(self, text: str, utf16: bool) -> None:
        self.units: list[int] | None = None
        if utf16 and any(ord(ch) > 0xFFFF for ch in text):
            units = [0]
            for ch in text:
                units.append(units[-1] + (2 if ord(ch) > 0xFFFF else 1))
            self.units = units
        self.length = len(text)

    def __call__(self, offset: int) -> int:
        if self.units is not None:
            offset = bisect.bisect_left(self.units, offset)
        return max(0, min(offset, self.length))


def decode_source(raw: bytes) -> tuple[str, bool]:
    """Source bytes to text (BOM stripped, line endings made ``\\n``); True when bytes were replaced."""
    replaced = False
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
    else:
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="replace")
            replaced = True
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, replaced


def _code_node(el: _Element) -> _CodeNode:
    return _CodeNode(
        norm_guid(el.get("guid")),
        (el.get("name") or "").strip(),
        (el.get("isCodable") or "true").strip().lower() in ("true", "1"),
        _text(_kid(el, "Description")),
        [_code_node(c) for c in _kids(el, "Code")],
    )


class _CodeMapper:
    """Turns a REFI code tree into themes > subthemes > codes, remembering each code's id."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.theme_ids: set[str] = set()
        self.code_ids: dict[str, str] = {}  # normalised guid -> code id

    def to_themes(self, top: list[_CodeNode], used: set[str]) -> list[dict[str, Any]]:
        themes: list[dict[str, Any]] = []
        flat: list[dict[str, Any]] = []
        for node in top:
            if not node.children:
                flat.append(self._code(node))
                continue
            theme = self._group(node)
            subs: list[dict[str, Any]] = []
            direct: list[dict[str, Any]] = []
            if node.guid in used:
                direct.append(self._code(node))
            for child in node.children:
                if not child.children:
                    direct.append(self._code(child))
                    continue
                sub = self._group(child)
                codes = [self._code(child)] if child.guid in used else []
                for d in _descendants(child):
                    if d.children:
                        self.report.lost("code levels below subthemes (codes kept, flattened)")
                    if not d.children or d.guid in used or d.codable:
                        codes.append(self._code(d))
                sub["codes"] = codes
                subs.append(sub)
            if direct:
                label = f"{theme['label']}: other codes"
                subs.insert(
                    0,
                    {
                        "id": make_id(f"{theme['id']}-codes", self.theme_ids),
                        "label": label,
                        "codes": direct,
                    },
                )
            theme["subthemes"] = subs
            themes.append(theme)
        if flat:
            themes.append(
                {
                    "id": make_id("imported", self.theme_ids),
                    "label": "Imported codes",
                    "subthemes": [
                        {
                            "id": make_id("imported-codes", self.theme_ids),
                            "label": "Imported codes",
                            "codes": flat,
                        }
                    ],
                }
            )
        return themes

    def _group(self, node: _CodeNode) -> dict[str, Any]:
        gid = make_id(node.name, self.theme_ids, fallback="theme")
        out: dict[str, Any] = {"id": gid, "label": node.name or gid}
        if node.description:
            out["description"] = node.description
        return out

    def _code(self, node: _CodeNode) -> dict[str, Any]:
        cid = make_id(node.name, self.theme_ids, fallback="code")
        self.code_ids[node.guid] = cid
        out: dict[str, Any] = {"id": cid}
        if node.name and node.name != cid:
            out["label"] = node.name
        out.update(_parse_description(node.description))
        return out


class _Importer:
    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.report = ImportReport()
        self.root = parse_xml(archive.qde, f"{archive.path.name}:{archive.qde_name}")
        if local(self.root.tag) != "Project":
            raise ExchangeError(
                f"{archive.path}: {archive.qde_name} is not a REFI-QDA project (root element "
                f"<{local(self.root.tag)}>)"
            )
        self.utf16 = "nvivo" in (self.root.get("origin") or "").lower()
        self.users: dict[str, str] = {}  # guid -> coder id
        self.coders: list[dict[str, str]] = []
        self.coder_ids: set[str] = set()
        self.mapper = _CodeMapper(self.report)
        self.fields: list[dict[str, Any]] = []
        self.field_of: dict[str, tuple[str, str]] = {}  # variable guid -> (field name, kind)
        self.participants: dict[str, dict[str, Any]] = {}
        self.pid_taken: set[str] = set()
        self.case_of_name: dict[str, str] = {}  # lower-case case name / id -> participant id
        self.cases_of_source: dict[str, list[str]] = {}
        self.label_pid: dict[str, str] = {}
        self.interviewers: dict[str, str] = {}  # id -> name
        self.notes: dict[str, _Element] = {}
        self.notes_used: set[str] = set()
        self.transcripts: dict[str, dict[str, Any]] = {}
        self.tid_taken: set[str] = set()

    # -- users, codes, variables, cases ------------------------------------------------------

    def read_users(self) -> None:
        users = _kid(self.root, "Users")
        for user in _kids(users, "User") if users is not None else []:
            g = norm_guid(user.get("guid"))
            name = (user.get("name") or "").strip()
            cid = make_id(user.get("id") or name, self.coder_ids, fallback="coder")
            self.users[g] = cid
            self.coders.append({"id": cid, "name": name or cid})

    def coder(self, user_guid: str | None) -> str | None:
        if not user_guid:
            return None
        g = norm_guid(user_guid)
        if g not in self.users:
            cid = make_id("coder", self.coder_ids)
            self.users[g] = cid
            self.coders.append({"id": cid, "name": f"user {user_guid.strip('{}')}"})
            self.report.messages.append(
                f"a user GUID not listed under <Users> ({user_guid}) became coder '{cid}'"
            )
        return self.users[g]

    def read_codes(self, used: set[str]) -> list[dict[str, Any]]:
        book = _kid(self.root, "CodeBook")
        codes = _kid(book, "Codes") if book is not None else None
        top = [_code_node(c) for c in _kids(codes, "Code")] if codes is not None else []
        return self.mapper.to_themes(top, used)

    def read_variables(self) -> None:
        variables = _kid(self.root, "Variables")
        taken: set[str] = set()
        for var in _kids(variables, "Variable") if variables is not None else []:
            name = (var.get("name") or "").strip() or "variable"
            fname = make_field_name(name, taken)
            kind_of = (var.get("typeOfVariable") or "Text").strip()
            kind = "number" if kind_of in ("Integer", "Float") else "text"
            spec: dict[str, Any] = {"name": fname, "kind": kind}
            label = _text(_kid(var, "Description")) or name
            if label != fname:
                spec["label"] = label
            if kind_of == "Boolean":
                spec["kind"] = "category"
                spec["levels"] = ["true", "false"]
            spec["required"] = False
            self.fields.append(spec)
            self.field_of[norm_guid(var.get("guid"))] = (fname, spec["kind"])

    def read_cases(self) -> None:
        cases = _kid(self.root, "Cases")
        for case in _kids(cases, "Case") if cases is not None else []:
            name = (case.get("name") or "").strip()
            pid = make_id(name, self.pid_taken, fallback="case")
            entry: dict[str, Any] = {"id": pid}
            for vv in _kids(case, "VariableValue"):
                ref = _kid(vv, "VariableRef")
                spec = self.field_of.get(
                    norm_guid(ref.get("targetGUID") if ref is not None else "")
                )
                if spec is None:
                    self.report.lost("case values of unknown variables")
                    continue
                value = _variable_value(vv, spec[1])
                if value is not None:
                    entry[spec[0]] = value
            self.participants[pid] = entry
            for key in (name.lower(), pid.lower()):
                self.case_of_name.setdefault(key, pid)
            for ref in _kids(case, "SourceRef"):
                self.cases_of_source.setdefault(norm_guid(ref.get("targetGUID")), []).append(pid)
            self.report.lost("codes attached to cases", len(_kids(case, "CodeRef")))
            self.report.lost("selections attached to cases", len(_kids(case, "SelectionRef")))

    # -- sources ------------------------------------------------------------------------------

    def read_notes(self) -> None:
        notes = _kid(self.root, "Notes")
        for note in _kids(notes, "Note") if notes is not None else []:
            self.notes[norm_guid(note.get("guid"))] = note

    def note_text(self, note: _Element) -> str | None:
        content = _text(_kid(note, "PlainTextContent"))
        if content is None and note.get("plainTextPath"):
            raw = self._source_bytes(note.get("plainTextPath") or "")
            if raw is not None:
                content = decode_source(raw)[0].strip() or None
        return (
            content or _text(_kid(note, "Description")) or (note.get("name") or "").strip() or None
        )

    def _source_bytes(self, path: str) -> bytes | None:
        ref = path.strip()
        name = ref.split("://", 1)[1] if "://" in ref else ref
        return self.archive.source(name) if name else None

    def used_codes(self, sources: list[_Element]) -> set[str]:
        used: set[str] = set()
        for src in sources:
            for sel in _kids(src, "PlainTextSelection"):
                for coding in _kids(sel, "Coding"):
                    ref = _kid(coding, "CodeRef")
                    if ref is not None:
                        used.add(norm_guid(ref.get("targetGUID")))
        return used

    def read_source(self, src: _Element) -> None:
        name = (src.get("name") or "").strip()
        sguid = norm_guid(src.get("guid"))
        selections = _kids(src, "PlainTextSelection")
        content = _kid(src, "PlainTextContent")
        raw: bytes | None = None
        if content is not None and content.text:
            raw = content.text.encode("utf-8")
        elif src.get("plainTextPath"):
            raw = self._source_bytes(src.get("plainTextPath") or "")
        if raw is None:
            self.report.missing_sources.append(name or sguid)
            self.report.lost("text sources whose text is not in the archive")
            self.report.lost("text selections in missing sources", len(selections))
            return
        text, replaced = decode_source(raw)
        if replaced:
            self.report.messages.append(f"{name}: the text is not UTF-8; bad bytes were replaced")
        turns = split_turns(text)
        if not turns:
            self.report.lost("empty text sources")
            self.report.lost("text selections in empty sources", len(selections))
            return
        tid = make_id(_TEXT_EXTENSIONS.sub("", name), self.tid_taken, fallback="source")
        linked = self.cases_of_source.get(sguid, [])
        participants: list[str] = []
        interviewers: list[str] = []
        for t in turns:
            t.speaker = self.speaker(t.label, tid, linked)
            (interviewers if t.speaker in self.interviewers else participants).append(t.speaker)
        participants = unique([*linked, *participants])
        starts = [t.start for t in turns]
        offsets = _OffsetMap(text, self.utf16)
        coders: list[str] = []
        for sel in selections:
            self.selection(sel, text, turns, starts, offsets, coders, name)
        self.report.lost("codings of whole sources", len(_kids(src, "Coding")))
        self.report.lost("notes attached to whole sources", len(_kids(src, "NoteRef")))
        self.report.lost("source variable values", len(_kids(src, "VariableValue")))
        doc: dict[str, Any] = {
            "id": tid,
            "kind": "focus_group" if len(participants) > 1 else "interview",
        }
        if name and name != tid:
            doc["title"] = name
        if interviewers:
            doc["interviewer"] = unique(interviewers)
        doc["participants"] = participants
        if coders:
            doc["coded_by"] = [c["id"] for c in self.coders if c["id"] in set(coders)]
        doc["turns"] = [_turn_doc(i + 1, t, text) for i, t in enumerate(turns)]
        self.transcripts[tid] = doc

    def speaker(self, label: str | None, tid: str, linked: list[str]) -> str:
        if label is None:
            if len(linked) == 1:
                return linked[0]
            return self._participant(f"{tid}-speaker")
        key = label.strip()
        low = key.lower()
        pid = self.case_of_name.get(low) or self.label_pid.get(low)
        if pid is not None:
            return pid
        for iid, name in self.interviewers.items():
            if low in (iid.lower(), name.lower()):
                return iid
        coder = next((c for c in self.coders if low in (c["id"].lower(), c["name"].lower())), None)
        if coder is not None:
            self.interviewers[coder["id"]] = coder["name"]
            return coder["id"]
        if _INTERVIEWER.match(key):
            iid = make_id(key, set(self.interviewers) | self.pid_taken, fallback="interviewer")
            self.interviewers[iid] = key
            return iid
        pid = self._participant(key)
        self.label_pid[low] = pid
        return pid

    def _participant(self, name: str) -> str:
        if name in self.participants:
            return name
        pid = make_id(name, self.pid_taken | set(self.interviewers), fallback="participant")
        self.pid_taken.add(pid)
        self.participants[pid] = {"id": pid}
        return pid

    def selection(
        self,
        sel: _Element,
        text: str,
        turns: list[_Turn],
        starts: list[int],
        offsets: _OffsetMap,
        coders: list[str],
        source: str,
    ) -> None:
        try:
            s = offsets(int((sel.get("startPosition") or "").strip()))
            e = offsets(int((sel.get("endPosition") or "").strip()))
        except ValueError:
            self.report.lost("text selections without valid positions")
            return
        if e < s:
            s, e = e, s
        pieces: list[tuple[_Turn, str | None]] = []
        first = max(0, bisect.bisect_right(starts, s) - 1)
        for t in turns[first:]:
            if t.start >= e:
                break
            a, b = max(s, t.start), min(e, t.end)
            if a >= b:
                continue
            chunk = text[a:b]
            a += len(chunk) - len(chunk.lstrip())
            b -= len(chunk) - len(chunk.rstrip())
            if b <= a or not fragments(text[a:b]):
                continue
            pieces.append((t, None if (a, b) == (t.start, t.end) else text[a:b]))
        if not pieces:
            self.report.lost("text selections with no words in a turn")
            self.report.messages.append(
                f"{source}: selection {sel.get('name') or sel.get('guid')} [{s}, {e}) covers no "
                "words of a turn; left out"
            )
            return
        sel_user = sel.get("creatingUser")
        for coding in _kids(sel, "Coding"):
            ref = _kid(coding, "CodeRef")
            code = self.mapper.code_ids.get(
                norm_guid(ref.get("targetGUID") if ref is not None else "")
            )
            if code is None:
                self.report.lost("codings of codes missing from the codebook")
                continue
            who = self.coder(coding.get("creatingUser") or sel_user)
            if who is not None:
                coders.append(who)
            for turn, quote in pieces:
                app = turn.app_index.get((code, quote))
                if app is None:
                    app = {"code": code}
                    if quote is not None:
                        app["quote"] = quote
                    turn.app_index[(code, quote)] = app
                    turn.codes.append(app)
                if who is not None:
                    by = app.setdefault("by", [])
                    if who not in by:
                        by.append(who)
            self.report.lost("notes attached to codings", len(_kids(coding, "NoteRef")))
        turn = pieces[0][0]
        desc = _text(_kid(sel, "Description"))
        if desc:
            _add_note(turn, "descriptive", self.coder(sel_user) if sel_user else None, desc)
        for ref in _kids(sel, "NoteRef"):
            g = norm_guid(ref.get("targetGUID"))
            note = self.notes.get(g)
            if note is None:
                self.report.lost("note references to missing notes")
                continue
            body = self.note_text(note)
            if body is None:
                self.report.lost("empty notes")
                continue
            self.notes_used.add(g)
            label = (note.get("name") or "").split(":", 1)[0].strip().lower()
            kind = label if label in _NOTE_KINDS else "descriptive"
            by = self.coder(note.get("creatingUser")) if note.get("creatingUser") else None
            _add_note(turn, kind, by, body)

    def count_media(self, sources: _Element) -> None:
        for src in sources:
            kind = _MEDIA.get(local(src.tag))
            if kind is None:
                continue
            self.report.lost(f"{kind} sources")
            for sel_tag, what in _SELECTIONS.items():
                self.report.lost(what, _count(src, sel_tag))
            reps = [r for r in src.iter() if local(r.tag) == "Representation"]
            self.report.lost(
                "text selections in PDF representations",
                sum(len(_kids(r, "PlainTextSelection")) for r in reps),
            )
            self.report.lost("media transcripts", len(_kids(src, "Transcript")))
            codings = _count(src, "Coding")
            self.report.lost(f"codings on {kind} sources and their selections", codings)

    def run(self) -> dict[str, Any]:
        root = self.root
        self.report.project = (root.get("name") or "").strip()
        self.report.origin = (root.get("origin") or "").strip()
        self.read_users()
        self.read_variables()
        self.read_cases()
        self.read_notes()
        sources_el = _kid(root, "Sources")
        text_sources = _kids(sources_el, "TextSource") if sources_el is not None else []
        themes = self.read_codes(self.used_codes(text_sources))
        for src in text_sources:
            self.read_source(src)
        if sources_el is not None:
            self.count_media(sources_el)
        for tag, what in (("Graphs", "graphs"), ("Sets", "sets"), ("Links", "links")):
            el = _kid(root, tag)
            if el is not None:
                self.report.lost(what, len(list(el)))
        self.report.lost(
            "notes not attached to a text selection", len(set(self.notes) - self.notes_used)
        )
        if not self.coders:
            self.coders.append({"id": "imported", "name": "Imported"})
        return {"themes": themes}


def _descendants(node: _CodeNode) -> list[_CodeNode]:
    out: list[_CodeNode] = []
    for child in node.children:
        out.append(child)
        out += _descendants(child)
    return out


def _parse_description(text: str | None) -> dict[str, str]:
    if not text:
        return {}
    definition: list[str] = []
    out: dict[str, str] = {}
    for line in text.replace("\r\n", "\n").split("\n"):
        low = line.lower()
        if low.startswith("inclusion:") and "inclusion" not in out:
            out["inclusion"] = line.split(":", 1)[1].strip()
        elif low.startswith("exclusion:") and "exclusion" not in out:
            out["exclusion"] = line.split(":", 1)[1].strip()
        else:
            definition.append(line)
    body = "\n".join(definition).strip()
    result = {"definition": body} if body else {}
    result.update({k: v for k, v in out.items() if v})
    return result


def _variable_value(vv: _Element, kind: str) -> Any:
    for c in vv:
        tag = local(c.tag)
        if tag == "VariableRef" or c.text is None:
            continue
        raw = c.text.strip()
        if not raw:
            return None
        if kind == "number":
            try:
                number = float(raw)
            except ValueError:
                return None
            return int(number) if tag == "IntegerValue" or number.is_integer() else number
        if tag == "BooleanValue":
            return "true" if raw.lower() in ("true", "1") else "false"
        return raw
    return None


def _add_note(turn: _Turn, kind: str, by: str | None, text: str) -> None:
    note: dict[str, Any] = {"kind": kind}
    if by is not None:
        note["by"] = by
    note["text"] = text
    if note not in turn.notes:
        turn.notes.append(note)


def _turn_doc(n: int, turn: _Turn, text: str) -> dict[str, Any]:
    out: dict[str, Any] = {"n": n, "speaker": turn.speaker, "text": text[turn.start : turn.end]}
    if turn.codes:
        out["codes"] = [
            {k: app[k] for k in ("code", "by", "quote") if k in app} for app in turn.codes
        ]
    if turn.notes:
        out["notes"] = turn.notes
    return out


def _dump(data: Any, header: str) -> str:
    import yaml

    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return f"# {header}\n{body}"


def read_qdpx(path: Path, *, method: str = "thematic") -> tuple[dict[str, str], ImportReport]:
    """The study files (relative path -> YAML text) a ``.qdpx`` becomes, and the import report."""
    archive = open_archive(path)
    try:
        imp = _Importer(archive)
        parts = imp.run()
    finally:
        archive.close()
    header = f"Imported from {path.name} by ipatool"
    config: dict[str, Any] = {
        "title": imp.report.project or path.stem,
        "method": method,
        "coders": imp.coders,
    }
    if imp.interviewers:
        config["interviewers"] = [{"id": i, "name": n} for i, n in imp.interviewers.items()]
    if imp.fields:
        config["fields"] = imp.fields
    files = {
        "ipatool.yaml": _dump(config, header),
        "participants.yaml": _dump({"participants": list(imp.participants.values())}, header),
        "themes.yaml": _dump({"themes": parts["themes"]}, header),
    }
    for tid, doc in imp.transcripts.items():
        files[f"transcripts/{tid}.yaml"] = _dump(doc, header)
    rep = imp.report
    themes = parts["themes"]
    rep.made = {
        "coders": len(imp.coders),
        "themes": len(themes),
        "subthemes": sum(len(t["subthemes"]) for t in themes),
        "codes": sum(len(s["codes"]) for t in themes for s in t["subthemes"]),
        "participants": len(imp.participants),
        "fields": len(imp.fields),
        "transcripts": len(imp.transcripts),
        "turns": sum(len(d["turns"]) for d in imp.transcripts.values()),
        "code applications": sum(
            len(turn.get("codes", [])) for d in imp.transcripts.values() for turn in d["turns"]
        ),
        "notes": sum(
            len(turn.get("notes", [])) for d in imp.transcripts.values() for turn in d["turns"]
        ),
    }
    return files, rep


def import_qdpx(path: Path, into: Path, *, method: str = "thematic") -> ImportReport:
    """Import ``path`` into the new study folder ``into`` (which must not exist or be empty)."""
    from ipatool.fsutil import atomic_write, safe_join

    if into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise ExchangeError(f"{into}: exists and is not an empty folder; choose a new folder")
    files, report = read_qdpx(path, method=method)
    into.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        atomic_write(safe_join(into, rel), text)
    return report


def read_codebook(path: Path) -> tuple[dict[str, str], ImportReport]:
    """A REFI-QDA codebook (``.qdc``) as a ``themes.yaml`` text (same mapping as a project's codes)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExchangeError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    root = parse_xml(raw, path.name)
    if local(root.tag) != "CodeBook":
        raise ExchangeError(f"{path}: not a REFI-QDA codebook (root element <{local(root.tag)}>)")
    report = ImportReport(origin=(root.get("origin") or "").strip())
    codes = _kid(root, "Codes")
    top = [_code_node(c) for c in _kids(codes, "Code")] if codes is not None else []
    themes = _CodeMapper(report).to_themes(top, set())
    sets = _kid(root, "Sets")
    if sets is not None:
        report.lost("sets", len(list(sets)))
    report.made = {
        "themes": len(themes),
        "subthemes": sum(len(t["subthemes"]) for t in themes),
        "codes": sum(len(s["codes"]) for t in themes for s in t["subthemes"]),
    }
    header = f"Imported from {path.name} by ipatool"
    return {"themes.yaml": _dump({"themes": themes}, header)}, report
