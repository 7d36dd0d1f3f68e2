from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.organisations.models import Organisation
from quartier.reach.importing import FIELD_KEYS, Row, Table, read_table, validate_rows
from quartier.reach.models import Contact, ContactImport, ImportStatus, LegalBasis
from quartier.reach.services.contacts import contact_create, contact_duplicates

DUPLICATE_MODES = ("skip", "merge")
MERGE_FIELDS = (
    "email",
    "phone",
    "languages",
    "neighbourhood",
    "consent_given_on",
    "retention_until",
)


@dataclass
class PreviewRow:
    row: Row
    duplicate_of: str = ""  # why it is a duplicate, without repeating personal values


def contact_import_upload(
    *, organisation: Organisation, actor: Any, filename: str, data: bytes
) -> ContactImport:
    """Read the file once (so a broken file is refused at once) and keep it for the next steps."""
    from quartier.reach.importing import guess_mapping

    table = read_table(filename=filename, data=data)
    return ContactImport.objects.create(
        organisation=organisation,
        created_by=actor,
        filename=filename[:200],
        data=data,
        encoding=table.encoding,
        delimiter=table.delimiter,
        mapping={"columns": guess_mapping(table.headers), "legal_basis": str(LegalBasis.CONSENT)},
    )


def import_table(contact_import: ContactImport) -> Table:
    if contact_import.status == ImportStatus.DONE:
        raise DomainError(_("This import has already been carried out."), code="import_done")
    encoding = contact_import.encoding if contact_import.encoding != "xlsx" else ""
    return read_table(
        filename=contact_import.filename, data=bytes(contact_import.data), encoding=encoding
    )


def contact_import_configure(
    *,
    contact_import: ContactImport,
    columns: dict[str, int | None],
    duplicate_mode: str,
    legal_basis: str,
    encoding: str = "",
) -> ContactImport:
    if duplicate_mode not in DUPLICATE_MODES:
        raise DomainError(_("Choose whether to skip or merge duplicates."), code="duplicate_mode")
    contact_import.mapping = {
        "columns": {k: columns.get(k) for k in FIELD_KEYS},
        "legal_basis": legal_basis,
    }
    contact_import.duplicate_mode = duplicate_mode
    fields = ["mapping", "duplicate_mode"]
    if encoding and encoding != contact_import.encoding and contact_import.encoding != "xlsx":
        contact_import.encoding = encoding
        fields.append("encoding")
        import_table(contact_import)  # refuse an encoding the file cannot be read in
    contact_import.save(update_fields=fields)
    return contact_import


def contact_import_preview(*, contact_import: ContactImport) -> tuple[Table, list[PreviewRow]]:
    """Validated rows with duplicates marked: against existing people and earlier lines."""
    table = import_table(contact_import)
    rows = validate_rows(
        table,
        contact_import.mapping.get("columns", {}),
        default_legal_basis=contact_import.mapping.get("legal_basis", LegalBasis.CONSENT),
    )
    seen: dict[str, int] = {}
    preview = []
    for row in rows:
        item = PreviewRow(row=row)
        values = row.values
        keys = [f"e:{values['email'].lower()}"] if values["email"] else []
        keys.append(f"n:{values['full_name'].lower()}")
        earlier = next((seen[k] for k in keys if k in seen), None)
        if earlier is not None:
            item.duplicate_of = _("same person as line %(line)s") % {"line": earlier}
        elif row.is_valid and contact_duplicates(
            organisation=contact_import.organisation,
            full_name=values["full_name"],
            email=values["email"],
            phone=values["phone"],
        ):
            item.duplicate_of = _("already in the contacts")
        for key in keys:
            seen.setdefault(key, row.line)
        preview.append(item)
    return table, preview


def _merge(contact: Contact, values: dict[str, Any]) -> None:
    changed = [key for key in MERGE_FIELDS if values.get(key) and not getattr(contact, key)]
    for key in changed:
        setattr(contact, key, values[key])
    if values.get("notes") and values["notes"] not in contact.notes:
        contact.notes = f"{contact.notes}\n{values['notes']}".strip()
        changed.append("notes")
    if changed:
        contact.save(update_fields=[*changed, "updated_at"])


@transaction.atomic
def contact_import_run(*, contact_import: ContactImport, actor: Any) -> dict[str, Any]:
    """Import the valid rows in one transaction; the report keeps lines and reasons, not values."""
    contact_import = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
    _table, preview = contact_import_preview(contact_import=contact_import)
    report: dict[str, Any] = {"created": 0, "merged": 0, "skipped": [], "errors": []}
    organisation = contact_import.organisation
    for item in preview:
        row = item.row
        if not row.is_valid:
            report["errors"].extend(
                {"line": e.line, "column": e.column, "reason": e.reason} for e in row.errors
            )
            continue
        if item.duplicate_of:
            matches = contact_duplicates(
                organisation=organisation,
                full_name=row.values["full_name"],
                email=row.values["email"],
                phone=row.values["phone"],
            )
            if contact_import.duplicate_mode == "merge" and matches:
                _merge(matches[0], row.values)
                report["merged"] += 1
            else:
                report["skipped"].append({"line": row.line, "reason": item.duplicate_of})
            continue
        contact_create(organisation=organisation, actor=actor, **row.values)
        report["created"] += 1
    contact_import.report = report
    contact_import.status = ImportStatus.DONE
    contact_import.data = b""  # the uploaded list is personal data; the report is enough
    contact_import.save(update_fields=["report", "status", "data"])
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
