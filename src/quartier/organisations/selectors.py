from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from quartier.organisations.models import Invitation, Membership, Organisation
from quartier.organisations.tokens import token_digest


def organisation_list_for_user(*, user: Any) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def organisation_get_for_user(
    *, user: Any, slug: str, perm: str = "organisations.view_organisation"
) -> Organisation:
    """404 for organisations the user is not in (their existence is not revealed), 403 for
    members who lack ``perm``."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not user.has_perm("organisations.view_organisation", organisation):
        raise Http404
    if not user.has_perm(perm, organisation):
        raise PermissionDenied
    return organisation


def membership_list(*, organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by(
        "user__full_name", "user__email"
    )


def invitation_list_open(*, organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def invitation_get_by_token(*, token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("organisation").filter(token=token_digest(token)).first()
    )
    if invitation is None:
        raise Http404
    return invitation
