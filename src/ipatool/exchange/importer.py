"""REFI-QDA import: a ``.qdpx`` project from other software becomes a study folder that validates.

Users become coders; the code tree becomes themes > subthemes > codes; Cases and Variables become
participants and demographic fields; each text source becomes a transcript (turns from speaker
labels where the text has them, otherwise paragraphs); each text selection becomes code
applications with quotes on the turns it covers; notes on selections become exploratory notes.
What the study format cannot hold (PDF, picture, audio and video selections, graphs, sets, ...)
is counted in the report, never dropped silently.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipatool.exchange.archive import Archive, open_archive, parse_xml
from ipatool.exchange.codetree import CodeMapper, code_node, dump_yaml
from ipatool.exchange.common import (
    ExchangeError,
    count_descendants,
    element_text,
    kid,
    kids,
    local,
    make_field_name,
    make_id,
    norm_guid,
    unique,
)
from ipatool.exchange.placing import covered_pieces, place_selections, selection_ref
from ipatool.exchange.report import ImportReport
from ipatool.exchange.texts import (
    Turn,
    add_note,
    decode_source,
    read_source_text,
    split_turns,
    turn_doc,
)
from ipatool.files import CONFIG, PARTICIPANTS, THEMES, TRANSCRIPTS_DIR, atomic_write, safe_join

__all__ = ["ImportReport", "decode_source", "import_qdpx", "read_qdpx", "split_turns"]

if TYPE_CHECKING:
    from lxml.etree import _Element

_INTERVIEWER = re.compile(
    r"^(?:i|int|interviewer|q|moderator|facilitator|researcher)\s*\d*$", re.IGNORECASE
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
        self.users: dict[str, str] = {}  # guid -> coder id
        self.coders: list[dict[str, str]] = []
        self.coder_ids: set[str] = set()
        self.mapper = CodeMapper(self.report)
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
        users = kid(self.root, "Users")
        for user in kids(users, "User") if users is not None else []:
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
        book = kid(self.root, "CodeBook")
        codes = kid(book, "Codes") if book is not None else None
        top = [code_node(c) for c in kids(codes, "Code")] if codes is not None else []
        return self.mapper.to_themes(top, used)

    def read_variables(self) -> None:
        variables = kid(self.root, "Variables")
        taken: set[str] = set()
        for var in kids(variables, "Variable") if variables is not None else []:
            name = (var.get("name") or "").strip() or "variable"
            fname = make_field_name(name, taken)
            kind_of = (var.get("typeOfVariable") or "Text").strip()
            kind = "number" if kind_of in ("Integer", "Float") else "text"
            spec: dict[str, Any] = {"name": fname, "kind": kind}
            label = element_text(kid(var, "Description")) or name
            if label != fname:
                spec["label"] = label
            if kind_of == "Boolean":
                spec["kind"] = "category"
                spec["levels"] = ["true", "false"]
            spec["required"] = False
            self.fields.append(spec)
            self.field_of[norm_guid(var.get("guid"))] = (fname, spec["kind"])

    def read_cases(self) -> None:
        cases = kid(self.root, "Cases")
        for case in kids(cases, "Case") if cases is not None else []:
            name = (case.get("name") or "").strip()
            pid = make_id(name, self.pid_taken, fallback="case")
            entry: dict[str, Any] = {"id": pid}
            for vv in kids(case, "VariableValue"):
                ref = kid(vv, "VariableRef")
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
            for ref in kids(case, "SourceRef"):
                self.cases_of_source.setdefault(norm_guid(ref.get("targetGUID")), []).append(pid)
            self.report.lost("codes attached to cases", len(kids(case, "CodeRef")))
            self.report.lost("selections attached to cases", len(kids(case, "SelectionRef")))

    # -- sources ------------------------------------------------------------------------------

    def read_notes(self) -> None:
        notes = kid(self.root, "Notes")
        for note in kids(notes, "Note") if notes is not None else []:
            self.notes[norm_guid(note.get("guid"))] = note

    def note_text(self, note: _Element) -> str | None:
        content = element_text(kid(note, "PlainTextContent"))
        if content is None and note.get("plainTextPath"):
            raw = self._source_bytes(note.get("plainTextPath") or "")
            if raw is not None:
                content = decode_source(raw)[0].strip() or None
        return (
            content
            or element_text(kid(note, "Description"))
            or (note.get("name") or "").strip()
            or None
        )

    def _source_bytes(self, path: str) -> bytes | None:
        ref = path.strip()
        name = ref.split("://", 1)[1] if "://" in ref else ref
        return self.archive.source(name) if name else None

    def used_codes(self, sources: list[_Element]) -> set[str]:
        used: set[str] = set()
        for src in sources:
            for sel in kids(src, "PlainTextSelection"):
                for coding in kids(sel, "Coding"):
                    ref = kid(coding, "CodeRef")
                    if ref is not None:
                        used.add(norm_guid(ref.get("targetGUID")))
        return used

    def read_source(self, src: _Element) -> None:
        name = (src.get("name") or "").strip()
        sguid = norm_guid(src.get("guid"))
        selections = kids(src, "PlainTextSelection")
        content = kid(src, "PlainTextContent")
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
        source, replaced = read_source_text(raw)
        text = source.text
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
        coders: list[str] = []
        origin = (self.root.get("origin") or "").strip()
        for sel, s, e in place_selections(name or sguid, source, selections, origin, self.report):
            self.selection(sel, (s, e), text, turns, starts, coders, name or sguid)
        self.report.lost("codings of whole sources", len(kids(src, "Coding")))
        self.report.lost("notes attached to whole sources", len(kids(src, "NoteRef")))
        self.report.lost("source variable values", len(kids(src, "VariableValue")))
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
        doc["turns"] = [turn_doc(i + 1, t, text) for i, t in enumerate(turns)]
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
        span: tuple[int, int],
        text: str,
        turns: list[Turn],
        starts: list[int],
        coders: list[str],
        source: str,
    ) -> None:
        """Code applications (and notes) on the turns that the placed selection ``span`` covers."""
        pieces = covered_pieces(span, text, turns, starts)
        if not pieces:
            self.report.lost("text selections with no words in a turn")
            self.report.unplaced.append(
                f"{source}: selection {selection_ref(sel)} [{span[0]}, {span[1]}) covers no words "
                "of a turn (only speaker labels or blank lines); left out"
            )
            return
        for coding in kids(sel, "Coding"):
            self.apply_coding(coding, sel.get("creatingUser"), pieces, coders)
        self.attach_notes(sel, pieces[0][0])

    def apply_coding(
        self,
        coding: _Element,
        sel_user: str | None,
        pieces: list[tuple[Turn, str | None]],
        coders: list[str],
    ) -> None:
        """One ``<Coding>`` of a selection as a code application on each turn it covers."""
        ref = kid(coding, "CodeRef")
        code = self.mapper.code_ids.get(norm_guid(ref.get("targetGUID") if ref is not None else ""))
        if code is None:
            self.report.lost("codings of codes missing from the codebook")
            return
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
        self.report.lost("notes attached to codings", len(kids(coding, "NoteRef")))

    def attach_notes(self, sel: _Element, turn: Turn) -> None:
        """A selection's description and referenced notes, as notes on the first turn it covers."""
        sel_user = sel.get("creatingUser")
        desc = element_text(kid(sel, "Description"))
        if desc:
            add_note(turn, "descriptive", self.coder(sel_user) if sel_user else None, desc)
        for ref in kids(sel, "NoteRef"):
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
            add_note(turn, kind, by, body)

    def count_media(self, sources: _Element) -> None:
        for src in sources:
            kind = _MEDIA.get(local(src.tag))
            if kind is None:
                continue
            self.report.lost(f"{kind} sources")
            for sel_tag, what in _SELECTIONS.items():
                self.report.lost(what, count_descendants(src, sel_tag))
            reps = [r for r in src.iter() if local(r.tag) == "Representation"]
            self.report.lost(
                "text selections in PDF representations",
                sum(len(kids(r, "PlainTextSelection")) for r in reps),
            )
            self.report.lost("media transcripts", len(kids(src, "Transcript")))
            codings = count_descendants(src, "Coding")
            self.report.lost(f"codings on {kind} sources and their selections", codings)

    def run(self) -> dict[str, Any]:
        root = self.root
        self.report.project = (root.get("name") or "").strip()
        self.report.origin = (root.get("origin") or "").strip()
        self.read_users()
        self.read_variables()
        self.read_cases()
        self.read_notes()
        sources_el = kid(root, "Sources")
        text_sources = kids(sources_el, "TextSource") if sources_el is not None else []
        themes = self.read_codes(self.used_codes(text_sources))
        for src in text_sources:
            self.read_source(src)
        if sources_el is not None:
            self.count_media(sources_el)
        for tag, what in (("Graphs", "graphs"), ("Sets", "sets"), ("Links", "links")):
            el = kid(root, tag)
            if el is not None:
                self.report.lost(what, len(list(el)))
        self.report.lost(
            "notes not attached to a text selection", len(set(self.notes) - self.notes_used)
        )
        if not self.coders:
            self.coders.append({"id": "imported", "name": "Imported"})
        return {"themes": themes}


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
        CONFIG: dump_yaml(config, header),
        PARTICIPANTS: dump_yaml({"participants": list(imp.participants.values())}, header),
        THEMES: dump_yaml({"themes": parts["themes"]}, header),
    }
    for tid, doc in imp.transcripts.items():
        files[f"{TRANSCRIPTS_DIR}/{tid}.yaml"] = dump_yaml(doc, header)
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

    if into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise ExchangeError(f"{into}: exists and is not an empty folder; choose a new folder")
    files, report = read_qdpx(path, method=method)
    into.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        atomic_write(safe_join(into, rel), text)
    return report
