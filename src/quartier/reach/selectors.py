"""Reach reads. Visibility comes from ``scope``; ``*_get_for_user`` raise 404/403."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from quartier.organisations.models import Organisation
from quartier.reach.models import Contact, KeyPerson, OneToOne, Participation, Place, TargetGroup
from quartier.reach.scope import contacts_visible_to, places_visible_to


@dataclass(frozen=True)
class ContactFilter:
    q: str = ""
    neighbourhood: str = ""
    place: int | None = None
    target_group: int | None = None
    language: str = ""
    key_persons_only: bool = False


def contact_list_for_user(
    *, user: Any, organisation: Organisation, filters: ContactFilter
) -> QuerySet[Contact]:
    contacts = contacts_visible_to(user, organisation).filter(erased_at__isnull=True)
    if filters.q:
        words = filters.q.split()
        for word in words:
            contacts = contacts.filter(
                Q(full_name__icontains=word)
                | Q(email__icontains=word)
                | Q(phone__icontains=word)
                | Q(notes__icontains=word)
                | Q(neighbourhood__icontains=word)
            )
    if filters.neighbourhood:
        contacts = contacts.filter(neighbourhood__iexact=filters.neighbourhood)
    if filters.place:
        contacts = contacts.filter(place_memberships__place_id=filters.place)
    if filters.target_group:
        contacts = contacts.filter(target_groups__id=filters.target_group)
    if filters.language:
        contacts = contacts.filter(languages__icontains=filters.language)
    if filters.key_persons_only:
        contacts = contacts.filter(key_roles__isnull=False)
    return (
        contacts.distinct()
        .annotate(one_to_one_count=Count("one_to_ones", distinct=True))
        .order_by("full_name")
    )


def neighbourhoods(*, organisation: Organisation) -> list[str]:
    values = Contact.objects.filter(organisation=organisation, erased_at__isnull=True).exclude(
        neighbourhood=""
    )
    return sorted(set(values.values_list("neighbourhood", flat=True)))


def contact_get_for_user(
    *, user: Any, organisation: Organisation, pk: int, perm: str = "reach.view_contact"
) -> Contact:
    """404 for people outside the user's scope (not revealed), 403 when they lack ``perm``."""
    contact = (
        Contact.objects.filter(organisation=organisation, pk=pk)
        .select_related("organisation")
        .first()
    )
    if contact is None or not user.has_perm("reach.view_contact", contact):
        raise Http404
    if not user.has_perm(perm, contact):
        raise PermissionDenied
    return contact


def place_list_for_user(
    *, user: Any, organisation: Organisation, q: str = "", kind: str = ""
) -> QuerySet[Place]:
    places = places_visible_to(user, organisation)
    if q:
        places = places.filter(Q(name__icontains=q) | Q(address__icontains=q))
    if kind:
        places = places.filter(kind=kind)
    return places.select_related("contact_person").annotate(
        member_count=Count("memberships", distinct=True),
        key_person_count=Count("key_persons", distinct=True),
    )


def place_get_for_user(*, user: Any, organisation: Organisation, pk: int) -> Place:
    place = (
        places_visible_to(user, organisation).filter(pk=pk).select_related("contact_person").first()
    )
    if place is None:
        raise Http404
    return place


@dataclass(frozen=True)
class TimelineItem:
    when: date
    kind: str
    label: str
    role: str
    one_to_one: OneToOne | None = None


def contact_timeline(*, contact: Contact) -> list[TimelineItem]:
    """One-to-ones (with their content) and everything else from the ledger, newest first."""
    one_to_ones = {str(o.pk): o for o in contact.one_to_ones.select_related("held_by")}
    items = []
    for row in contact.participations.all():
        local = timezone.localtime(row.occurred_at).date()
        one_to_one = one_to_ones.get(row.source_id) if row.source_type == "reach.onetoone" else None
        items.append(
            TimelineItem(
                when=local,
                kind=row.get_kind_display(),
                label=row.label,
                role=row.get_role_display(),
                one_to_one=one_to_one,
            )
        )
    return sorted(items, key=lambda item: item.when, reverse=True)


def contact_groups(*, contact: Contact) -> list[dict[str, Any]]:
    """Groups (read-only from ``quartier.groups``) with the role the person holds there."""
    from quartier.groups.models import Group

    rows: list[dict[str, Any]] = []
    for membership in contact.group_memberships.select_related("group__process"):
        rows.append({"group": membership.group, "role": membership.get_role_display()})
    if contact.user_id:
        for group in Group.objects.filter(moderator_id=contact.user_id).select_related("process"):
            if not any(row["group"].pk == group.pk for row in rows):
                rows.append(
                    {"group": group, "role": str(Group._meta.get_field("moderator").verbose_name)}
                )
    return rows


def key_persons_by_place(
    *, user: Any, organisation: Organisation
) -> list[tuple[Place, list[KeyPerson]]]:
    places = (
        places_visible_to(user, organisation)
        .prefetch_related("key_persons__contact")
        .order_by("name")
    )
    return [(place, list(place.key_persons.all())) for place in places]


def groups_without_key_person(*, organisation: Organisation) -> list[Any]:
    """Active groups with neither a key-person mark nor a named moderator."""
    from quartier.groups.models import Group

    return list(
        Group.objects.filter(process__organisation=organisation, archived_at__isnull=True)
        .filter(key_persons__isnull=True, moderator__isnull=True)
        .exclude(members__role="moderator")
        .select_related("process")
        .distinct()
    )


def group_choices(*, organisation: Organisation) -> QuerySet[Any]:
    from quartier.groups.models import Group

    return Group.objects.filter(
        process__organisation=organisation, archived_at__isnull=True
    ).order_by("title")


def contacts_due_for_review(
    *, organisation: Organisation, within_days: int = 30
) -> QuerySet[Contact]:
    until = timezone.localdate() + timedelta(days=within_days)
    return Contact.objects.filter(
        organisation=organisation, erased_at__isnull=True, retention_until__lte=until
    ).order_by("retention_until", "full_name")


def target_groups(*, organisation: Organisation) -> QuerySet[TargetGroup]:
    return TargetGroup.objects.filter(organisation=organisation).select_related("responsible")


def access_log(*, contact: Contact) -> QuerySet[Any]:
    from quartier.audit.models import AuditEntry

    return AuditEntry.objects.filter(
        organisation=contact.organisation, target_type="reach.contact", target_id=str(contact.pk)
    ).select_related("actor")


def reach_summary(*, organisation: Organisation) -> dict[str, int]:
    contacts = Contact.objects.filter(organisation=organisation)
    return {
        "contacts": contacts.filter(erased_at__isnull=True).count(),
        "one_to_ones": OneToOne.objects.filter(organisation=organisation).count(),
        "reached": Participation.objects.filter(organisation=organisation)
        .values("contact")
        .distinct()
        .count(),
    }
