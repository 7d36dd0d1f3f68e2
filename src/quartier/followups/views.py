"""Tasks of a process (optionally of one meeting): list, mark done, reopen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.audit.services import export_logged
from quartier.core.tables import table_response
from quartier.followups import selectors
from quartier.followups.models import TaskStatus
from quartier.followups.services import task_set_status
from quartier.meetings.selectors.meetings import (
    meeting_get_for_user,
    meeting_list_for_user,
    process_for_meetings,
)


def _visible_tasks(request: HttpRequest, org_slug: str, process_slug: str) -> tuple[Any, ...]:
    """The process's tasks this user may see, with the meeting and status filters."""
    process = process_for_meetings(user=request.user, org_slug=org_slug, process_slug=process_slug)
    meeting = None
    if request.GET.get("meeting", "").isdigit():
        meeting = meeting_get_for_user(
            user=request.user, process=process, pk=int(request.GET["meeting"])
        )
    status = request.GET.get("status", "")
    if status not in TaskStatus.values:
        status = ""
    tasks = selectors.tasks_for_process(process=process, source=meeting, status=status)
    if meeting is None and not request.user.has_perm("processes.view_process", process):
        # Key persons outside the team see the tasks of the meetings they can see.
        visible = meeting_list_for_user(user=request.user, process=process)
        tasks = tasks.filter(
            source_type="meetings.meeting",
            source_id__in=[str(pk) for pk in visible.values_list("pk", flat=True)],
        )
    return process, meeting, status, tasks


@login_required
def task_list(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    process, meeting, status, tasks = _visible_tasks(request, org_slug, process_slug)
    rows = [(task, request.user.has_perm("followups.change_task", task)) for task in tasks]
    return render(
        request,
        "followups/task_list.html",
        {
            "organisation": process.organisation,
            "process": process,
            "meeting": meeting,
            "rows": rows,
            "status": status,
            "statuses": TaskStatus.choices,
            "here": request.get_full_path(),
            "query": request.GET.urlencode(),
            "nav": "processes",
        },
    )


@login_required
def task_export(request: HttpRequest, org_slug: str, process_slug: str, fmt: str) -> HttpResponse:
    """The same tasks as the list (next steps included) as CSV or XLSX, logged."""
    process, _meeting, _status, tasks = _visible_tasks(request, org_slug, process_slug)
    tasks = tasks.select_related("owner", "owner_contact")
    export_logged(
        what="tasks",
        actor=request.user,
        organisation=process.organisation,
        count=tasks.count(),
        fmt=fmt,
        target=process,
    )
    headers = [_("Task"), _("Owner"), _("Due on"), _("Status"), _("From")]
    rows = [
        [
            t.title,
            t.owner_display,
            formats.date_format(t.due_on, "SHORT_DATE_FORMAT") if t.due_on else "",
            t.get_status_display(),
            t.source_label,
        ]
        for t in tasks
    ]
    return table_response(fmt=fmt, filename="aufgaben", headers=headers, rows=rows)


@login_required
@require_POST
def task_status(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    process = process_for_meetings(user=request.user, org_slug=org_slug, process_slug=process_slug)
    task = selectors.task_get_for_user(user=request.user, process=process, pk=pk)
    status = request.POST.get("status", "")
    if status not in (TaskStatus.DONE, TaskStatus.OPEN):
        status = TaskStatus.OPEN
    task_set_status(task=task, actor=request.user, status=status)
    if status == TaskStatus.DONE:
        messages.success(request, _("“%(title)s” is done.") % {"title": task.title})
    else:
        messages.success(request, _("“%(title)s” is open again.") % {"title": task.title})
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(reverse("followups:list", args=[org_slug, process_slug]))
