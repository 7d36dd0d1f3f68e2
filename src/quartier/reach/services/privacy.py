from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.reach.models import Contact, ContactImport, ImportStatus, KeyPerson, OneToOne, Place
from quartier.reach.personal_data import sections

ERASED_MARK = "[…]"
PERSONAL_FIELDS = ("full_name", "email", "phone", "languages", "neighbourhood", "notes")
# Accounts are not ours to change: an erased contact is unlinked from its user instead.
SKIPPED_MODELS = {"accounts.user", "reach.contact"}


def contact_viewed(*, contact: Contact, actor: Any) -> None:
    """Write the access log entry for opening a person's page (GDPR accountability)."""
    audit_record(
        action="contact.viewed", actor=actor, organisation=contact.organisation, target=contact
    )


def _needles(contact: Contact) -> list[str]:
    """E-mail and phone always; the name only when specific enough to not hit other words."""
    values = [contact.email.strip(), contact.phone.strip()]
    name = contact.full_name.strip()
    if " " in name and len(name) >= 5:
        values.append(name)
    return sorted({value for value in values if len(value) >= 5}, key=len, reverse=True)


def _own_rows(model: type[models.Model], organisation: Any) -> Any:
    """Rows of the organisation where the table says so (directly or via its process)."""
    names = {f.name for f in model._meta.concrete_fields}
    rows = model._default_manager.all()
    if "organisation" in names:
        return rows.filter(organisation=organisation)
    process = next((f for f in model._meta.concrete_fields if f.name == "process"), None)
    related = getattr(process, "related_model", None)
    if related is not None and related._meta.label_lower == "processes.process":
        return rows.filter(process__organisation=organisation)
    return rows


def _scrub_text(value: str, needles: list[str]) -> str:
    for needle in needles:
        value = re.sub(re.escape(needle), ERASED_MARK, value, flags=re.IGNORECASE)
    return value


def _scrub_json(value: Any, needles: list[str]) -> Any:
    if isinstance(value, str):
        return _scrub_text(value, needles)
    if isinstance(value, list):
        return [_scrub_json(item, needles) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_json(item, needles) for key, item in value.items()}
    return value


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.primary_key
    ]


def scrub_everywhere(*, organisation: Any, needles: list[str]) -> int:
    """Replace the needles in every text column of every table; JSON only in the org's rows.

    This is the safety net behind the registered sections: labels copied into tasks, audit
    entries or other apps' tables are caught without reach knowing those apps. Tables that
    belong to an organisation (directly or through a process) are searched only in the
    erasing organisation's rows, so a namesake elsewhere is left alone.
    """
    changed = 0
    if not needles:
        return 0
    for model in apps.get_models():
        if (
            model._meta.label_lower in SKIPPED_MODELS
            or not model._meta.managed
            or model._meta.proxy
        ):
            continue
        fields = _text_fields(model)
        if fields:
            condition = Q()
            for field in fields:
                for needle in needles:
                    condition |= Q(**{f"{field.attname}__icontains": needle})
            for row in (
                _own_rows(model, organisation)
                .filter(condition)
                .values("pk", *[f.attname for f in fields])
            ):
                updates = {
                    f.attname: _scrub_text(row[f.attname], needles)
                    for f in fields
                    if row[f.attname] and _scrub_text(row[f.attname], needles) != row[f.attname]
                }
                if updates:
                    model._default_manager.filter(pk=row["pk"]).update(**updates)
                    changed += 1
        json_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
        org_field = next((f for f in model._meta.concrete_fields if f.name == "organisation"), None)
        if json_fields and org_field is not None:
            rows = model._default_manager.filter(organisation=organisation).values(
                "pk", *[f.attname for f in json_fields]
            )
            for row in rows.iterator():
                updates = {}
                for field in json_fields:
                    scrubbed = _scrub_json(row[field.attname], needles)
                    if scrubbed != row[field.attname]:
                        updates[field.attname] = scrubbed
                if updates:
                    model._default_manager.filter(pk=row["pk"]).update(**updates)
                    changed += 1
    return changed


def _drop_pending_uploads(organisation: Any, needles: list[str]) -> None:
    """Unfinished imports keep the raw file (bytes, not text); drop those that name the person."""
    encoded = [
        n.lower().encode(charset, "ignore") for n in needles for charset in ("utf-8", "cp1252")
    ]
    for upload in ContactImport.objects.filter(
        organisation=organisation, status=ImportStatus.UPLOADED
    ):
        raw = bytes(upload.data).lower()
        if any(needle and needle in raw for needle in encoded):
            upload.delete()


@transaction.atomic
def contact_erase(*, contact: Contact, actor: Any) -> Contact:
    """Erase a person (Art. 17): personal data goes, the row and the ledger stay.

    Participations, target-group and group memberships keep pointing at the emptied row, so
    coverage and attendance counts do not change; only nobody can tell who it was.
    """
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.is_erased:
        raise DomainError(_("This person has already been erased."), code="already_erased")
    needles = _needles(contact)
    for section in sections():
        if section.erase is not None:
            section.erase(contact)
    OneToOne.objects.filter(contact=contact).update(
        interests="", concerns="", motivation="", notes=""
    )
    KeyPerson.objects.filter(contact=contact).delete()
    Place.objects.filter(contact_person=contact).update(contact_person=None)
    for field in PERSONAL_FIELDS:
        setattr(contact, field, "")
    contact.consent_given_on = None
    contact.retention_until = None
    contact.user = None
    contact.erased_at = timezone.now()
    contact.save(
        update_fields=[*PERSONAL_FIELDS, "consent_given_on", "retention_until", "user", "erased_at"]
    )
    scrub_everywhere(organisation=contact.organisation, needles=needles)
    _drop_pending_uploads(contact.organisation, needles)
    audit_record(
        action="contact.erased", actor=actor, organisation=contact.organisation, target=contact
    )
    return contact
