"""Members of a standing group: add (a contact or a user), change role, remove.

Every join and departure is logged, so the process report can show members over time,
and joining records the person in reach's participation ledger (coverage, key-person paths).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.groups.models import Group, GroupLogEntry, GroupMember, GroupRole, LogKind


class MemberError(DomainError):
    code = "group_member_error"


def log_add(*, group: Group, kind: str, text: str, author: Any = None) -> GroupLogEntry:
    """Internal: services of this app append to the group's log."""
    return GroupLogEntry.objects.create(
        group=group,
        kind=kind,
        text=text[:500],
        author=author if getattr(author, "is_authenticated", False) else None,
        happened_on=timezone.localdate(),
    )


def _record(group: Group, contact: Any, role: str) -> None:
    from quartier.reach.services import participation_record

    participation_record(
        contact=contact,
        source=group,
        kind="group",
        role="lead" if role == GroupRole.MODERATOR else "attendee",
        occurred_at=timezone.now(),
        process=group.process,
        label=group.title,
    )


@transaction.atomic
def member_add(
    *,
    group: Group,
    actor: Any,
    contact: Any = None,
    user: Any = None,
    role: str = GroupRole.MEMBER,
) -> tuple[GroupMember, bool]:
    """Add a person once (by contact or by account); returns (membership, created)."""
    if contact is None and user is None:
        raise MemberError(_("Choose a person."), code="member_missing")
    if contact is not None and contact.organisation_id != group.process.organisation_id:
        raise MemberError(_("The person belongs to another organisation."), code="member_outsider")
    lookup = {"contact": contact} if contact is not None else {"user": user}
    member, created = GroupMember.objects.get_or_create(
        group=group, **lookup, defaults={"role": role, "user": user}
    )
    if created:
        # No names in the log: it outlives a person's erasure.
        log_add(group=group, kind=LogKind.JOINED, text=_("A new member joined."), author=actor)
        if contact is not None:
            _record(group, contact, role)
        audit_record(
            action="groups.member_added",
            actor=actor,
            organisation=group.process.organisation,
            target=group,
            data={"member": member.pk},
        )
    return member, created


@transaction.atomic
def member_set_role(*, member: GroupMember, actor: Any, role: str) -> GroupMember:
    if role not in GroupRole.values:
        raise MemberError(_("Unknown role: %(role)s"), code="member_role", role=role)
    member.role = role
    member.save(update_fields=["role"])
    if member.contact is not None:
        _record(member.group, member.contact, role)
    audit_record(
        action="groups.member_role",
        actor=actor,
        organisation=member.group.process.organisation,
        target=member.group,
        data={"member": member.pk, "role": role},
    )
    return member


@transaction.atomic
def member_remove(*, member: GroupMember, actor: Any) -> None:
    group = member.group
    if (
        member.role == GroupRole.MODERATOR
        and not group.members.filter(role=GroupRole.MODERATOR).exclude(pk=member.pk).exists()
        and group.moderator_id is None
    ):
        raise MemberError(
            _("Name another moderator first: a group needs someone who looks after it."),
            code="last_moderator",
        )
    log_add(group=group, kind=LogKind.LEFT, text=_("A member left the group."), author=actor)
    audit_record(
        action="groups.member_removed",
        actor=actor,
        organisation=group.process.organisation,
        target=group,
        data={"member": member.pk},
    )
    member.delete()
