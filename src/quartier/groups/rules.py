"""Standing-group permissions.

Organizers and the process team see every group of the process; the group's moderators
(the named one and members with role moderator) manage it: members, tasks, meetings,
messages, its public page and join requests. Members with an account see their group.
"""

from __future__ import annotations

from typing import Any

import rules

from quartier.groups.models import Group
from quartier.processes.rules import is_on_process_team, is_process_organizer


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def can_view_group_process(user: Any, group: Group | None) -> bool:
    if group is None:
        return False
    return bool(
        is_process_organizer(user, group.process) or is_on_process_team(user, group.process)
    )


@rules.predicate
def is_group_moderator(user: Any, group: Group | None) -> bool:
    if group is None or not _authenticated(user):
        return False
    return (
        group.moderator_id == user.pk or group.members.filter(user=user, role="moderator").exists()
    )


@rules.predicate
def is_group_member(user: Any, group: Group | None) -> bool:
    if group is None or not _authenticated(user):
        return False
    return (
        group.members.filter(user=user).exists()
        or group.members.filter(contact__user=user).exists()
    )


@rules.predicate
def is_group_process_organizer(user: Any, group: Group | None) -> bool:
    return bool(group is not None and is_process_organizer(user, group.process))


rules.add_perm("groups.view_group", can_view_group_process | is_group_moderator | is_group_member)
rules.add_perm("groups.manage_group", is_group_process_organizer | is_group_moderator)
# Members may add tasks and log entries; only moderators message everyone or change members.
rules.add_perm(
    "groups.work_in_group", is_group_process_organizer | is_group_moderator | is_group_member
)
rules.add_perm("groups.view_report", is_process_organizer | is_on_process_team)  # the process
