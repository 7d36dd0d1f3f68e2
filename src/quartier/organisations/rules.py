"""Who may do what in an organisation, as django-rules predicates.

Roles are read from the membership row; the result is cached on the user object for
the duration of a request, so a page that checks several permissions queries once.
"""

from __future__ import annotations

from typing import Any

import rules

from quartier.organisations.models import Membership, Organisation, Role


def role_in(user: Any, organisation: Organisation | None) -> str | None:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_quartier_roles", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = (
            Membership.objects.filter(organisation=organisation, user=user)
            .values_list("role", flat=True)
            .first()
        )
    return cache[organisation.pk]


@rules.predicate
def is_org_member(user: Any, organisation: Organisation | None) -> bool:
    return role_in(user, organisation) is not None


@rules.predicate
def is_org_admin(user: Any, organisation: Organisation | None) -> bool:
    return role_in(user, organisation) == Role.ADMIN


@rules.predicate
def is_org_organizer(user: Any, organisation: Organisation | None) -> bool:
    """Admins can do everything organizers can."""
    return role_in(user, organisation) in (Role.ADMIN, Role.ORGANIZER)


rules.add_perm("organisations.add_organisation", rules.is_authenticated)
rules.add_perm("organisations.view_organisation", is_org_member)
rules.add_perm("organisations.change_organisation", is_org_admin)
rules.add_perm("organisations.manage_members", is_org_admin)
rules.add_perm("organisations.view_members", is_org_organizer)
rules.add_perm("organisations.view_audit_log", is_org_admin)
