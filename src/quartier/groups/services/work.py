"""What a standing group does between meetings: tasks with owners and due dates (in
``followups``), the next meeting (a small-group conversation in ``meetings``), a short
log, and a message to all members by e-mail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from quartier.audit.services import audit_record
from quartier.core.emails import mail_queue
from quartier.core.errors import DomainError
from quartier.groups.models import Group, GroupLogEntry, GroupMessage, LogKind
from quartier.groups.services.members import log_add

SMALL_GROUP_FORMAT = "small_group"


class GroupWorkError(DomainError):
    code = "group_work_error"


@transaction.atomic
def group_log_note(*, group: Group, actor: Any, text: str) -> GroupLogEntry:
    text = " ".join(text.split())
    if not text:
        raise GroupWorkError(_("Write what was done."), code="log_empty")
    return log_add(group=group, kind=LogKind.NOTE, text=text, author=actor)


@transaction.atomic
def group_task_add(
    *,
    group: Group,
    actor: Any,
    title: str,
    owner_member: Any = None,
    due_on: date | None = None,
) -> Any:
    """A task of the group; its owner is a member (with or without an account)."""
    from quartier.followups.services import task_create

    if not title.strip():
        raise GroupWorkError(_("Name the task."), code="task_title_missing")
    if owner_member is not None and owner_member.group_id != group.pk:
        raise GroupWorkError(_("The owner must be a member of the group."), code="task_owner")
    return task_create(
        organisation=group.process.organisation,
        process=group.process,
        actor=actor,
        title=title[:300],
        owner=owner_member.user if owner_member is not None else None,
        owner_contact=owner_member.contact if owner_member is not None else None,
        due_on=due_on,
        source=group,
    )


@transaction.atomic
def group_task_done(*, group: Group, task: Any, actor: Any) -> Any:
    from quartier.followups.models import TaskStatus
    from quartier.followups.services import task_set_status

    task = task_set_status(task=task, actor=actor, status=TaskStatus.DONE)
    log_add(group=group, kind=LogKind.TASK, text=task.title, author=actor)
    return task


def _member_people(group: Group) -> tuple[list[Any], list[Any]]:
    members = list(group.members.select_related("contact", "user"))
    contacts = [m.contact for m in members if m.contact is not None and not m.contact.is_erased]
    users = [m.user for m in members if m.contact is None and m.user is not None]
    org_users = set(group.process.organisation.memberships.values_list("user_id", flat=True))
    return contacts, [u for u in users if u.pk in org_users]


@transaction.atomic
def group_meeting_plan(
    *, group: Group, actor: Any, title: str, starts_at: datetime, place: str, send: bool = True
) -> Any:
    """The next meeting as a small-group conversation with every member invited (and,
    with ``send``, an invitation e-mail with a calendar file to each address)."""
    from quartier.meetings.services.invitations import invitations_send
    from quartier.meetings.services.meetings import meeting_create

    if starts_at < timezone.now():
        raise GroupWorkError(_("The meeting must be in the future."), code="meeting_in_past")
    contacts, users = _member_people(group)
    meeting = meeting_create(
        process=group.process,
        actor=actor,
        format_key=SMALL_GROUP_FORMAT,
        title=title.strip() or group.title,
        starts_at=starts_at,
        place=place,
        moderator=group.moderator,
        group=group,
        invite_users=users,
        invite_contacts=contacts,
    )
    sent = invitations_send(meeting=meeting, actor=actor) if send else 0
    log_add(
        group=group,
        kind=LogKind.MEETING,
        text=_("Meeting planned for %(when)s; %(n)s invitations sent.")
        % {"when": timezone.localtime(starts_at).strftime("%d.%m.%Y %H:%M"), "n": sent},
        author=actor,
    )
    return meeting


@transaction.atomic
def group_message_send(*, group: Group, actor: Any, subject: str, body: str) -> GroupMessage:
    """One e-mail per member with an address (nobody sees the others' addresses)."""
    subject, body = " ".join(subject.split()), body.strip()
    if not subject or not body:
        raise GroupWorkError(_("Write a subject and a message."), code="message_empty")
    contacts, users = _member_people(group)
    addresses = {c.email.lower(): c.email for c in contacts if c.email}
    addresses |= {u.email.lower(): u.email for u in users if u.email}
    members = group.members.count()
    reply_to = [actor.email] if getattr(actor, "email", "") else []
    with translation.override(settings.LANGUAGE_CODE):
        footer = _(
            "You receive this e-mail as a member of “%(group)s” (%(org)s). "
            "To leave the group, answer this e-mail."
        ) % {"group": group.title, "org": group.process.organisation.name}
    mail_queue(
        subject=f"[{group.title}] {subject}"[:200],
        body=f"{body}\n\n-- \n{footer}",
        to=addresses.values(),
        reply_to=reply_to,
    )
    message = GroupMessage.objects.create(
        group=group,
        subject=subject[:200],
        body=body[:5000],
        sent_by=actor if getattr(actor, "is_authenticated", False) else None,
        sent_at=timezone.now(),
        recipients=len(addresses),
        without_email=max(0, members - len(addresses)),
    )
    log_add(
        group=group,
        kind=LogKind.MESSAGE,
        text=_("Message “%(subject)s” sent to %(n)s members.")
        % {"subject": subject[:120], "n": len(addresses)},
        author=actor,
    )
    audit_record(
        action="groups.message",
        actor=actor,
        organisation=group.process.organisation,
        target=group,
        data={"recipients": len(addresses)},
    )
    return message
