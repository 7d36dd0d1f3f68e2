from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from quartier.followups.models import Task, TaskStatus


def tasks_for_source(*, source: Any) -> QuerySet[Task]:
    return Task.objects.filter(source_type=source._meta.label_lower, source_id=str(source.pk))


def tasks_due_for_user(
    *, user: Any, organisation: Any, until: date | None = None
) -> QuerySet[Task]:
    """Open tasks the user owns or created, due by ``until`` (default: today) or undated."""
    until = until or timezone.localdate()
    return (
        Task.objects.filter(organisation=organisation, status=TaskStatus.OPEN)
        .filter(Q(owner=user) | Q(created_by=user))
        .filter(Q(due_on__lte=until) | Q(due_on__isnull=True))
        .order_by("due_on", "id")
    )


def tasks_for_process(*, process: Any, source: Any = None, status: str = "") -> QuerySet[Task]:
    """Tasks of a process, optionally only those from one source (e.g. a meeting)."""
    tasks = Task.objects.filter(process=process).select_related("owner", "owner_contact")
    if source is not None:
        tasks = tasks.filter(source_type=source._meta.label_lower, source_id=str(source.pk))
    if status:
        tasks = tasks.filter(status=status)
    return tasks.order_by("status", "due_on", "id")


def task_get_for_user(*, user: Any, process: Any, pk: int) -> Task:
    """404 when the task is not in this process; 403 when the user may not change it."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    task = (
        Task.objects.select_related("organisation", "process")
        .filter(pk=pk, process=process)
        .first()
    )
    if task is None:
        raise Http404
    if not user.has_perm("followups.change_task", task):
        raise PermissionDenied
    return task
