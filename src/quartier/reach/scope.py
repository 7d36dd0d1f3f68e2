"""Who sees which people: the one place where the visibility of contacts is decided.

Organizers and admins see every contact of their organisation. Moderators and key persons
see only the people of their own groups and places; participants see nobody. Selectors and
rules both call ``contacts_visible_to`` so the rule cannot drift from the list.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from quartier.organisations.models import Organisation, Role
from quartier.organisations.rules import role_in
from quartier.reach.models import Contact, Place


def own_group_ids(user: Any, organisation: Organisation) -> QuerySet[Any]:
    """Groups the user moderates, is a group moderator of, or is marked key person for."""
    from quartier.groups.models import Group

    return (
        Group.objects.filter(process__organisation=organisation)
        .filter(
            Q(moderator=user)
            | Q(members__user=user, members__role="moderator")
            | Q(key_persons__contact__user=user)
        )
        .values("pk")
    )


def own_places(user: Any, organisation: Organisation) -> QuerySet[Place]:
    """Places where the user (through their contact record) is key person or contact person."""
    return (
        Place.objects.filter(organisation=organisation)
        .filter(Q(key_persons__contact__user=user) | Q(contact_person__user=user))
        .distinct()
    )


def is_scoped(user: Any, organisation: Organisation) -> bool:
    """True when the user sees only part of the organisation's people."""
    return role_in(user, organisation) == Role.MODERATOR


def contacts_visible_to(user: Any, organisation: Organisation) -> QuerySet[Contact]:
    contacts = Contact.objects.filter(organisation=organisation)
    role = role_in(user, organisation)
    if role in (Role.ADMIN, Role.ORGANIZER):
        return contacts
    if role == Role.MODERATOR:
        visible = contacts.filter(
            Q(group_memberships__group__in=own_group_ids(user, organisation))
            | Q(place_memberships__place__in=own_places(user, organisation).values("pk"))
            | Q(user=user)
        ).values("pk")
        return contacts.filter(pk__in=visible)
    return contacts.none()


def places_visible_to(user: Any, organisation: Organisation) -> QuerySet[Place]:
    role = role_in(user, organisation)
    if role in (Role.ADMIN, Role.ORGANIZER):
        return Place.objects.filter(organisation=organisation)
    if role == Role.MODERATOR:
        return Place.objects.filter(pk__in=own_places(user, organisation).values("pk"))
    return Place.objects.none()
