"""Contact import: upload, mapping, preview and the import itself (at once or in the worker).

The preview and the import read the same stored table and run the same validation, so the
numbers the organizer confirmed are the numbers that get imported. Lists above
``BACKGROUND_ROWS`` rows run as a django-tasks task that reports its progress on the import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.organisations.models import Organisation
from quartier.reach.import_rows import CONTACT_KEYS, FIELD_KEYS, ImportDefaults
from quartier.reach.importing import (
    Row,
    Table,
    guess_mapping,
    read_csv,
    read_table,
    table_to_csv,
    validate_rows,
)
from quartier.reach.models import Contact, ContactImport, ImportStatus, LegalBasis
from quartier.reach.services.contacts import phone_key

DUPLICATE_MODES = ("skip", "merge")
MERGE_FIELDS = (
    "email",
    "phone",
    "street",
    "house_number",
    "postcode",
    "city",
    "languages",
    "neighbourhood",
    "consent_given_on",
    "retention_until",
)
BACKGROUND_ROWS = 2_000
CHUNK = 500


@dataclass
class PreviewRow:
    row: Row
    duplicate_of: str = ""  # why it is a duplicate, without repeating personal values
    existing_pk: int | None = None
    earlier_line: int | None = None  # the same person earlier in this file


def contact_import_upload(
    *, organisation: Organisation, actor: Any, filename: str, data: bytes
) -> ContactImport:
    """Read the file once (so a broken file is refused at once) and keep it for the next steps.

    An XLSX is streamed once and kept as UTF-8 CSV: the later steps never unzip it again.
    """
    table = read_table(filename=filename, data=data)
    normalized = table.encoding == "xlsx"
    return ContactImport.objects.create(
        organisation=organisation,
        created_by=actor,
        filename=filename[:200],
        data=table_to_csv(table) if normalized else data,
        normalized=normalized,
        encoding=table.encoding,
        delimiter=table.delimiter,
        total_rows=len(table.rows),
        mapping={"columns": guess_mapping(table.headers), "legal_basis": str(LegalBasis.CONSENT)},
    )


def import_table(contact_import: ContactImport) -> Table:
    if contact_import.status == ImportStatus.DONE:
        raise DomainError(_("This import has already been carried out."), code="import_done")
    data = bytes(contact_import.data)
    if contact_import.normalized:
        table = read_csv(data, "utf-8")
        return Table(table.headers, table.rows, encoding="xlsx", delimiter="")
    return read_table(filename=contact_import.filename, data=data, encoding=contact_import.encoding)


def import_defaults(contact_import: ContactImport) -> ImportDefaults:
    consent = contact_import.mapping.get("consent_given_on")
    return ImportDefaults(
        legal_basis=contact_import.mapping.get("legal_basis", LegalBasis.CONSENT),
        consent_given_on=date.fromisoformat(consent) if consent else None,
    )


def contact_import_configure(
    *,
    contact_import: ContactImport,
    columns: dict[str, int | None],
    duplicate_mode: str,
    legal_basis: str,
    consent_given_on: date | None = None,
    encoding: str = "",
) -> ContactImport:
    if duplicate_mode not in DUPLICATE_MODES:
        raise DomainError(_("Choose whether to skip or merge duplicates."), code="duplicate_mode")
    if legal_basis not in LegalBasis.values:
        raise DomainError(
            _("Unknown legal basis: %(value)s"), code="legal_basis", value=legal_basis
        )
    contact_import.mapping = {
        "columns": {k: columns.get(k) for k in FIELD_KEYS},
        "legal_basis": legal_basis,
        "consent_given_on": consent_given_on.isoformat() if consent_given_on else None,
    }
    contact_import.duplicate_mode = duplicate_mode
    fields = ["mapping", "duplicate_mode"]
    if encoding and encoding != contact_import.encoding and not contact_import.normalized:
        contact_import.encoding = encoding
        fields.append("encoding")
        import_table(contact_import)  # refuse an encoding the file cannot be read in
    contact_import.save(update_fields=fields)
    return contact_import


class _Existing:
    """The organisation's people indexed once by e-mail, name and phone (no query per row)."""

    def __init__(self, organisation: Organisation) -> None:
        self.by_key: dict[str, int] = {}
        people = Contact.objects.filter(organisation=organisation, erased_at__isnull=True)
        for pk, name, email, phone in people.values_list("pk", "full_name", "email", "phone"):
            if email:
                self.by_key.setdefault(f"e:{email.lower()}", pk)
            if name:
                self.by_key.setdefault(f"n:{name.strip().lower()}", pk)
            key = phone_key(phone)
            if len(key) >= 6:
                self.by_key.setdefault(f"p:{key}", pk)

    def match(self, keys: list[str]) -> int | None:
        return next((self.by_key[k] for k in keys if k in self.by_key), None)


def _keys(values: dict[str, Any]) -> list[str]:
    keys = [f"e:{values['email'].lower()}"] if values["email"] else []
    keys.append(f"n:{values['full_name'].strip().lower()}")
    if len(phone_key(values["phone"])) >= 6:
        keys.append(f"p:{phone_key(values['phone'])}")
    return keys


def contact_import_preview(*, contact_import: ContactImport) -> tuple[Table, list[PreviewRow]]:
    """Validated rows with duplicates marked: against existing people and earlier lines."""
    table = import_table(contact_import)
    rows = validate_rows(
        table, contact_import.mapping.get("columns", {}), defaults=import_defaults(contact_import)
    )
    existing = _Existing(contact_import.organisation)
    seen: dict[str, int] = {}
    preview = []
    for row in rows:
        item = PreviewRow(row=row)
        keys = _keys(row.values)
        earlier = next((seen[k] for k in keys if k in seen), None)
        if earlier is not None:
            item.duplicate_of = _("same person as line %(line)s") % {"line": earlier}
            item.existing_pk = existing.match(keys)
            item.earlier_line = earlier
        elif row.is_valid:
            item.existing_pk = existing.match(keys)
            if item.existing_pk is not None:
                item.duplicate_of = _("already in the contacts")
        for key in keys:
            seen.setdefault(key, row.line)
        preview.append(item)
    return table, preview


def preview_counts(rows: list[PreviewRow]) -> dict[str, int]:
    return {
        "valid": sum(1 for r in rows if r.row.is_valid and not r.duplicate_of),
        "invalid": sum(1 for r in rows if not r.row.is_valid),
        "duplicates": sum(1 for r in rows if r.row.is_valid and r.duplicate_of),
    }


def _merge(contact: Contact, values: dict[str, Any]) -> None:
    changed = [key for key in MERGE_FIELDS if values.get(key) and not getattr(contact, key)]
    for key in changed:
        setattr(contact, key, values[key])
    if values.get("notes") and values["notes"] not in contact.notes:
        contact.notes = f"{contact.notes}\n{values['notes']}".strip()
        changed.append("notes")
    if changed and contact.pk:  # a person created earlier in this import is saved with its chunk
        contact.save(update_fields=[*changed, "updated_at"])


def contact_import_start(*, contact_import: ContactImport, actor: Any) -> ContactImport:
    """Import now, or hand a long list to the background worker (progress on the import)."""
    from quartier.reach.tasks import run_contact_import

    with transaction.atomic():
        contact_import = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
        if contact_import.status != ImportStatus.UPLOADED:
            raise DomainError(_("This import has already been carried out."), code="import_done")
        if contact_import.total_rows <= BACKGROUND_ROWS:
            contact_import_run(contact_import=contact_import, actor=actor)
            contact_import.refresh_from_db()
            return contact_import
        contact_import.status = ImportStatus.RUNNING
        contact_import.processed_rows = 0
        contact_import.save(update_fields=["status", "processed_rows"])
        actor_pk = getattr(actor, "pk", None)
        transaction.on_commit(
            lambda: run_contact_import.enqueue(import_pk=contact_import.pk, actor_pk=actor_pk)
        )
    return contact_import


def contact_import_run(*, contact_import: ContactImport, actor: Any) -> dict[str, Any]:
    """Import the valid rows in chunks; the report keeps lines and reasons, not values.

    Each chunk is its own transaction so that the progress is visible to the page (and a
    long list does not hold the database's write lock for minutes).
    """
    _table, preview = contact_import_preview(contact_import=contact_import)
    report: dict[str, Any] = {"created": 0, "merged": 0, "skipped": [], "errors": []}
    organisation = contact_import.organisation
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    pending: list[Contact] = []
    created: dict[int, Contact] = {}  # line → the person this import creates from it

    def flush(done: int) -> None:
        with transaction.atomic():
            Contact.objects.bulk_create(pending, batch_size=CHUNK)
            ContactImport.objects.filter(pk=contact_import.pk).update(processed_rows=done)
        pending.clear()

    for done, item in enumerate(preview, start=1):
        row = item.row
        if not row.is_valid:
            report["errors"].extend(
                {"line": e.line, "column": e.column, "reason": e.reason} for e in row.errors
            )
        elif item.duplicate_of:
            target = created.get(item.earlier_line or 0)
            if target is None and item.existing_pk is not None:
                target = Contact.objects.get(pk=item.existing_pk)
            if contact_import.duplicate_mode == "merge" and target is not None:
                _merge(target, row.values)
                report["merged"] += 1
            else:
                report["skipped"].append({"line": row.line, "reason": item.duplicate_of})
        else:
            values = {key: row.values[key] for key in CONTACT_KEYS if row.values[key] is not None}
            contact = Contact(organisation=organisation, created_by=created_by, **values)
            pending.append(contact)
            created[row.line] = contact
            report["created"] += 1
        if len(pending) >= CHUNK:
            flush(done)
    flush(len(preview))
    with transaction.atomic():
        contact_import.report = report
        contact_import.status = ImportStatus.DONE
        contact_import.data = b""  # the uploaded list is personal data; the report is enough
        contact_import.processed_rows = contact_import.total_rows
        contact_import.save(update_fields=["report", "status", "data", "processed_rows"])
        audit_record(
            action="contacts.imported",
            actor=actor,
            organisation=organisation,
            target=contact_import,
            data={
                "created": report["created"],
                "merged": report["merged"],
                "skipped": len(report["skipped"]),
                "errors": len(report["errors"]),
            },
        )
    return report
