from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from quartier.organisations.models import Organisation
from quartier.organisations.rules import is_org_organizer
from quartier.processes.models import Process


def process_list_for_user(
    *, user: Any, organisation: Organisation, archived: bool = False, status: str = ""
) -> QuerySet[Process]:
    processes = organisation.processes.filter(archived_at__isnull=not archived)
    if not is_org_organizer(user, organisation):
        processes = processes.filter(team_memberships__user=user)
    if status:
        processes = processes.filter(status=status)
    return processes.order_by("status", "-starts_on", "title")


def process_get_for_user(
    *, user: Any, organisation: Organisation, slug: str, perm: str = "processes.view_process"
) -> Process:
    """404 when the user may not see the process at all, 403 when they may see but not ``perm``."""
    process = organisation.processes.filter(slug=slug).select_related("organisation").first()
    if process is None or not user.has_perm("processes.view_process", process):
        raise Http404
    if not user.has_perm(perm, process):
        raise PermissionDenied
    return process


def process_team(*, process: Process) -> QuerySet[Any]:
    return process.team.order_by("full_name", "email")
