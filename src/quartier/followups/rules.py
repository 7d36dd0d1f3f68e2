"""Tasks are seen by everyone who sees their process; done/reopen is for the process team,
organizers and the task's owner."""

from __future__ import annotations

from typing import Any

import rules

from quartier.organisations.rules import is_org_member, is_org_organizer


@rules.predicate
def can_change_task(user: Any, task: Any) -> bool:
    if task is None or not is_org_member(user, task.organisation):
        return False
    if is_org_organizer(user, task.organisation) or task.owner_id == user.pk:
        return True
    if task.created_by_id == user.pk:
        return True
    return bool(task.process_id and task.process.team_memberships.filter(user=user).exists())


rules.add_perm("followups.change_task", can_change_task)
