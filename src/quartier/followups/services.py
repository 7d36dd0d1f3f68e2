from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from quartier.audit.services import audit_record
from quartier.followups.models import Task, TaskStatus


@transaction.atomic
def task_create(
    *,
    organisation: Any,
    actor: Any,
    title: str,
    process: Any = None,
    details: str = "",
    owner: Any = None,
    owner_contact: Any = None,
    owner_name: str = "",
    due_on: date | None = None,
    source: models.Model | None = None,
) -> Task:
    task = Task.objects.create(
        organisation=organisation, process=process, title=title.strip(), details=details.strip(),
        owner=owner, owner_contact=owner_contact, owner_name=owner_name.strip(), due_on=due_on,
        source_type=source._meta.label_lower if source is not None else "",
        source_id=str(source.pk) if source is not None else "",
        source_label=str(source)[:200] if source is not None else "",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(action="task.created", actor=actor, organisation=organisation, target=task)
    return task


@transaction.atomic
def task_set_status(*, task: Task, actor: Any, status: str) -> Task:
    task.status = status
    task.completed_at = timezone.now() if status == TaskStatus.DONE else None
    task.save(update_fields=["status", "completed_at"])
    audit_record(action=f"task.{status}", actor=actor, organisation=task.organisation, target=task)
    return task
