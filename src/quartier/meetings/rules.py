"""Who may see, plan and run meetings.

Key persons (role moderator) run meetings on their own: on a process team they may plan
any meeting of the process; moderating a group of the process lets them plan and run
that group's meetings without an organizer. Invited people may see the meeting and take
part in it (cases, votes); case content has its own, stricter rule in ``selectors.cases``.
"""

from __future__ import annotations

from typing import Any

import rules

from quartier.organisations.models import Role
from quartier.organisations.rules import is_org_member, is_org_organizer, role_in


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def moderates_group(user: Any, group: Any) -> bool:
    if group is None or not _authenticated(user):
        return False
    if group.moderator_id == user.pk:
        return True
    return group.members.filter(user=user, role="moderator").exists()


def moderated_groups(user: Any, process: Any) -> Any:
    from django.db.models import Q

    from quartier.groups.models import Group

    if not _authenticated(user):
        return Group.objects.none()
    return (
        Group.objects.filter(process=process, archived_at__isnull=True)
        .filter(Q(moderator=user) | Q(members__user=user, members__role="moderator"))
        .distinct()
    )


def is_key_person(user: Any, organisation: Any) -> bool:
    return role_in(user, organisation) == Role.MODERATOR


def on_team(user: Any, process: Any) -> bool:
    return _authenticated(user) and process.team_memberships.filter(user=user).exists()


@rules.predicate
def can_add_meeting(user: Any, process: Any) -> bool:
    """Object: the process."""
    if process is None:
        return False
    organisation = process.organisation
    if is_org_organizer(user, organisation):
        return True
    if not is_key_person(user, organisation):
        return False
    return on_team(user, process) or moderated_groups(user, process).exists()


@rules.predicate
def can_run_meeting(user: Any, meeting: Any) -> bool:
    if meeting is None or not is_org_member(user, meeting.organisation):
        return False
    if is_org_organizer(user, meeting.organisation) or meeting.moderator_id == user.pk:
        return True
    if not is_key_person(user, meeting.organisation):
        return False
    return on_team(user, meeting.process) or moderates_group(user, meeting.group)


@rules.predicate
def is_invited(user: Any, meeting: Any) -> bool:
    if meeting is None or not _authenticated(user):
        return False
    return meeting.invitees.filter(user=user).exists()


@rules.predicate
def can_view_meeting(user: Any, meeting: Any) -> bool:
    if meeting is None or not is_org_member(user, meeting.organisation):
        return False
    return bool(
        can_run_meeting(user, meeting)
        or on_team(user, meeting.process)
        or is_invited(user, meeting)
    )


rules.add_perm("meetings.add_meeting", can_add_meeting)
rules.add_perm("meetings.view_meeting", can_view_meeting)
rules.add_perm("meetings.run_meeting", can_run_meeting)
rules.add_perm("meetings.take_part", is_invited)
