"""Mapping file columns to contact fields and validating each row.

Plain functions, no database. A name comes from one column or is composed from first
name, last name and title; legal basis and consent date come from a column or are set
once for the whole import. Every error names the line and the column as the organizer
sees it (the file's header, or the German field label when the column is not in the file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from quartier.reach.models import LegalBasis


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str | Promise
    required: bool = False
    synonyms: tuple[str, ...] = ()
    max_length: int = 200


FIELDS = (
    ImportField(
        "full_name",
        _("Name"),
        False,
        ("name", "vollständiger name", "full name", "full_name", "person", "name, vorname"),
    ),
    ImportField(
        "first_name", _("First name"), False, ("vorname", "first name", "firstname", "given name")
    ),
    ImportField(
        "last_name",
        _("Last name"),
        False,
        ("nachname", "familienname", "last name", "lastname", "surname", "family name"),
    ),
    ImportField(
        "title", _("Title"), False, ("titel", "title", "akad. titel", "akademischer titel")
    ),
    ImportField(
        "email", _("E-mail"), False, ("email", "e-mail", "mail", "e-mail-adresse", "emailadresse")
    ),
    ImportField(
        "phone",
        _("Phone"),
        False,
        ("telefon", "phone", "tel", "tel.", "handy", "mobil", "telefonnummer"),
        50,
    ),
    ImportField(
        "street",
        _("Street"),
        False,
        ("straße", "strasse", "str.", "street", "anschrift", "adresse"),
    ),
    ImportField(
        "house_number",
        _("House number"),
        False,
        ("hausnummer", "hausnr.", "hausnr", "nr.", "nr", "house number", "number"),
        20,
    ),
    ImportField("postcode", _("Postcode"), False, ("plz", "postleitzahl", "postcode", "zip"), 10),
    ImportField("city", _("Place"), False, ("ort", "wohnort", "stadt", "city", "town"), 100),
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
        "notes",
        _("Notes"),
        False,
        ("notizen", "notiz", "bemerkung", "bemerkungen", "notes"),
        100_000,
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
FIELD_BY_KEY = {f.key: f for f in FIELDS}
NAME_PARTS = ("title", "first_name", "last_name")
TEXT_KEYS = (
    "email",
    "phone",
    "street",
    "house_number",
    "postcode",
    "city",
    "languages",
    "neighbourhood",
    "notes",
)
# What a row hands to ``contact_create`` (the name parts are composed into ``full_name``).
CONTACT_KEYS = (
    "full_name",
    *TEXT_KEYS,
    "legal_basis",
    "consent_given_on",
    "retention_until",
)


def _normal(header: str) -> str:
    return re.sub(r"\s+", " ", str(header).strip().lower().replace("_", " "))


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Each field's column by its header (German and English names), each column used once."""
    mapping: dict[str, int | None] = {}
    normal = [_normal(h) for h in headers]
    taken: set[int] = set()
    for import_field in FIELDS:
        names = {_normal(s) for s in import_field.synonyms} | {_normal(str(import_field.label))}
        index = next((i for i, h in enumerate(normal) if h in names and i not in taken), None)
        mapping[import_field.key] = index
        if index is not None:
            taken.add(index)
    return mapping


def missing_required(mapping: dict[str, int | None]) -> list[ImportField]:
    """The name is required: one "Name" column, or at least a first or last name column."""
    if any(mapping.get(key) is not None for key in ("full_name", "first_name", "last_name")):
        return []
    return [FIELD_BY_KEY["full_name"]]


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


@dataclass(frozen=True)
class ImportDefaults:
    """What the organizer sets once for the rows that do not say it themselves."""

    legal_basis: str = LegalBasis.CONSENT
    consent_given_on: date | None = None


DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S")
LEGAL_WORDS = {
    LegalBasis.CONSENT: ("consent", "einwilligung", "einverständnis"),
    LegalBasis.CONTRACT: ("contract", "vertrag", "mitgliedschaft", "vereinbarung"),
    LegalBasis.LEGITIMATE_INTEREST: (
        "legitimate_interest",
        "berechtigtes interesse",
        "legitimate interest",
    ),
}


def parse_date(value: str) -> date:
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


def compose_name(raw: dict[str, str]) -> str:
    """ "Dr. Jürgen Weiß" from title, first and last name; the Name column wins when filled."""
    if raw.get("full_name"):
        return raw["full_name"]
    return " ".join(raw[key] for key in NAME_PARTS if raw.get(key))


def validate_rows(
    table: Any,
    mapping: dict[str, int | None],
    *,
    defaults: ImportDefaults | None = None,
    default_legal_basis: str | None = None,
) -> list[Row]:
    """Turn raw cells into contact values; every problem names its line and column."""
    defaults = defaults or ImportDefaults()
    if default_legal_basis:
        defaults = ImportDefaults(default_legal_basis, defaults.consent_given_on)
    columns = {key: index for key, index in mapping.items() if index is not None}
    headers = table.headers
    rows: list[Row] = []
    for offset, cells in enumerate(table.rows):
        line = offset + 2  # line 1 holds the column names
        if not any(cell.strip() for cell in cells):
            continue
        raw = {
            key: (cells[index].strip() if index < len(cells) else "")
            for key, index in columns.items()
        }
        rows.append(_validate_row(line, raw, columns, headers, defaults))
    return rows


def _column_name(key: str, columns: dict[str, int], headers: list[str]) -> str:
    index = columns.get(key)
    if index is not None and index < len(headers) and headers[index].strip():
        return headers[index]
    if key == "full_name" and any(part in columns for part in NAME_PARTS):
        key = "last_name" if "last_name" in columns else "first_name"
        return _column_name(key, columns, headers)
    return str(FIELD_BY_KEY[key].label)


def _validate_row(
    line: int,
    raw: dict[str, str],
    columns: dict[str, int],
    headers: list[str],
    defaults: ImportDefaults,
) -> Row:
    row = Row(line=line, values={})

    def error(key: str, reason: str | Promise) -> None:
        column = _column_name(key, columns, headers)
        row.errors.append(CellError(line=line, column=column, reason=str(reason)))

    row.values["full_name"] = compose_name(raw)
    for key in TEXT_KEYS:
        row.values[key] = raw.get(key, "")
    if not row.values["full_name"]:
        error("full_name", _("The name is missing."))
    for key in ("full_name", *TEXT_KEYS):
        limit = FIELD_BY_KEY[key].max_length
        if len(row.values[key]) > limit:
            error(
                key,
                _("The value is longer than %(max)s characters.") % {"max": limit},
            )
    if row.values["email"]:
        try:
            validate_email(row.values["email"])
        except ValidationError:
            error(
                "email",
                _("“%(value)s” is not a valid e-mail address.") % {"value": row.values["email"]},
            )
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
    row.values["legal_basis"] = str(defaults.legal_basis)
    if raw.get("legal_basis"):
        try:
            row.values["legal_basis"] = parse_legal_basis(raw["legal_basis"])
        except ValueError:
            error(
                "legal_basis",
                _("Unknown legal basis “%(value)s”.") % {"value": raw["legal_basis"]},
            )
    if row.values["consent_given_on"] is None and not raw.get("consent_given_on"):
        row.values["consent_given_on"] = defaults.consent_given_on
    consent_missing = row.values["consent_given_on"] is None and not raw.get("consent_given_on")
    if row.values["legal_basis"] == LegalBasis.CONSENT and consent_missing:
        error(
            "consent_given_on",
            _(
                "Consent needs the date on which it was given. Set one date for the whole "
                "import in the previous step, or choose another legal basis."
            ),
        )
    return row
