from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.organisations.models import Organisation
from quartier.reach.models import Contact, KeyPerson, Place, PlaceMembership

PLACE_FIELDS = ("name", "kind", "address", "contact_person", "notes")


def _check_same_org(organisation: Organisation, *objects: Any) -> None:
    for obj in objects:
        if obj is not None and obj.organisation_id != organisation.pk:
            raise DomainError(_("This belongs to another organisation."), code="other_organisation")


@transaction.atomic
def place_create(*, organisation: Organisation, actor: Any, **data: Any) -> Place:
    _check_same_org(organisation, data.get("contact_person"))
    if Place.objects.filter(organisation=organisation, name__iexact=data["name"].strip()).exists():
        raise DomainError(
            _("A place called “%(name)s” exists already."), code="place_exists", name=data["name"]
        )
    place = Place.objects.create(
        organisation=organisation, **{key: data[key] for key in PLACE_FIELDS if key in data}
    )
    audit_record(action="place.created", actor=actor, organisation=organisation, target=place)
    return place


@transaction.atomic
def place_update(*, place: Place, actor: Any, **data: Any) -> Place:
    _check_same_org(place.organisation, data.get("contact_person"))
    changed = [key for key in PLACE_FIELDS if key in data and getattr(place, key) != data[key]]
    for key in changed:
        setattr(place, key, data[key])
    if changed:
        place.save(update_fields=changed)
        audit_record(
            action="place.updated", actor=actor, organisation=place.organisation, target=place
        )
    return place


@transaction.atomic
def place_membership_add(
    *, place: Place, contact: Contact, actor: Any, role: str = ""
) -> PlaceMembership:
    _check_same_org(place.organisation, contact)
    membership, created = PlaceMembership.objects.get_or_create(
        place=place, contact=contact, defaults={"role": role.strip()}
    )
    if not created and role.strip() and membership.role != role.strip():
        membership.role = role.strip()
        membership.save(update_fields=["role"])
    audit_record(
        action="place.member_added", actor=actor, organisation=place.organisation, target=place
    )
    return membership


@transaction.atomic
def place_membership_remove(*, membership: PlaceMembership, actor: Any) -> None:
    place = membership.place
    membership.delete()
    audit_record(
        action="place.member_removed", actor=actor, organisation=place.organisation, target=place
    )


@transaction.atomic
def key_person_mark(
    *,
    contact: Contact,
    actor: Any,
    place: Place | None = None,
    group: Any = None,
    since: date | None = None,
) -> KeyPerson:
    """Mark ``contact`` as key person for one place or one group of the same organisation."""
    if (place is None) == (group is None):
        raise DomainError(_("Choose either a place or a group."), code="place_or_group")
    if contact.is_erased:
        raise DomainError(_("This person has been erased."), code="erased")
    _check_same_org(contact.organisation, place)
    if group is not None and group.process.organisation_id != contact.organisation_id:
        raise DomainError(_("This belongs to another organisation."), code="other_organisation")
    try:
        with transaction.atomic():
            key_person = KeyPerson.objects.create(
                organisation=contact.organisation,
                contact=contact,
                place=place,
                group=group,
                since=since,
            )
    except IntegrityError:
        raise DomainError(
            _("%(name)s is already a key person for %(scope)s."),
            code="already_key_person",
            name=str(contact),
            scope=str(place or group),
        ) from None
    audit_record(
        action="contact.key_person_marked",
        actor=actor,
        organisation=contact.organisation,
        target=contact,
        data={"place": place.pk if place else None, "group": group.pk if group else None},
    )
    return key_person


@transaction.atomic
def key_person_unmark(*, key_person: KeyPerson, actor: Any) -> None:
    contact = key_person.contact
    key_person.delete()
    audit_record(
        action="contact.key_person_unmarked",
        actor=actor,
        organisation=contact.organisation,
        target=contact,
    )
