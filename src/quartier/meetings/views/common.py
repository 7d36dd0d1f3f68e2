"""Lookups and responses shared by the meeting views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from quartier.meetings.models import Meeting
from quartier.meetings.selectors.meetings import (
    meeting_get_for_user,
    meeting_timer,
    phase_plan,
    process_for_meetings,
)
from quartier.processes.models import Process


def get_process(request: HttpRequest, org_slug: str, process_slug: str) -> Process:
    return process_for_meetings(user=request.user, org_slug=org_slug, process_slug=process_slug)


def get_meeting(
    request: HttpRequest,
    org_slug: str,
    process_slug: str,
    pk: int,
    perm: str = "meetings.view_meeting",
) -> Meeting:
    process = get_process(request, org_slug, process_slug)
    return meeting_get_for_user(user=request.user, process=process, pk=pk, perm=perm)


def meeting_url(meeting: Meeting, name: str, *extra: Any) -> str:
    return reverse(
        f"meetings:{name}",
        args=[meeting.organisation.slug, meeting.process.slug, meeting.pk, *extra],
    )


def back(request: HttpRequest, meeting: Meeting, default: str = "run") -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(meeting_url(meeting, default))


def state_context(request: HttpRequest, meeting: Meeting, *, view: str) -> dict[str, Any]:
    plan = phase_plan(meeting=meeting)
    current = next((row for row in plan if row.state == "current"), None)
    position = plan.index(current) + 1 if current else 0
    return {
        "meeting": meeting,
        "organisation": meeting.organisation,
        "process": meeting.process,
        "timer": meeting_timer(meeting=meeting),
        "phase": meeting.current_phase,
        "phase_position": position,
        "phase_count": len(plan),
        "plan": plan,
        # one phase back is possible from the second phase on, or after the last one
        "has_previous": position > 1 or (current is None and any(r.phase.ended_at for r in plan)),
        "view": view,
        "can_run": request.user.has_perm("meetings.run_meeting", meeting),
    }


def render_state(request: HttpRequest, meeting: Meeting, view: str) -> HttpResponse:
    return render(request, "meetings/state.html", state_context(request, meeting, view=view))


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
