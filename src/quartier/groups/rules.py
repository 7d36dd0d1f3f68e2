"""Standing-group permissions: the process team sees groups; organizers and the group's
moderator manage them and answer join requests."""

from __future__ import annotations

from typing import Any

import rules

from quartier.groups.models import Group
from quartier.processes.rules import is_on_process_team, is_process_organizer


@rules.predicate
def can_view_group_process(user: Any, group: Group | None) -> bool:
    if group is None:
        return False
    return bool(
        is_process_organizer(user, group.process) or is_on_process_team(user, group.process)
    )


@rules.predicate
def is_group_moderator(user: Any, group: Group | None) -> bool:
    return bool(
        group is not None
        and getattr(user, "is_authenticated", False)
        and group.moderator_id == user.pk
    )


@rules.predicate
def is_group_process_organizer(user: Any, group: Group | None) -> bool:
    return bool(group is not None and is_process_organizer(user, group.process))


rules.add_perm("groups.view_group", can_view_group_process | is_group_moderator)
rules.add_perm("groups.manage_group", is_group_process_organizer | is_group_moderator)
