"""The open tasks a person owns, for their "For me" overview."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.core.personal import PersonalItem, personal_section
from quartier.followups.models import Task, TaskStatus


@personal_section(key="tasks", order=300, heading=gettext_lazy("My tasks"))
def my_tasks(user: Any, organisation: Any) -> list[PersonalItem]:
    tasks = Task.objects.filter(
        owner=user, organisation=organisation, status=TaskStatus.OPEN
    ).order_by("due_on", "id")[:20]
    return [
        PersonalItem(
            title=task.title,
            detail=(
                _("due on %(date)s") % {"date": date_format(task.due_on, "SHORT_DATE_FORMAT")}
                if task.due_on
                else task.source_label
            ),
        )
        for task in tasks
    ]
