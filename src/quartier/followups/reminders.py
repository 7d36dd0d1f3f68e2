"""Due reminders: one e-mail per owner listing their tasks due by tomorrow or overdue.

Run by the worker every few minutes (``followups.tasks.send_due_reminders``); a task is
reminded once (``reminded_on``), and owners who turned reminders off get nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from quartier.core.emails import language_of, send_templated
from quartier.followups.models import Task, TaskStatus


def _task_url(task: Task) -> str:
    if task.process is None:
        return settings.SITE_URL
    return settings.SITE_URL + reverse(
        "followups:list", args=[task.organisation.slug, task.process.slug]
    )


def _subject(count: int) -> str:
    return ngettext(
        "Reminder: %(count)s task is due", "Reminder: %(count)s tasks are due", count
    ) % {"count": count}


@transaction.atomic
def reminders_send_due(*, today: date | None = None) -> int:
    """Send the due reminders; returns how many e-mails went out."""
    today = today or timezone.localdate()
    due = (
        Task.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            status=TaskStatus.OPEN,
            due_on__lte=today + timedelta(days=1),
            reminded_on__isnull=True,
            owner__isnull=False,
            owner__is_active=True,
            owner__reminders=True,
        )
        .exclude(owner__email="")
        .select_related("owner", "organisation", "process")
        .order_by("due_on", "id")
    )
    by_owner: dict[Any, list[Task]] = defaultdict(list)
    for task in due:
        by_owner[task.owner].append(task)
    for owner, tasks in by_owner.items():
        send_templated(
            to=owner.email,
            language=language_of(user=owner),
            subject=partial(_subject, len(tasks)),
            body_template="followups/email/due_reminder.txt",
            context={
                "owner": owner,
                "rows": [(task, _task_url(task)) for task in tasks],
                "today": today,
                "settings_url": settings.SITE_URL + reverse("accounts:settings"),
            },
        )
        Task.objects.filter(pk__in=[t.pk for t in tasks]).update(reminded_on=today)
    return len(by_owner)
