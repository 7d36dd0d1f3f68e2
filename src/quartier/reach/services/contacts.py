from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.organisations.models import Organisation
from quartier.reach.models import Contact, LegalBasis

CONTACT_FIELDS = (
    "full_name",
    "email",
    "phone",
    "languages",
    "neighbourhood",
    "street",
    "house_number",
    "postcode",
    "city",
    "notes",
    "legal_basis",
    "consent_given_on",
    "retention_until",
)
TEXT_FIELDS = CONTACT_FIELDS[:10]  # the name, contact details, address and notes


def phone_key(phone: str) -> str:
    """Digits only, with a German leading 0 and +49/0049 treated alike."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0049"):
        digits = digits[4:]
    elif digits.startswith("49") and phone.strip().startswith("+"):
        digits = digits[2:]
    return digits.lstrip("0")


def contact_duplicates(
    *,
    organisation: Organisation,
    full_name: str,
    email: str = "",
    phone: str = "",
    exclude_pk: int | None = None,
) -> list[Contact]:
    """People who look like the same person: same name, same e-mail or same phone number."""
    condition = Q(full_name__iexact=full_name.strip()) if full_name.strip() else Q(pk__in=[])
    if email.strip():
        condition |= Q(email__iexact=email.strip())
    candidates: QuerySet[Contact] = Contact.objects.filter(
        organisation=organisation, erased_at__isnull=True
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    found = {contact.pk: contact for contact in candidates.filter(condition)}
    key = phone_key(phone)
    if len(key) >= 6:
        for contact in candidates.exclude(phone="").exclude(pk__in=list(found)):
            if phone_key(contact.phone) == key:
                found[contact.pk] = contact
    return sorted(found.values(), key=lambda c: c.full_name)


def _validate(data: dict[str, Any]) -> None:
    if not (data.get("full_name") or "").strip():
        raise DomainError(_("A name is required."), code="name_required")
    if data.get("legal_basis") and data["legal_basis"] not in LegalBasis.values:
        raise DomainError(
            _("Unknown legal basis: %(value)s"), code="legal_basis", value=data["legal_basis"]
        )
    if data.get("legal_basis", LegalBasis.CONSENT) == LegalBasis.CONSENT and not data.get(
        "consent_given_on"
    ):
        raise DomainError(
            _("Consent needs the date on which it was given."), code="consent_date_required"
        )


@transaction.atomic
def contact_create(*, organisation: Organisation, actor: Any, **data: Any) -> Contact:
    _validate(data)
    values = {key: data[key] for key in CONTACT_FIELDS if key in data and data[key] is not None}
    for key in TEXT_FIELDS:
        if key in values:
            values[key] = str(values[key]).strip()
    contact = Contact.objects.create(
        organisation=organisation,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    audit_record(action="contact.created", actor=actor, organisation=organisation, target=contact)
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, actor: Any, **data: Any) -> Contact:
    if contact.is_erased:
        raise DomainError(_("This person has been erased and cannot be changed."), code="erased")
    merged = {key: getattr(contact, key) for key in CONTACT_FIELDS} | data
    _validate(merged)
    changed = [key for key in CONTACT_FIELDS if key in data and getattr(contact, key) != data[key]]
    for key in changed:
        value = data[key]
        setattr(contact, key, value.strip() if isinstance(value, str) else value)
    if changed:
        contact.save(update_fields=[*changed, "updated_at"])
        audit_record(
            action="contact.updated",
            actor=actor,
            organisation=contact.organisation,
            target=contact,
            data={"fields": changed},
        )
    return contact


@transaction.atomic
def retention_extend(*, contact: Contact, actor: Any, until: date) -> Contact:
    """After a review: keep the person until ``until`` (the review is audited)."""
    contact.retention_until = until
    contact.save(update_fields=["retention_until", "updated_at"])
    audit_record(
        action="contact.retention_reviewed",
        actor=actor,
        organisation=contact.organisation,
        target=contact,
        data={"until": until.isoformat()},
    )
    return contact
