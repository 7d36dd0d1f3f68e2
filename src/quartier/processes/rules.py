"""Process permissions. Organizers and admins see every process of their organisation;
moderators and participants only the processes whose team they are on."""

from __future__ import annotations

from typing import Any

import rules

from quartier.organisations.models import Role
from quartier.organisations.rules import is_org_admin, is_org_member, is_org_organizer, role_in
from quartier.processes.models import Process


def _org(process: Process | None) -> Any:
    return process.organisation if process is not None else None


@rules.predicate
def is_process_organizer(user: Any, process: Process | None) -> bool:
    return bool(is_org_organizer(user, _org(process)))


@rules.predicate
def is_process_admin(user: Any, process: Process | None) -> bool:
    return bool(is_org_admin(user, _org(process)))


@rules.predicate
def is_on_process_team(user: Any, process: Process | None) -> bool:
    if process is None or not getattr(user, "is_authenticated", False):
        return False
    # Leaving the organisation ends team access even if the team row remains.
    return process.team_memberships.filter(user=user).exists() and is_org_member(
        user, _org(process)
    )


@rules.predicate
def is_process_moderator(user: Any, process: Process | None) -> bool:
    """A key person (organisation role moderator) on the process team."""
    return bool(
        process is not None
        and role_in(user, _org(process)) == Role.MODERATOR
        and process.team_memberships.filter(user=user).exists()
    )


rules.add_perm("processes.add_process", is_org_organizer)  # object: the organisation
rules.add_perm("processes.view_process", is_process_organizer | is_on_process_team)
rules.add_perm("processes.change_process", is_process_organizer)
rules.add_perm("processes.archive_process", is_process_organizer)
rules.add_perm("processes.delete_process", is_process_admin)
rules.add_perm("processes.publish_process", is_process_organizer)
# Reviewing what the public will see (open ends, volunteer needs and offers).
rules.add_perm("processes.moderate_process", is_process_organizer | is_process_moderator)
