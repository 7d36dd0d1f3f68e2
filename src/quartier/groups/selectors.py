from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from quartier.groups.models import (
    Group,
    GroupLogEntry,
    GroupMessage,
    JoinRequest,
    JoinRequestStatus,
)
from quartier.organisations.models import Organisation
from quartier.processes.models import Process

GROUPS_PAGE = "groups"  # the process's public page key (processes.publication)


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
    return group.members.select_related("contact", "user").order_by("-role", "joined_at")


def group_open_requests(*, group: Group) -> QuerySet[JoinRequest]:
    return group.join_requests.filter(status=JoinRequestStatus.OPEN)


def group_tasks(*, group: Group) -> QuerySet[Any]:
    """Tasks of the group live in ``followups`` with the group as their source."""
    from quartier.followups.models import Task

    return (
        Task.objects.filter(source_type=Group._meta.label_lower, source_id=str(group.pk))
        .select_related("owner", "owner_contact")
        .order_by("status", "due_on", "pk")
    )


def group_meetings(*, group: Group, upcoming: bool = True) -> QuerySet[Any]:
    from quartier.meetings.models import Meeting

    meetings = (
        Meeting.objects.filter(group=group)
        .select_related("group_reminder")
        .annotate(invited=Count("invitees"))
    )
    if upcoming:
        return meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at")
    return meetings.filter(starts_at__lt=timezone.now()).order_by("-starts_at")


def group_log(*, group: Group, limit: int = 20) -> list[GroupLogEntry]:
    return list(group.log.select_related("author")[:limit])


def group_messages(*, group: Group, limit: int = 5) -> list[GroupMessage]:
    return list(group.messages.select_related("sent_by")[:limit])


def public_groups(*, org_slug: str, process_slug: str) -> tuple[Process, QuerySet[Group]]:
    """Groups that published their page, on the process's public page (404 until the
    process publishes it): title, goal, mission only."""
    from quartier.processes.selectors import public_process_get

    process = public_process_get(org_slug=org_slug, process_slug=process_slug, page=GROUPS_PAGE)
    groups = group_list_for_process(process=process).filter(published_at__isnull=False)
    return process, groups


def public_group_get(*, process: Process, pk: int) -> Group:
    group = (
        Group.objects.filter(
            process=process, pk=pk, archived_at__isnull=True, published_at__isnull=False
        )
        .select_related("moderator")
        .first()
    )
    if group is None:
        raise Http404
    return group


def member_candidates(*, group: Group, user: Any) -> QuerySet[Any]:
    """People the user may see who took part in this process and are not members yet."""
    from quartier.reach.scope import contacts_visible_to

    return (
        contacts_visible_to(user, group.process.organisation)
        .filter(erased_at__isnull=True, participations__process=group.process)
        .exclude(group_memberships__group=group)
        .distinct()
        .order_by("full_name")[:300]
    )
