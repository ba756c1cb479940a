"""REFI-QDA export: a study as a ``.qdpx`` project (``project.qde`` + ``sources/``) or a ``.qdc`` codebook.

Coders become Users; themes and subthemes non-codable parent Codes with the codes inside;
participants Cases with typed Variables; each transcript a TextSource whose plain text (one turn
per line, ``Speaker: text``) is written to ``sources/<guid>.txt``; each coded extract a
PlainTextSelection (Unicode code points, end exclusive) with one Coding per coder; exploratory
notes Notes referenced from a selection of their turn. GUIDs are uuid5 of stable paths and zip
entries carry a fixed date, so the same study exports byte-identical files.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from ipatool import __version__
from ipatool.check.quotematch import locate
from ipatool.exchange.common import (
    CODEBOOK_NS,
    CODEBOOK_SCHEMA,
    PROJECT_NS,
    PROJECT_SCHEMA,
    XSI,
    ZIP_DATE,
    ExchangeError,
    guid,
    one_line,
)
from ipatool.files import atomic_write
from ipatool.read.models import Code, FieldKind, TranscriptFile, Turn
from ipatool.read.study import Study, TranscriptDigest
from ipatool.read.yamlio import read_document
from ipatool.xmltext import Scrubber

if TYPE_CHECKING:
    from lxml.etree import _Element

ORIGIN = f"ipatool {__version__}"
_SELECTION_NAME_CHARS = 100


@dataclass
class ExportResult:
    """What an export wrote, and what it could not carry (one line each)."""

    sources: int = 0
    selections: int = 0
    codings: int = 0
    notes: int = 0
    cases: int = 0
    problems: list[str] = field(default_factory=list)


def code_description(code: Code) -> str | None:
    """A code's definition, inclusion and exclusion criteria as one Description text."""
    parts = []
    if code.definition:
        parts.append(code.definition.strip())
    if code.inclusion:
        parts.append(f"Inclusion: {code.inclusion.strip()}")
    if code.exclusion:
        parts.append(f"Exclusion: {code.exclusion.strip()}")
    return "\n".join(parts) if parts else None


def _codes_element(study: Study, ns: str, *, with_parents: bool = True) -> _Element:

    q = f"{{{ns}}}"
    codes = etree.Element(q + "Codes")
    for theme in study.themes:
        t_el = etree.SubElement(
            codes, q + "Code", guid=guid(f"theme/{theme.id}"), name=theme.label, isCodable="false"
        )
        if theme.description:
            etree.SubElement(t_el, q + "Description").text = theme.description
        for sub in theme.subthemes:
            s_el = etree.SubElement(
                t_el, q + "Code", guid=guid(f"subtheme/{sub.id}"), name=sub.label, isCodable="false"
            )
            if sub.description:
                etree.SubElement(s_el, q + "Description").text = sub.description
            for code in sub.codes:
                c_el = etree.SubElement(
                    s_el,
                    q + "Code",
                    guid=guid(f"code/{code.id}"),
                    name=code.title,
                    isCodable="true",
                )
                desc = code_description(code)
                if desc:
                    etree.SubElement(c_el, q + "Description").text = desc
    return codes


def codebook_xml(study: Study) -> bytes:
    """The theme hierarchy as a REFI-QDA codebook (Codebook.xsd)."""

    study = dataclasses.replace(study, themes=Scrubber()(study.themes))

    if not study.themes:
        raise ExchangeError("the study has no themes to export (themes.yaml is empty)")
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS, "xsi": XSI})  # type: ignore[dict-item]
    root.set("origin", ORIGIN)
    root.set(f"{{{XSI}}}schemaLocation", CODEBOOK_SCHEMA)
    root.append(_codes_element(study, CODEBOOK_NS))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


def export_codebook(study: Study, out: Path) -> None:
    """Write the study's codebook to ``out`` (atomically)."""
    atomic_write(out, codebook_xml(study))


def read_transcript(study: Study, t: TranscriptDigest) -> TranscriptFile:
    """The full transcript (with turn texts), read again from its file."""
    path = Path(study.root) / t.file
    doc = read_document(path, t.file)
    if not doc.ok:
        raise ExchangeError(f"{t.file}: cannot be read again for export")
    try:
        return TranscriptFile.model_validate(doc.data)
    except ValueError as exc:
        raise ExchangeError(f"{t.file}: not a valid transcript ({exc.__class__.__name__})") from exc


def _span(text: str, quote: str | None) -> tuple[int, int] | None:
    """The code-point span of a quote in its turn (first fragment's start to last one's end)."""
    if quote is not None:
        exact = quote.strip()
        at = text.find(exact) if exact else -1
        if at >= 0:
            return at, at + len(exact)
    ranges = locate(text, quote)
    if not ranges:
        return None
    return ranges[0][0], ranges[-1][1]


def _decimal(value: float) -> str:
    return format(Decimal(repr(value)), "f")


class _ProjectBuilder:
    def __init__(self, study: Study) -> None:

        self.etree = etree
        self.study = study
        self.q = f"{{{PROJECT_NS}}}"
        self.result = ExportResult()
        self.sources: dict[str, bytes] = {}
        self.users: dict[str, str] = {}  # coder id -> guid
        self.notes: list[_Element] = []
        self.scrub = Scrubber()

    def _scrubbed(self, study: Study) -> Study:
        """The study with every text XML cannot carry cleaned (counted in ``self.scrub``)."""
        return dataclasses.replace(
            study,
            config=self.scrub(study.config),
            participants=self.scrub(study.participants),
            themes=self.scrub(study.themes),
        )

    def el(self, parent: _Element, tag: str, **attrs: str) -> _Element:
        return self.etree.SubElement(parent, self.q + tag, attrs)

    def build(self) -> bytes:
        study = self.study = self._scrubbed(self.study)
        etree = self.etree
        root = etree.Element(self.q + "Project", nsmap={None: PROJECT_NS, "xsi": XSI})
        root.set("name", study.config.title if study.config else Path(study.root).name)
        root.set("origin", ORIGIN)
        root.set(f"{{{XSI}}}schemaLocation", PROJECT_SCHEMA)
        transcripts = [(t, self.scrub(read_transcript(study, t))) for t in study.transcripts]
        if self.scrub.removed:
            self.result.problems.append(
                f"{self.scrub.removed} character(s) that XML cannot carry (control characters) "
                "were removed from the exported text"
            )
        self._users(root, transcripts)
        if study.themes:
            book = self.el(root, "CodeBook")
            book.append(_codes_element(study, PROJECT_NS))
        self._variables_and_cases(root, transcripts)
        if transcripts:
            sources = self.el(root, "Sources")
            for digest, model in transcripts:
                self._source(sources, digest, model)
        if self.notes:
            notes = self.el(root, "Notes")
            for note in self.notes:
                notes.append(note)
        return bytes(
            etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
        )

    def _users(
        self, root: _Element, transcripts: list[tuple[TranscriptDigest, TranscriptFile]]
    ) -> None:
        names: dict[str, str] = {}
        if self.study.config:
            for c in self.study.config.coders:
                names.setdefault(c.id, c.name or c.id)
        for digest, model in transcripts:
            for cid in self.study.coders_of(digest):
                names.setdefault(cid, cid)
            for turn in model.turns:
                for app in turn.codes:
                    for cid in app.by or ():
                        names.setdefault(cid, cid)
                for note in turn.notes:
                    if note.by:
                        names.setdefault(note.by, note.by)
        if not names:
            return
        users = self.el(root, "Users")
        for cid, name in names.items():
            self.users[cid] = guid(f"user/{cid}")
            self.el(users, "User", guid=self.users[cid], name=name, id=cid)

    def _variables_and_cases(
        self, root: _Element, transcripts: list[tuple[TranscriptDigest, TranscriptFile]]
    ) -> None:
        study = self.study
        fields = study.config.fields if study.config else []
        kinds: dict[str, str] = {}
        for f in fields:
            if f.kind is FieldKind.NUMBER:
                values = [p.values.get(f.name) for p in study.participants]
                whole = all(
                    v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in values
                ) and all(b is None or float(b).is_integer() for b in (f.min, f.max))
                kinds[f.name] = "Integer" if whole else "Float"
            else:
                kinds[f.name] = "Text"
        if fields:
            variables = self.el(root, "Variables")
            for f in fields:
                v_el = self.el(
                    variables,
                    "Variable",
                    guid=guid(f"variable/{f.name}"),
                    name=f.name,
                    typeOfVariable=kinds[f.name],
                )
                if f.label:
                    self.el(v_el, "Description").text = f.label
        if not study.participants:
            return
        cases = self.el(root, "Cases")
        for p in study.participants:
            case = self.el(cases, "Case", guid=guid(f"case/{p.id}"), name=p.id)
            for f in fields:
                value = p.values.get(f.name)
                if value is None:
                    continue
                element, text = self._value(kinds[f.name], value)
                if element is None:
                    self.result.problems.append(
                        f"participant {p.id}: {f.name} = {value!r} is not a {f.kind.value}; left out"
                    )
                    continue
                vv = self.el(case, "VariableValue")
                self.el(vv, "VariableRef", targetGUID=guid(f"variable/{f.name}"))
                self.el(vv, element).text = text
            for digest, _model in transcripts:
                if p.id in digest.participant_ids:
                    self.el(case, "SourceRef", targetGUID=guid(f"source/{digest.id}"))
            self.result.cases += 1

    @staticmethod
    def _value(kind: str, value: Any) -> tuple[str | None, str]:
        if kind == "Text":
            return ("TextValue", str(value)) if isinstance(value, str | int | float) else (None, "")
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, ""
        if kind == "Integer":
            return "IntegerValue", str(int(value))
        return "FloatValue", _decimal(float(value))

    def _source(self, parent: _Element, digest: TranscriptDigest, model: TranscriptFile) -> None:
        tid = model.id
        sguid = guid(f"source/{tid}")
        lines: list[str] = []
        starts: list[int] = []
        pos = 0
        for turn in model.turns:
            prefix = f"{turn.speaker}: "
            line = prefix + one_line(turn.text)
            starts.append(pos + len(prefix))
            lines.append(line)
            pos += len(line) + 1
        text = "\n".join(lines) + "\n"
        self.sources[f"sources/{sguid}.txt"] = text.encode("utf-8")
        source = self.el(
            parent, "TextSource", guid=sguid, name=tid, plainTextPath=f"internal://{sguid}.txt"
        )
        if model.title:
            self.el(source, "Description").text = model.title
        coders = self.study.coders_of(digest)
        for turn, start in zip(model.turns, starts, strict=True):
            self._turn(source, tid, turn, start, coders)
        self.result.sources += 1

    def _turn(self, source: _Element, tid: str, turn: Turn, start: int, coders: list[str]) -> None:
        # group the turn's codings by span: one selection per distinct span, one Coding per coder
        spans: dict[tuple[int, int], list[tuple[int, str, list[str]]]] = {}
        places = self.study.code_places()
        for index, app in enumerate(turn.codes):
            if app.code not in places:
                self.result.problems.append(
                    f"{tid} turn {turn.n}: code '{app.code}' is not in themes.yaml; left out"
                )
                continue
            span = _span(turn.text, app.quote)
            if span is None:
                self.result.problems.append(
                    f"{tid} turn {turn.n}: the quote of '{app.code}' is not found in the turn; left out"
                )
                continue
            by = list(app.by) if app.by is not None else coders
            spans.setdefault(span, []).append((index, app.code, by))
        whole = (0, len(turn.text))
        if turn.notes and whole not in spans:
            spans[whole] = []
        for k, (span, codings) in enumerate(spans.items()):
            a, b = span
            sel_guid = guid(f"selection/{tid}/{turn.n}/{k}")
            name = " ".join(turn.text[a:b].split())
            if len(name) > _SELECTION_NAME_CHARS:
                name = name[: _SELECTION_NAME_CHARS - 1].rstrip() + "…"
            sel = self.el(
                source,
                "PlainTextSelection",
                guid=sel_guid,
                name=name,
                startPosition=str(start + a),
                endPosition=str(start + b),
            )
            for index, code, by in codings:
                for cid in by:
                    coding = self.el(
                        sel, "Coding", guid=guid(f"coding/{tid}/{turn.n}/{index}/{cid}")
                    )
                    if cid in self.users:
                        coding.set("creatingUser", self.users[cid])
                    self.el(coding, "CodeRef", targetGUID=guid(f"code/{code}"))
                    self.result.codings += 1
            if span == whole:
                for j, note in enumerate(turn.notes):
                    nguid = guid(f"note/{tid}/{turn.n}/{j}")
                    self.el(sel, "NoteRef", targetGUID=nguid)
                    self.notes.append(
                        self._note(nguid, tid, turn.n, note.kind.value, note.text, note.by)
                    )
            self.result.selections += 1

    def _note(self, nguid: str, tid: str, n: int, kind: str, text: str, by: str | None) -> _Element:
        note = self.etree.Element(self.q + "Note", guid=nguid, name=f"{kind}: {tid} turn {n}")
        if by is not None and by in self.users:
            note.set("creatingUser", self.users[by])
        self.el(note, "PlainTextContent").text = text
        self.result.notes += 1
        return note


def project_files(study: Study) -> tuple[dict[str, bytes], ExportResult]:
    """Every member of the ``.qdpx`` archive (``project.qde`` and ``sources/*.txt``)."""
    builder = _ProjectBuilder(study)
    qde = builder.build()
    files = {"project.qde": qde, **builder.sources}
    return files, builder.result


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A deterministic zip: sorted entries, fixed dates and permissions, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, files[name])
    return buffer.getvalue()


def export_qdpx(study: Study, out: Path) -> ExportResult:
    """Write the study as a REFI-QDA project archive to ``out`` (atomically)."""
    files, result = project_files(study)
    atomic_write(out, zip_bytes(files))
    return result
