"""Demographics from a spreadsheet (.csv or .xlsx) into participants.yaml.

Columns are matched to the study's declared fields by name or label, whatever their case and
whether words are run together (``YearsInCare``) or joined by spaces, ``_`` or ``-``; values are
typed by the field's kind. Cells that hold a missing-value marker (``na``, ``N/A``, ``-``, ...)
are missing. Columns that match no field are left out and reported: a spreadsheet often holds
things that must not enter the repository (real names, contact details, free text). Existing
participants are updated, new ones appended, comments kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from pydantic import ValidationError

from ipatool.files import PARTICIPANTS
from ipatool.importers.base import ImportFailed
from ipatool.importers.encoding import decode_bytes, describe_repairs, normalise, repair_mojibake
from ipatool.importers.speakers import is_id
from ipatool.read.loader import settings_document
from ipatool.read.models import DemographicField, FieldKind
from ipatool.write.fmt import canonicalize
from ipatool.write.yamlout import (
    CommentedMap,
    CommentedSeq,
    YAMLError,
    apply_block_styles,
    dump,
    load,
    same_meaning,
)

ID_COLUMNS = ("id", "participant", "participant id", "participant_id", "pseudonym", "case")
"""Column names taken as the participant id when ``--id-column`` is not given."""

DEFAULT_MISSING = ("na", "NA", "n/a", "N/A", "-", ".")
"""Cell texts read as a missing value when ``--missing`` is not given (empty cells always are)."""

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


@dataclass
class Table:
    """A spreadsheet: its header and its rows, each with its 1-based row number."""

    file: str
    header: list[str]
    rows: list[tuple[int, list[Any]]]
    notes: list[str] = field(default_factory=list)


class CellError(str):
    """An .xlsx cell holding a formula error (``#N/A``, ``#DIV/0!``), never a value."""

    __slots__ = ()


@dataclass
class ParticipantsPlan:
    """What an import of demographics would do."""

    values: dict[str, dict[str, Any]]  # participant id -> field name -> value (None: missing)
    columns: dict[str, str]  # field name -> column heading
    errors: list[str]
    notes: list[str]
    id_column: str = ""  # the id column, as "A 'Participant'"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (spreadsheet column names)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def header_key(name: str) -> str:
    """A column heading or field name as it is compared: case, spaces, ``_`` and ``-`` removed,
    so ``YearsInCare``, ``years-in-care``, ``Years in care`` and ``years_in_care`` all match."""
    return re.sub(r"[\s_\-]+", "", str(name)).casefold()


def read_table(path: Path, file: str, sheet: str | None = None) -> Table:
    """Read a .csv or .xlsx file; raises :class:`ImportFailed` when it cannot."""
    if not path.is_file():
        raise ImportFailed(f"{file}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix == ".tsv":
        return _read_csv(path, file)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, file, sheet)
    if suffix == ".xls":
        raise ImportFailed(f"{file}: old .xls workbooks are not read; save it as .xlsx or .csv")
    raise ImportFailed(f"{file}: cannot import '{suffix or 'no suffix'}' files (.csv, .xlsx)")


def _read_csv(path: Path, file: str) -> Table:
    text, notes = decode_bytes(path.read_bytes(), file)
    text = normalise(text)
    if not notes:
        text, repairs = repair_mojibake(text)
        notes += describe_repairs(file, repairs)
    if not text.strip():
        raise ImportFailed(f"{file}: the file is empty")
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = [(n, list(row)) for n, row in enumerate(reader, start=1)]
    header = [str(c).strip() for c in rows[0][1]]
    return Table(file, header, rows[1:], notes)


def _read_xlsx(path: Path, file: str, sheet: str | None) -> Table:

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFailed(f"{file}: not an .xlsx workbook ({exc})") from exc
    try:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                names = ", ".join(workbook.sheetnames)
                raise ImportFailed(f"{file}: no sheet named {sheet!r} (sheets: {names})")
            ws = workbook[sheet]
        else:
            ws = workbook.worksheets[0]
        rows = [
            (n, [_xlsx_value(cell) for cell in row])
            for n, row in enumerate(ws.iter_rows(), start=1)
        ]
    finally:
        workbook.close()
    if not rows:
        raise ImportFailed(f"{file}: the sheet is empty")
    header = ["" if c is None else str(c).strip() for c in rows[0][1]]
    return Table(file, header, rows[1:])


def _xlsx_value(cell: Any) -> Any:
    """A cell's value as the sheet shows it: a time of day as ``HH:MM`` (``HH:MM:SS`` when its
    number format shows seconds), a duration as ``H:MM:SS``, an error cell as :class:`CellError`."""
    value = cell.value
    if value is None:
        return None
    if getattr(cell, "data_type", None) == "e":
        return CellError(str(value))
    if isinstance(value, dt.time):
        shown = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", str(getattr(cell, "number_format", "")))
        seconds = "s" in shown.casefold() or bool(value.second or value.microsecond)
        return value.isoformat(timespec="seconds" if seconds else "minutes")
    if isinstance(value, dt.timedelta):
        total = int(value.total_seconds())
        sign, total = ("-", -total) if total < 0 else ("", total)
        hours, rest = divmod(total, 3600)
        return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return value


def read_fields(root: Path) -> list[DemographicField]:
    """The declared demographic fields of the study at ``root``."""
    doc = settings_document(root)
    if doc is None:
        raise ImportFailed(f"{root}: no ipatool.yaml here; give the study folder with --into")
    if not doc.ok:
        raise ImportFailed(f"ipatool.yaml cannot be read: {doc.diagnostics[0].message}")
    raw = doc.data.get("fields") if isinstance(doc.data, dict) else None
    fields: list[DemographicField] = []
    for item in raw if isinstance(raw, list) else []:
        try:
            fields.append(DemographicField.model_validate(item))
        except ValidationError:
            continue  # 'ipatool validate' reports a broken field declaration
    return fields


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_marker(value: Any, missing: Iterable[str]) -> str | None:
    """The marker ``value`` is (``""`` for an empty cell), or None when it is a value."""
    if _blank(value):
        return ""
    if isinstance(value, CellError | bool | dt.date | dt.time):
        return None
    text = _as_text(value)
    return text if text in missing else None


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def convert(value: Any, spec: DemographicField) -> tuple[Any, str | None]:
    """A cell's value typed for its field, or an explanation of why it does not fit."""
    if _blank(value):
        return None, None
    if isinstance(value, CellError):
        return None, f"the cell holds the spreadsheet error {str(value)!r}, not a value"
    if spec.kind is FieldKind.NUMBER:
        number: int | float
        if isinstance(value, bool | dt.date):
            return None, f"{_as_text(value)!r} is not a number for field {spec.name}"
        if isinstance(value, int | float):
            number = value
        else:
            text = str(value).strip()
            if _DECIMAL_COMMA.match(text):
                text = text.replace(",", ".")
            if not _NUMBER.match(text):
                return None, f"{text!r} is not a number for field {spec.name}"
            number = float(text)
        if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
            number = int(number)
        if spec.min is not None and number < spec.min:
            return None, f"{number} is below the minimum {spec.min:g} for field {spec.name}"
        if spec.max is not None and number > spec.max:
            return None, f"{number} is above the maximum {spec.max:g} for field {spec.name}"
        return number, None
    text = _as_text(value)
    if spec.kind is FieldKind.CATEGORY and spec.levels:
        for level in spec.levels:
            if level.casefold() == text.casefold():
                return level, None
        levels = ", ".join(spec.levels)
        return None, f"{text!r} is not one of the levels of field {spec.name} ({levels})"
    return text, None


@dataclass
class ColumnMatch:
    """How a header's columns are used: the id column, a field for each matched column, the
    columns that match no field, and the columns whose field an earlier column already took."""

    id_index: int
    matched: dict[int, DemographicField]
    unmatched: list[int]
    repeated: dict[int, int]  # column -> the earlier column that took its field


def _id_index(header: Sequence[str], keys: Sequence[str], id_column: str | None) -> int:
    shown = ", ".join(repr(h) for h in header if h)
    if id_column is not None:
        wanted = header_key(id_column)
        if wanted not in keys:
            raise ImportFailed(f"no column named {id_column!r} (columns: {shown})")
        return keys.index(wanted)
    id_keys = {header_key(name) for name in ID_COLUMNS}
    found = [i for i, key in enumerate(keys) if key in id_keys]
    if not found:
        raise ImportFailed(
            f"which column holds the participant ids? None is called "
            f"{', '.join(ID_COLUMNS)}; name it with --id-column (columns: {shown})"
        )
    return found[0]


def match_columns(
    header: Sequence[str], fields: Sequence[DemographicField], id_column: str | None
) -> ColumnMatch:
    """Match each heading to the field of that name or label (see :func:`header_key`).

    Columns without a heading are not matched; :func:`plan_participants` lists those that hold
    values among the unmatched ones.
    """
    keys = [header_key(h) for h in header]
    id_index = _id_index(header, keys, id_column)
    by_key: dict[str, DemographicField] = {}
    for f in fields:
        by_key.setdefault(header_key(f.name), f)
    for f in fields:
        if f.label:
            by_key.setdefault(header_key(f.label), f)
    matched: dict[int, DemographicField] = {}
    unmatched: list[int] = []
    repeated: dict[int, int] = {}
    taken: dict[str, int] = {}
    for i, key in enumerate(keys):
        if i == id_index or not key:
            continue
        spec = by_key.get(key)
        if spec is None:
            unmatched.append(i)
        elif spec.name in taken:
            repeated[i] = taken[spec.name]
        else:
            taken[spec.name] = i
            matched[i] = spec
    return ColumnMatch(id_index, matched, unmatched, repeated)


def _column(table: Table, index: int) -> str:
    heading = table.header[index] if index < len(table.header) else ""
    return (
        f"{column_letter(index)} {heading!r}" if heading else f"{column_letter(index)} (no heading)"
    )


def plan_participants(
    table: Table,
    fields: Sequence[DemographicField],
    id_column: str | None = None,
    missing: Sequence[str] = DEFAULT_MISSING,
) -> ParticipantsPlan:
    """Type every cell of the table by its field; collect every problem with row and column.

    A cell that is empty or whose text is one of ``missing`` (exactly, after trimming spaces)
    is a missing value.
    """
    markers = frozenset(m.strip() for m in missing if m.strip())
    width = max([len(table.header), *(len(row) for _, row in table.rows)])
    header = table.header + [""] * (width - len(table.header))
    match = match_columns(header, fields, id_column)
    id_index, matched = match.id_index, match.matched
    file = table.file
    notes = list(table.notes)
    values: dict[str, dict[str, Any]] = {}
    seen: dict[str, int] = {}
    errors: list[str] = []
    counts: dict[str, int] = {}
    filled: set[int] = set()  # columns with at least one value
    id_letter = column_letter(id_index)
    for number, row in table.rows:
        cells = row + [None] * (width - len(row))
        filled.update(i for i, c in enumerate(cells) if missing_marker(c, markers) is None)
        if all(_blank(c) for c in cells):
            continue
        raw_id = cells[id_index]
        marker = missing_marker(raw_id, markers)
        if marker is not None:
            what = f"missing ({marker!r})" if marker else "empty"
            errors.append(f"{file}:{number}:{id_letter}: the participant id is {what}")
            continue
        if isinstance(raw_id, CellError):
            errors.append(f"{file}:{number}:{id_letter}: the id cell holds the error {raw_id!r}")
            continue
        pid = _as_text(raw_id)
        if not is_id(pid):
            errors.append(
                f"{file}:{number}:{id_letter}: {pid!r} is not a valid id "
                "(letters, digits, '-', '_' and '.'; use pseudonyms, never real names)"
            )
            continue
        if pid in seen:
            errors.append(f"{file}:{number}:{id_letter}: {pid!r} is also on row {seen[pid]}")
            continue
        seen[pid] = number
        entry: dict[str, Any] = {}
        for index, spec in matched.items():
            cell = cells[index]
            marker = missing_marker(cell, markers)
            if marker is not None:
                if marker:
                    counts[marker] = counts.get(marker, 0) + 1
                entry[spec.name] = None
                continue
            value, problem = convert(cell, spec)
            if problem is not None:
                errors.append(f"{file}:{number}:{column_letter(index)}: {problem}")
            entry[spec.name] = value
        values[pid] = entry
    unmatched = sorted(
        [*match.unmatched, *(i for i in filled - {id_index} if not header[i])],
    )
    if unmatched:
        shown = ", ".join(_column(table, i) for i in unmatched)
        notes.append(
            f"{file}: {len(unmatched)} column(s) match no field declared in ipatool.yaml and are "
            f"not imported: {shown}"
        )
    for index, first in match.repeated.items():
        notes.append(
            f"{file}: column {_column(table, index)} matches the field "
            f"{matched[first].name} already read from column {column_letter(first)}; not imported"
        )
    if not matched:
        notes.append(f"{file}: no column matches a declared field; only ids are imported")
    if counts:
        shown = ", ".join(f"{m!r} ({n})" for m, n in sorted(counts.items()))
        notes.append(f"{file}: {sum(counts.values())} cell(s) read as missing values: {shown}")
    columns = {spec.name: header[i] for i, spec in matched.items()}
    return ParticipantsPlan(values, columns, errors, notes, _column(table, id_index))


def update_participants_text(
    root: Path, values: dict[str, dict[str, Any]], field_order: Iterable[str]
) -> tuple[str, list[str], list[str]]:
    """participants.yaml with ``values`` merged in: (new text, updated ids, added ids).

    Given values replace the current ones (``None`` makes a value missing); keys not given are
    left as they are. Comments and the order of existing entries are kept.
    """

    path = root / PARTICIPANTS
    old_text = ""
    data: Any = None
    if path.is_file():
        old_text = path.read_bytes().decode("utf-8-sig")
        try:
            data = load(old_text) if old_text.strip() else None
        except YAMLError as exc:
            raise ImportFailed(f"participants.yaml cannot be read: {exc}") from exc
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise ImportFailed("participants.yaml: the file is not a mapping with 'participants:'")
    items = data.get("participants")
    if items is None:
        items = data["participants"] = CommentedSeq()
    if not isinstance(items, CommentedSeq):
        raise ImportFailed("participants.yaml: 'participants' is not a list")
    index = {str(item.get("id")): item for item in items if isinstance(item, CommentedMap)}
    order = list(field_order)
    updated, added = [], []
    for pid, entry in values.items():
        if pid in index:
            target = index[pid]
            changed = False
            for key, value in entry.items():
                if key not in target or target[key] != value:
                    target[key] = value
                    changed = True
            if changed:
                updated.append(pid)
        else:
            new = CommentedMap()
            new["id"] = pid
            for key in sorted(entry, key=lambda k: order.index(k) if k in order else len(order)):
                new[key] = entry[key]
            items.append(new)
            index[pid] = new
            added.append(pid)
    canonicalize(data, "participants_file", order)
    apply_block_styles(data)
    text = dump(data)
    if old_text and not updated and not added and same_meaning(old_text, text):
        text = old_text
    return text, updated, added
