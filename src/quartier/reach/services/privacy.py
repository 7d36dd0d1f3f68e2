from __future__ import annotations

import re
from typing import Any, cast

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.reach.models import Contact, ContactImport, ImportStatus, KeyPerson, OneToOne, Place
from quartier.reach.personal_data import sections
from quartier.reach.signals import contact_erased

ERASED_MARK = "[…]"
PERSONAL_FIELDS = (
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
)
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


def _name_parts(contact: Contact) -> list[str]:
    """The whole name and each part of it ("Weiß" from "Günther Weiß"), however short."""
    name = contact.full_name.strip()
    parts = {name} | {part.strip(".,;()") for part in name.split()}
    return sorted({p for p in parts if len(p) >= 2}, key=len, reverse=True)


# Tables every row of the organisation hangs from: following them would reach everything.
HUB_MODELS = {
    "organisations.organisation",
    "processes.process",
    "accounts.user",
    "reach.contact",
    "formats.format",
}


def _fk_fields(model: type[models.Model]) -> list[models.ForeignKey]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is not None
    ]


def linked_rows(contact: Contact) -> dict[type[models.Model], set[Any]]:
    """Every row that refers to the person, and the records those rows belong to.

    Found by identity, not by text: rows with a foreign key to the contact (an invitation,
    a task owner, a group membership, an interview), the records they point to (the
    meeting, the group), those records' own rows (protocol and its versions, agenda,
    decisions, answers) and rows that name any of them by type and id (tasks from a
    one-to-one, audit entries). The person's name in these rows was written about them.
    """
    found: dict[type[models.Model], set[Any]] = {}

    def add(model: type[models.Model], pks: Any) -> set[Any]:
        new = set(pks) - found.setdefault(model, set())
        found[model] |= new
        return new

    every = [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    direct: dict[type[models.Model], set[Any]] = {}
    for model in every:
        for field in _fk_fields(model):
            if field.related_model is Contact:
                rows = model._default_manager.filter(**{field.attname: contact.pk})
                direct.setdefault(model, set()).update(
                    add(model, rows.values_list("pk", flat=True))
                )
    # up: the records the direct rows belong to (not the organisation-wide hubs)
    parents: dict[type[models.Model], set[Any]] = {}
    for model, own in direct.items():
        for field in _fk_fields(model):
            target = cast(type[models.Model], field.related_model)
            if target._meta.label_lower in HUB_MODELS:
                continue
            ids = model._default_manager.filter(pk__in=own).values_list(field.attname, flat=True)
            parents.setdefault(target, set()).update(add(target, [i for i in ids if i]))
    # down, two levels: the rows of those records (protocol → versions, interview → answers)
    frontier = {m: set(p) for m, p in {**direct, **parents}.items()}
    for _level in range(2):
        following: dict[type[models.Model], set[Any]] = {}
        for model in every:
            if model._meta.label_lower in HUB_MODELS:
                continue
            for field in _fk_fields(model):
                above = frontier.get(cast(type[models.Model], field.related_model))
                if not above:
                    continue
                rows = model._default_manager.filter(**{f"{field.attname}__in": above})
                new = add(model, rows.values_list("pk", flat=True))
                if new:
                    following.setdefault(model, set()).update(new)
        frontier = following
    # rows that name a linked record by type and id (tasks' sources, then audit entries
    # about those tasks): twice, so that references of references are found too
    for _round in range(2):
        labels = {m._meta.label_lower: {str(pk) for pk in keys} for m, keys in found.items()}
        labels.setdefault("reach.contact", set()).add(str(contact.pk))
        for model in every:
            names = {f.name for f in model._meta.concrete_fields}
            for prefix in ("source", "target"):
                if {f"{prefix}_type", f"{prefix}_id"} <= names:
                    condition = Q(pk__in=[])
                    for label, named in labels.items():
                        condition |= Q(**{f"{prefix}_type": label, f"{prefix}_id__in": named})
                    rows = model._default_manager.filter(condition)
                    add(model, rows.values_list("pk", flat=True))
    found.pop(Contact, None)
    return found


def _scrub_words(value: str, words: list[str]) -> str:
    for word in words:
        value = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", ERASED_MARK, value, flags=re.IGNORECASE)
    return value


def scrub_linked(*, contact: Contact) -> int:
    """Remove every part of the name from the rows linked to the person (one-word names too)."""
    words = _name_parts(contact)
    if not words:
        return 0
    changed = 0
    for model, pks in linked_rows(contact).items():
        if model._meta.label_lower in SKIPPED_MODELS:
            continue
        fields = _text_fields(model)
        json_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
        if not (fields or json_fields) or not pks:
            continue
        attnames = [f.attname for f in (*fields, *json_fields)]
        for row in model._default_manager.filter(pk__in=pks).values("pk", *attnames).iterator():
            updates: dict[str, Any] = {}
            for field in fields:
                value = row[field.attname]
                if value and _scrub_words(value, words) != value:
                    updates[field.attname] = _scrub_words(value, words)
            for field in json_fields:
                value = row[field.attname]
                scrubbed = _scrub_json(value, [], words=words)
                if scrubbed != value:
                    updates[field.attname] = scrubbed
            if updates:
                model._default_manager.filter(pk=row["pk"]).update(**updates)
                changed += 1
    return changed


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


def _scrub_json(value: Any, needles: list[str], *, words: list[str] | None = None) -> Any:
    if isinstance(value, str):
        value = _scrub_text(value, needles)
        return _scrub_words(value, words) if words else value
    if isinstance(value, list):
        return [_scrub_json(item, needles, words=words) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_json(item, needles, words=words) for key, item in value.items()}
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
    scrub_linked(contact=contact)  # before the sections unlink rows (e.g. interviews)
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
    contact_erased.send(sender=Contact, contact=contact)
    return contact
