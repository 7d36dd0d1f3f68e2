"""Writes for standing groups: creation (e.g. from an event's topic group), goal and
mission, the public page, and "mitmachen" requests that the moderator answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.groups.models import Group, GroupRole, JoinRequest, JoinRequestStatus
from quartier.groups.services.members import member_add


class GroupError(DomainError):
    code = "group_error"


def retention_days() -> int:
    """How long details left with consent are kept before review (reach's retention list)."""
    return int(getattr(settings, "QUARTIER_STAY_IN_TOUCH_RETENTION_DAYS", 730))


def split_contact_details(details: str) -> tuple[str, str]:
    """One field "e-mail or phone" into (email, phone)."""
    details = details.strip()
    if "@" in details:
        try:
            validate_email(details)
        except ValidationError:
            raise GroupError(
                _("Please check the e-mail address: %(value)s"), code="email_invalid", value=details
            ) from None
        return details, ""
    if sum(ch.isdigit() for ch in details) < 6:
        raise GroupError(
            _("Please give an e-mail address or a phone number."), code="contact_invalid"
        )
    return "", details[:50]


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
        member_add(group=group, actor=actor, user=moderator, role=GroupRole.MODERATOR)
    for contact in dict.fromkeys(contacts):
        member_add(group=group, actor=actor, contact=contact)
    audit_record(
        action="groups.create", actor=actor, organisation=process.organisation, target=group
    )
    return group


@transaction.atomic
def group_update(
    *, group: Group, actor: Any, title: str, goal: str, mission: str, is_open: bool
) -> Group:
    title = " ".join(title.split())[:200]
    if not title:
        raise GroupError(_("Please give the group a title."), code="group_title_missing")
    group.title, group.goal, group.mission, group.is_open = (
        title,
        goal.strip(),
        mission.strip(),
        is_open,
    )
    group.save(update_fields=["title", "goal", "mission", "is_open"])
    audit_record(
        action="groups.update", actor=actor, organisation=group.process.organisation, target=group
    )
    return group


@transaction.atomic
def group_publish(*, group: Group, actor: Any, published: bool) -> Group:
    """The group decides to show its page publicly (title, goal, mission, "mitmachen")."""
    if published and not group.goal.strip():
        raise GroupError(
            _("Describe the group's goal before publishing its page."), code="group_goal_missing"
        )
    group.published_at = (group.published_at or timezone.now()) if published else None
    group.save(update_fields=["published_at"])
    audit_record(
        action="groups.publish" if published else "groups.unpublish",
        actor=actor,
        organisation=group.process.organisation,
        target=group,
    )
    return group


def _notify_moderator(group: Group, request: JoinRequest) -> None:
    """The request reaches the group's moderator(s) by e-mail; details stay on the page."""
    from django.utils import translation
    from django.utils.translation import gettext

    from quartier.core.emails import mail_queue

    moderators = [
        m.user
        for m in group.members.filter(role=GroupRole.MODERATOR).select_related("user")
        if m.user is not None
    ]
    if group.moderator is not None:
        moderators.append(group.moderator)
    addresses = {user.email for user in moderators if user.email}
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        mail_queue(
            subject=gettext("Wants to join: %(group)s") % {"group": group.title},
            body=gettext(
                "%(name)s asked to join “%(group)s” on its public page. Please answer on the "
                "group page:\n%(url)s"
            )
            % {
                "name": request.name,
                "group": group.title,
                "url": settings.SITE_URL + group.get_absolute_url() + "#requests",
            },
            to=sorted(addresses),
        )


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
    if not group.is_open or group.archived_at is not None or group.published_at is None:
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
    split_contact_details(contact_details)
    request = JoinRequest.objects.create(
        group=group,
        name=name[:100],
        contact_details=contact_details[:200],
        message=message.strip()[:500],
        consent_at=timezone.now(),
        user=user if getattr(user, "is_authenticated", False) else None,
    )
    _notify_moderator(group, request)
    audit_record(
        action="groups.join_requested",
        organisation=group.process.organisation,
        target=group,
        data={"request": request.pk},
    )
    return request


@transaction.atomic
def join_request_decide(*, request: JoinRequest, actor: Any, accept: bool) -> JoinRequest:
    """Accept or decline. Accepting makes the person a contact (with the consent they gave
    on the request) and a member of the group."""
    request = (
        JoinRequest.objects.select_for_update().select_related("group__process").get(pk=request.pk)
    )
    if request.status != JoinRequestStatus.OPEN:
        raise GroupError(_("This request has been answered already."), code="join_request_decided")
    request.status = JoinRequestStatus.ACCEPTED if accept else JoinRequestStatus.DECLINED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    group = request.group
    if accept:
        from quartier.reach.services import contact_create

        email, phone = split_contact_details(request.contact_details)
        contact = contact_create(
            organisation=group.process.organisation,
            actor=actor,
            full_name=request.name,
            email=email,
            phone=phone,
            legal_basis="consent",
            consent_given_on=timezone.localtime(request.consent_at).date(),
            retention_until=timezone.localdate() + timedelta(days=retention_days()),
            notes=str(_("Asked to join “%(group)s” on its public page.") % {"group": group.title}),
        )
        member_add(group=group, actor=actor, contact=contact)
    audit_record(
        action="groups.join_request",
        actor=actor,
        organisation=group.process.organisation,
        target=group,
        data={"accepted": accept},
    )
    return request
