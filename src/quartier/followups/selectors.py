from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from quartier.followups.models import Task, TaskStatus


def tasks_for_source(*, source: Any) -> QuerySet[Task]:
    return Task.objects.filter(source_type=source._meta.label_lower, source_id=str(source.pk))


def tasks_due_for_user(*, user: Any, organisation: Any, until: date | None = None) -> QuerySet[Task]:
    """Open tasks the user owns or created, due by ``until`` (default: today) or undated."""
    until = until or timezone.localdate()
    return (
        Task.objects.filter(organisation=organisation, status=TaskStatus.OPEN)
        .filter(Q(owner=user) | Q(created_by=user))
        .filter(Q(due_on__lte=until) | Q(due_on__isnull=True))
        .order_by("due_on", "id")
    )
