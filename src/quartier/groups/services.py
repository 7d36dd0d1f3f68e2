"""Writes for standing groups: creation (e.g. from an event's topic group), join requests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.groups.models import Group, GroupMember, GroupRole, JoinRequest, JoinRequestStatus


class GroupError(DomainError):
    code = "group_error"


@transaction.atomic
def group_create(
    *,
    process: Any,
    actor: Any,
    title: str,
    goal: str = "",
    mission: str = "",
    moderator: Any = None,
    contacts: Sequence[Any] = (),
    source: models.Model | None = None,
) -> Group:
    title = " ".join(title.split())[:200]
    if not title:
        raise GroupError(_("Please give the group a title."), code="group_title_missing")
    group = Group.objects.create(
        process=process,
        title=title,
        goal=goal.strip(),
        mission=mission.strip(),
        moderator=moderator,
        source_type=source._meta.label_lower if source is not None else "",
        source_id=str(source.pk) if source is not None else "",
    )
    if moderator is not None:
        GroupMember.objects.create(group=group, user=moderator, role=GroupRole.MODERATOR)
    for contact in dict.fromkeys(contacts):
        GroupMember.objects.get_or_create(group=group, contact=contact)
    if contacts:
        from quartier.reach.services import participation_record

        for contact in dict.fromkeys(contacts):
            participation_record(
                contact=contact,
                source=group,
                kind="group",
                role="attendee",
                occurred_at=timezone.now(),
                process=process,
                label=group.title,
            )
    audit_record(
        action="groups.create", actor=actor, organisation=process.organisation, target=group
    )
    return group


@transaction.atomic
def join_request_create(
    *,
    group: Group,
    name: str,
    contact_details: str,
    message: str = "",
    consent: bool,
    user: Any = None,
) -> JoinRequest:
    if not group.is_open or group.archived_at is not None:
        raise GroupError(
            _("This group does not take new members at the moment."), code="group_closed"
        )
    if not consent:
        raise GroupError(
            _("Please agree that we may store your details to contact you."), code="consent_missing"
        )
    name, contact_details = name.strip(), contact_details.strip()
    if not name or not contact_details:
        raise GroupError(
            _("Please give a name and an e-mail address or phone number."), code="join_incomplete"
        )
    return JoinRequest.objects.create(
        group=group,
        name=name[:100],
        contact_details=contact_details[:200],
        message=message.strip()[:500],
        consent_at=timezone.now(),
        user=user if getattr(user, "is_authenticated", False) else None,
    )


@transaction.atomic
def join_request_decide(*, request: JoinRequest, actor: Any, accept: bool) -> JoinRequest:
    """Accept or decline. An accepted request of a logged-in person makes them a member;
    otherwise the moderator gets in touch using the details given."""
    request = JoinRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != JoinRequestStatus.OPEN:
        raise GroupError(_("This request has been answered already."), code="join_request_decided")
    request.status = JoinRequestStatus.ACCEPTED if accept else JoinRequestStatus.DECLINED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    if accept and request.user_id:
        GroupMember.objects.get_or_create(group=request.group, user_id=request.user_id)
    audit_record(
        action="groups.join_request",
        actor=actor,
        organisation=request.group.process.organisation,
        target=request.group,
        data={"accepted": accept},
    )
    return request
