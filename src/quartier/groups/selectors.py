from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from quartier.groups.models import Group, JoinRequest, JoinRequestStatus
from quartier.organisations.models import Organisation
from quartier.processes.models import Process


def group_list_for_process(*, process: Process) -> QuerySet[Group]:
    return (
        Group.objects.filter(process=process, archived_at__isnull=True)
        .select_related("moderator")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("title")
    )


def group_get_for_user(
    *, user: Any, organisation: Organisation, pk: int, perm: str = "groups.view_group"
) -> Group:
    group = (
        Group.objects.select_related("process__organisation", "moderator")
        .filter(pk=pk, process__organisation=organisation)
        .first()
    )
    if group is None or not user.has_perm("groups.view_group", group):
        raise Http404
    if not user.has_perm(perm, group):
        raise PermissionDenied
    return group


def group_members(*, group: Group) -> QuerySet[Any]:
    return group.members.select_related("contact", "user").order_by("role", "joined_at")


def group_open_requests(*, group: Group) -> QuerySet[JoinRequest]:
    return group.join_requests.filter(status=JoinRequestStatus.OPEN)


def public_groups(*, org_slug: str, process_slug: str) -> tuple[Process, QuerySet[Group]]:
    """Open groups of a process for the public page (no login): title, goal, mission only."""
    process = (
        Process.objects.filter(
            organisation__slug=org_slug, slug=process_slug, archived_at__isnull=True
        )
        .select_related("organisation")
        .first()
    )
    if process is None:
        raise Http404
    groups = group_list_for_process(process=process).filter(Q(is_open=True))
    return process, groups


def public_group_get(*, process: Process, pk: int) -> Group:
    group = (
        Group.objects.filter(process=process, pk=pk, archived_at__isnull=True)
        .select_related("moderator")
        .first()
    )
    if group is None:
        raise Http404
    return group
