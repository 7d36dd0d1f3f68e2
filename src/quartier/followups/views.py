"""Tasks of a process (optionally of one meeting): list, mark done, reopen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.followups import selectors
from quartier.followups.models import TaskStatus
from quartier.followups.services import task_set_status
from quartier.meetings.selectors.meetings import (
    meeting_get_for_user,
    meeting_list_for_user,
    process_for_meetings,
)


@login_required
def task_list(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
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
            "nav": "processes",
        },
    )


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
