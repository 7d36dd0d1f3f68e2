"""Reading contact lists from CSV and XLSX: formats as plugins, mapping, row validation.

Plain functions over bytes and lists, no database: the import service calls them for the
preview and again for the real import, so both see exactly the same rows and errors.
CSV files written by Excel in Germany are often Windows-1252 with ``;``; both are
detected rather than asked for.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from charset_normalizer import from_bytes
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from quartier.core.errors import DomainError
from quartier.reach.models import LegalBasis

MAX_ROWS = 20_000
DELIMITERS = [",", ";", "\t", "|"]
WESTERN_SINGLE_BYTE = {
    "cp1250",
    "cp1252",
    "latin_1",
    "iso8859_2",
    "iso8859_15",
    "mac_roman",
    "cp850",
    "cp437",
}


class ImportFileError(DomainError):
    code = "import_file"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    encoding: str = ""
    delimiter: str = ""


@dataclass(frozen=True)
class ImportFormat:
    key: str
    label: str | Promise
    extensions: tuple[str, ...]
    read: Callable[[bytes, str], Table]  # (data, encoding chosen by the user or "")


_formats: dict[str, ImportFormat] = {}


def register_format(import_format: ImportFormat) -> ImportFormat:
    _formats[import_format.key] = import_format
    return import_format


def formats() -> list[ImportFormat]:
    return list(_formats.values())


def format_for(filename: str) -> ImportFormat:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    for import_format in _formats.values():
        if suffix in import_format.extensions:
            return import_format
    raise ImportFileError(
        _(
            "“%(name)s” is not a CSV or XLSX file. "
            "Save the list as CSV or Excel (.xlsx) and try again."
        ),
        name=filename,
    )


def read_table(*, filename: str, data: bytes, encoding: str = "") -> Table:
    """Read a table; ``encoding`` overrides the detection for text formats."""
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    table = format_for(filename).read(data, encoding)
    if not table.headers or not any(h.strip() for h in table.headers):
        raise ImportFileError(_("The first line must hold the column names, but it is empty."))
    if len(table.rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s rows. Please split it."), max=MAX_ROWS
        )
    return table


# --- CSV -------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) when it decodes cleanly, otherwise the detected charset."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ImportFileError(
            _(
                "The file's character encoding could not be recognised. "
                "Save it as “CSV UTF-8” and try again."
            )
        )
    encoding = best.encoding
    if encoding in WESTERN_SINGLE_BYTE:
        # Single-byte Latin charsets are hard to tell apart from a few umlauts; German Excel
        # writes Windows-1252, so prefer it whenever the bytes are valid in it.
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    text = str(best)
    if "\x00" in text:
        raise ImportFileError(_("This does not look like a text file. Save it as CSV or XLSX."))
    return text, encoding


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text.splitlines() else ""
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_csv(data: bytes, encoding: str = "") -> Table:
    if encoding:
        try:
            text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except (UnicodeDecodeError, LookupError):
            raise ImportFileError(
                _("The file cannot be read as %(encoding)s. Choose another encoding."),
                encoding=encoding,
            ) from None
    else:
        text, encoding = decode(data)
    if "\x00" in text:
        raise ImportFileError(_("This does not look like a text file. Save it as CSV or XLSX."))
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = [row for row in reader]
    if not lines:
        raise ImportFileError(_("The file is empty."))
    headers = [h.strip() for h in lines[0]]
    rows = [[cell.strip() for cell in row] for row in lines[1:]]
    return Table(headers=headers, rows=rows, encoding=encoding, delimiter=delimiter)


# --- XLSX ------------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(data: bytes, encoding: str = "") -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for broken files
        raise ImportFileError(
            _("The Excel file could not be opened (%(reason)s). Save it again as .xlsx."),
            reason=type(error).__name__,
        ) from None
    sheet = workbook.worksheets[0]
    lines = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    lines = [line for line in lines if any(line)]
    if not lines:
        raise ImportFileError(_("The file is empty."))
    return Table(headers=lines[0], rows=lines[1:], encoding="xlsx", delimiter="")


register_format(ImportFormat(key="csv", label="CSV", extensions=("csv", "txt"), read=read_csv))
register_format(
    ImportFormat(key="xlsx", label="Excel (XLSX)", extensions=("xlsx",), read=read_xlsx)
)


# --- mapping ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str | Promise
    required: bool = False
    synonyms: tuple[str, ...] = ()


FIELDS = (
    ImportField(
        "full_name",
        _("Name"),
        True,
        ("name", "vollständiger name", "full name", "full_name", "person"),
    ),
    ImportField(
        "email", _("E-mail"), False, ("email", "e-mail", "mail", "e-mail-adresse", "emailadresse")
    ),
    ImportField(
        "phone", _("Phone"), False, ("telefon", "phone", "tel", "handy", "mobil", "telefonnummer")
    ),
    ImportField(
        "languages", _("Languages"), False, ("sprachen", "sprache", "languages", "language")
    ),
    ImportField(
        "neighbourhood",
        _("Neighbourhood"),
        False,
        ("quartier", "stadtteil", "kiez", "neighbourhood", "viertel"),
    ),
    ImportField(
        "notes", _("Notes"), False, ("notizen", "notiz", "bemerkung", "bemerkungen", "notes")
    ),
    ImportField(
        "legal_basis", _("Legal basis"), False, ("rechtsgrundlage", "legal basis", "legal_basis")
    ),
    ImportField(
        "consent_given_on",
        _("Consent given on"),
        False,
        (
            "einwilligung am",
            "einwilligung",
            "einwilligungsdatum",
            "consent",
            "consent date",
            "consent_given_on",
        ),
    ),
    ImportField(
        "retention_until",
        _("Review by"),
        False,
        ("aufbewahren bis", "löschen bis", "prüfen bis", "retention", "retention_until"),
    ),
)
FIELD_KEYS = [f.key for f in FIELDS]


def _normal(header: str) -> str:
    return re.sub(r"\s+", " ", header.strip().lower().replace("_", " "))


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    mapping: dict[str, int | None] = {}
    normal = [_normal(h) for h in headers]
    for import_field in FIELDS:
        names = {_normal(s) for s in import_field.synonyms} | {_normal(str(import_field.label))}
        mapping[import_field.key] = next((i for i, h in enumerate(normal) if h in names), None)
    return mapping


def missing_required(mapping: dict[str, int | None]) -> list[ImportField]:
    return [f for f in FIELDS if f.required and mapping.get(f.key) is None]


# --- rows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    line: int
    column: str
    reason: str


@dataclass
class Row:
    line: int
    values: dict[str, Any]
    errors: list[CellError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y")
LEGAL_WORDS = {
    LegalBasis.CONSENT: ("consent", "einwilligung", "einverständnis"),
    LegalBasis.CONTRACT: ("contract", "vertrag", "mitgliedschaft", "vereinbarung"),
    LegalBasis.LEGITIMATE_INTEREST: (
        "legitimate_interest",
        "berechtigtes interesse",
        "legitimate interest",
    ),
}


def parse_date(value: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def parse_legal_basis(value: str) -> str:
    lowered = value.strip().lower()
    for basis, words in LEGAL_WORDS.items():
        if any(word in lowered for word in words):
            return str(basis)
    raise ValueError(value)


def validate_rows(
    table: Table, mapping: dict[str, int | None], *, default_legal_basis: str = LegalBasis.CONSENT
) -> list[Row]:
    """Turn raw cells into contact values; every problem names its line and column."""
    columns = {key: index for key, index in mapping.items() if index is not None}
    rows: list[Row] = []
    for offset, cells in enumerate(table.rows):
        line = offset + 2  # line 1 holds the column names
        if not any(cell.strip() for cell in cells):
            continue
        raw = {
            key: (cells[index].strip() if index < len(cells) else "")
            for key, index in columns.items()
        }
        row = Row(line=line, values={})

        def error(key: str, reason: str | Promise, row: Row = row) -> None:
            header = table.headers[columns[key]] if key in columns else str(key)
            row.errors.append(CellError(line=row.line, column=header, reason=str(reason)))

        for key in ("full_name", "email", "phone", "languages", "neighbourhood", "notes"):
            row.values[key] = raw.get(key, "")
        if not row.values["full_name"]:
            error("full_name", _("The name is missing."))
        if row.values["email"]:
            try:
                validate_email(row.values["email"])
            except ValidationError:
                error(
                    "email",
                    _("“%(value)s” is not a valid e-mail address.")
                    % {"value": row.values["email"]},
                )
        if len(row.values["full_name"]) > 200:
            error("full_name", _("The name is longer than 200 characters."))
        if len(row.values["phone"]) > 50:
            error("phone", _("The phone number is longer than 50 characters."))
        for key in ("consent_given_on", "retention_until"):
            row.values[key] = None
            if raw.get(key):
                try:
                    row.values[key] = parse_date(raw[key])
                except ValueError:
                    error(
                        key,
                        _("“%(value)s” is not a date (use 31.12.2026 or 2026-12-31).")
                        % {"value": raw[key]},
                    )
        row.values["legal_basis"] = default_legal_basis
        if raw.get("legal_basis"):
            try:
                row.values["legal_basis"] = parse_legal_basis(raw["legal_basis"])
            except ValueError:
                error(
                    "legal_basis",
                    _("Unknown legal basis “%(value)s”.") % {"value": raw["legal_basis"]},
                )
        consent_missing = not row.values["consent_given_on"] and not raw.get("consent_given_on")
        if row.values["legal_basis"] == LegalBasis.CONSENT and consent_missing:
            error("consent_given_on", _("Consent needs the date on which it was given."))
        rows.append(row)
    return rows
