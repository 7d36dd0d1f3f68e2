"""The open tasks a person owns, for their "For me" overview."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.core.personal import PersonalItem, personal_section
from quartier.followups.models import Task, TaskStatus


@personal_section(key="tasks", order=300, heading=gettext_lazy("My tasks"))
def my_tasks(user: Any, organisation: Any) -> list[PersonalItem]:
    tasks = (
        Task.objects.filter(owner=user, organisation=organisation, status=TaskStatus.OPEN)
        .select_related("process", "process__organisation")
        .order_by("due_on", "id")[:20]
    )
    return [
        PersonalItem(
            title=task.title,
            url=_task_list_url(user, task),
            detail=(
                _("due on %(date)s") % {"date": date_format(task.due_on, "SHORT_DATE_FORMAT")}
                if task.due_on
                else task.source_label
            ),
        )
        for task in tasks
    ]


def _task_list_url(user: Any, task: Task) -> str:
    """The process's task list, where the owner marks it done, if they may open it."""
    if task.process is None or not user.has_perm("processes.view_process", task.process):
        return ""
    return reverse("followups:list", args=[task.organisation.slug, task.process.slug])
