from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from quartier.core.errors import DomainError
from quartier.organisations.models import Invitation, Membership, Role
from quartier.organisations.services import (
    invitation_accept,
    invitation_create,
    membership_remove,
    membership_set_role,
)

pytestmark = pytest.mark.django_db


def _invite(client, organisation, email="neu@example.org", role="organizer"):
    return client.post(
        reverse("organisations:members", args=[organisation.slug]), {"email": email, "role": role}
    )


def _link_path(message):
    line = next(line for line in message.body.splitlines() if "/o/invitations/" in line)
    return line[line.index("/o/invitations/") :].strip()


def test_an_admin_invites_an_organizer_who_sets_a_password_and_joins(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert _invite(client, organisation).status_code == 302
    assert len(mail.outbox) == 1
    assert "Stadtteilzentrum Nord" in mail.outbox[0].subject
    client.logout()
    path = _link_path(mail.outbox[0])
    response = client.post(
        path,
        {
            "full_name": "Nele Neu",
            "password1": "sicheres-passwort-7",
            "password2": "sicheres-passwort-7",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=organisation, user__email="neu@example.org")
    assert membership.role == Role.ORGANIZER
    assert client.session.get("_auth_user_id") == str(membership.user.pk)


def test_an_invitation_link_works_only_once(client, organisation, admin):
    invitation = invitation_create(
        organisation=organisation, email="neu@example.org", role=Role.ORGANIZER, invited_by=admin
    )
    invitation_accept(invitation=invitation, full_name="Nele Neu", password="sicheres-passwort-7")
    response = client.get(reverse("organisations:invitation_accept", args=[invitation.raw_token]))
    assert "nicht mehr gültig" in response.content.decode()
    with pytest.raises(DomainError) as error:
        invitation_accept(invitation=invitation, full_name="Zweite", password="sicheres-passwort-7")
    assert error.value.code == "invitation_used"


def test_an_expired_invitation_is_refused(organisation, admin):
    invitation = invitation_create(
        organisation=organisation, email="neu@example.org", role=Role.ORGANIZER, invited_by=admin
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(DomainError) as error:
        invitation_accept(invitation=invitation, full_name="Nele", password="sicheres-passwort-7")
    assert error.value.code == "invitation_expired"
    assert not Membership.objects.filter(user__email="neu@example.org").exists()


def test_a_new_invitation_replaces_the_open_one(organisation, admin):
    first = invitation_create(
        organisation=organisation, email="neu@example.org", role=Role.ORGANIZER, invited_by=admin
    )
    invitation_create(
        organisation=organisation, email="neu@example.org", role=Role.MODERATOR, invited_by=admin
    )
    first.refresh_from_db()
    assert first.revoked_at is not None


def test_inviting_an_existing_member_is_an_error_on_the_field(client, organisation, admin):
    client.force_login(admin)
    response = _invite(client, organisation, email=admin.email)
    assert response.status_code == 200
    assert "bereits Mitglied" in response.content.decode()


def test_an_invalid_email_re_renders_the_form_with_a_field_error(client, organisation, admin):
    client.force_login(admin)
    response = _invite(client, organisation, email="not-an-address")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_existing_account_must_log_in_before_accepting(client, organisation, admin, make_user):
    make_user(email="vorhanden@example.org")
    invitation = invitation_create(
        organisation=organisation,
        email="vorhanden@example.org",
        role=Role.ORGANIZER,
        invited_by=admin,
    )
    with pytest.raises(DomainError) as error:
        invitation_accept(invitation=invitation, full_name="X", password="sicheres-passwort-7")
    assert error.value.code == "account_exists"


def test_mismatched_passwords_keep_the_invitation_open(client, organisation, admin):
    invitation = invitation_create(
        organisation=organisation, email="neu@example.org", role=Role.ORGANIZER, invited_by=admin
    )
    response = client.post(
        reverse("organisations:invitation_accept", args=[invitation.raw_token]),
        {
            "full_name": "Nele",
            "password1": "sicheres-passwort-7",
            "password2": "anderes-passwort-7",
        },
    )
    assert response.status_code == 200
    assert "stimmen nicht überein" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_the_last_admin_can_neither_be_demoted_nor_removed(organisation, admin):
    membership = Membership.objects.get(organisation=organisation, user=admin)
    with pytest.raises(DomainError) as error:
        membership_set_role(membership=membership, role=Role.ORGANIZER, actor=admin)
    assert error.value.code == "last_admin"
    with pytest.raises(DomainError):
        membership_remove(membership=membership, actor=admin)


def test_an_admin_changes_a_role_through_htmx_and_gets_the_row_back(
    client, organisation, admin, make_member
):
    member = make_member(organisation, Role.ORGANIZER)
    membership = Membership.objects.get(user=member)
    client.force_login(admin)
    response = client.post(
        reverse("organisations:member_set_role", args=[organisation.slug, membership.pk]),
        {"role": "moderator"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith(f'<tr id="member-{membership.pk}"')
    assert "Gespeichert." in body
    membership.refresh_from_db()
    assert membership.role == Role.MODERATOR


def test_invitation_tokens_are_stored_hashed(organisation, admin):
    from quartier.organisations.models import Invitation
    from quartier.organisations.selectors import invitation_get_by_token

    invitation = invitation_create(
        organisation=organisation, email="neu@example.org", role=Role.ORGANIZER, invited_by=admin
    )
    stored = Invitation.objects.get(pk=invitation.pk).token
    assert invitation.raw_token not in stored and len(stored) == 64
    assert not Invitation.objects.filter(token=invitation.raw_token).exists()
    assert invitation_get_by_token(token=invitation.raw_token) == invitation
