from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from quartier.accounts.models import User
from quartier.accounts.services import user_create
from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.organisations.models import Invitation, Membership, Organisation, Role
from quartier.organisations.tokens import token_digest

# Path segments that the organisation URLs use themselves.
RESERVED_SLUGS = frozenset({"new", "invitations"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "organisation"
    if base in RESERVED_SLUGS:
        base = f"{base}-organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_create(
    *, name: str, creator: User, description: str = "", slug: str = ""
) -> Organisation:
    organisation = Organisation.objects.create(
        name=name.strip(), description=description.strip(), slug=slug or _unique_slug(name)
    )
    Membership.objects.create(organisation=organisation, user=creator, role=Role.ADMIN)
    audit_record(
        action="organisation.created", actor=creator, organisation=organisation, target=organisation
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, actor: User, name: str, description: str
) -> Organisation:
    organisation.name = name.strip()
    organisation.description = description.strip()
    organisation.save(update_fields=["name", "description"])
    audit_record(
        action="organisation.updated", actor=actor, organisation=organisation, target=organisation
    )
    return organisation


def _ensure_an_admin_remains(membership: Membership) -> None:
    if membership.role != Role.ADMIN:
        return
    admins = Membership.objects.select_for_update().filter(
        organisation=membership.organisation, role=Role.ADMIN
    )
    if admins.count() <= 1:
        raise DomainError(
            _("%(name)s is the last admin of this organisation. Make someone else admin first."),
            code="last_admin",
            name=str(membership.user),
        )


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, actor: User) -> Membership:
    if role not in Role.values:
        raise DomainError(_("Unknown role: %(role)s"), code="unknown_role", role=role)
    if membership.role == role:
        return membership
    if role != Role.ADMIN:
        _ensure_an_admin_remains(membership)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        action="membership.role_changed",
        actor=actor,
        organisation=membership.organisation,
        target=membership.user,
        data={"from": old, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    _ensure_an_admin_remains(membership)
    audit_record(
        action="membership.removed",
        actor=actor,
        organisation=membership.organisation,
        target=membership.user,
        data={"role": membership.role},
    )
    membership.delete()


def invitation_url(invitation: Invitation) -> str:
    """The link with the raw token; it exists only while the invitation is being sent."""
    raw = getattr(invitation, "raw_token", "")
    if not raw:
        raise DomainError(
            _("The invitation link can only be built when it is sent."), code="no_token"
        )
    return settings.SITE_URL + reverse("organisations:invitation_accept", args=[raw])


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by: User, language: str = "de"
) -> Invitation:
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email=email).exists():
        raise DomainError(
            _("%(email)s is already a member of this organisation."),
            code="already_member",
            email=email,
        )
    # A new invitation replaces any still open one for the same address.
    Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    raw_token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token=token_digest(raw_token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.raw_token = raw_token  # type: ignore[attr-defined]
    audit_record(
        action="invitation.created",
        actor=invited_by,
        organisation=organisation,
        target=invitation,
        data={"role": role},
    )
    with override(language):
        context = {
            "invitation": invitation,
            "url": invitation_url(invitation),
            "inviter": invited_by,
            "days": settings.INVITATION_VALID_DAYS,
        }
        subject = render_to_string("organisations/email/invitation_subject.txt", context).strip()
        body = render_to_string("organisations/email/invitation.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        action="invitation.revoked",
        actor=actor,
        organisation=invitation.organisation,
        target=invitation,
    )


def _check_open(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation has already been used."), code="invitation_used")
    if invitation.revoked_at is not None:
        raise DomainError(_("This invitation was withdrawn."), code="invitation_revoked")
    if invitation.expires_at <= timezone.now():
        raise DomainError(
            _("This invitation has expired. Please ask for a new one."), code="invitation_expired"
        )


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: Any = None, full_name: str = "", password: str = ""
) -> User:
    """Accept as the logged-in ``user`` or, without one, create the account."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_open(invitation)
    if user is None or not user.is_authenticated:
        if User.objects.filter(email=invitation.email).exists():
            raise DomainError(
                _(
                    "An account for %(email)s exists already. Please log in first, then open the link again."
                ),
                code="account_exists",
                email=invitation.email,
            )
        user = user_create(email=invitation.email, full_name=full_name, password=password)
    Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        action="invitation.accepted",
        actor=user,
        organisation=invitation.organisation,
        target=invitation,
    )
    return user
