"""Reading meetings with access checks: 404 for people who may not see, 403 for those who
may see but not act."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from quartier.meetings.models import Meeting, MeetingPhase
from quartier.meetings.rules import can_add_meeting, moderated_groups, on_team
from quartier.meetings.timer import TimerState, timer_state
from quartier.organisations.rules import is_org_organizer
from quartier.organisations.selectors import organisation_get_for_user
from quartier.processes.models import Process


def process_for_meetings(*, user: Any, org_slug: str, process_slug: str) -> Process:
    """The process, if the user sees it or moderates one of its groups (key persons)."""
    organisation = organisation_get_for_user(user=user, slug=org_slug)
    process = (
        organisation.processes.filter(slug=process_slug).select_related("organisation").first()
    )
    if process is None:
        raise Http404
    if user.has_perm("processes.view_process", process) or can_add_meeting(user, process):
        return process
    if user.is_authenticated and (
        Meeting.objects.filter(process=process)
        .filter(Q(invitees__user=user) | Q(moderator=user))
        .exists()
    ):
        return process
    raise Http404


def meeting_list_for_user(*, user: Any, process: Process, query: str = "") -> QuerySet[Meeting]:
    """Meetings the user may see; ``query`` searches titles, places, notes, topics, concerns
    and decisions, never case content (cases are not searched at all)."""
    meetings = Meeting.objects.filter(process=process).select_related("moderator", "group")
    if not (is_org_organizer(user, process.organisation) or on_team(user, process)):
        meetings = meetings.filter(
            Q(moderator=user)
            | Q(invitees__user=user)
            | Q(group__in=moderated_groups(user, process))
        ).distinct()
    query = query.strip()
    if query:
        meetings = meetings.filter(
            Q(title__icontains=query)
            | Q(place__icontains=query)
            | Q(summary__icontains=query)
            | Q(result_note__icontains=query)
            | Q(phases__notes__icontains=query)
            | Q(topics__title__icontains=query)
            | Q(concerns__title__icontains=query)
            | Q(decisions__text__icontains=query)
        ).distinct()
    return meetings.order_by("-starts_at", "id")


def meeting_get_for_user(
    *, user: Any, process: Process, pk: int, perm: str = "meetings.view_meeting"
) -> Meeting:
    meeting = (
        Meeting.objects.select_related(
            "organisation", "process", "moderator", "group", "current_phase", "place_ref"
        )
        .filter(process=process, pk=pk)
        .first()
    )
    if meeting is None or not user.has_perm("meetings.view_meeting", meeting):
        raise Http404
    if not user.has_perm(perm, meeting):
        raise PermissionDenied
    return meeting


def phase_get(*, meeting: Meeting, pk: int) -> MeetingPhase:
    phase = meeting.phases.filter(pk=pk).first()
    if phase is None:
        raise Http404
    return phase


def meeting_timer(*, meeting: Meeting) -> TimerState | None:
    phase = meeting.current_phase
    if phase is None:
        return None
    return timer_state(
        duration=phase.duration_seconds,
        elapsed_before=meeting.timer_elapsed,
        running_since=meeting.timer_running_since,
    )


@dataclass(frozen=True)
class PhaseRow:
    phase: MeetingPhase
    state: str  # "done", "skipped", "current", "next"


def phase_plan(*, meeting: Meeting) -> list[PhaseRow]:
    rows = []
    for phase in meeting.phases.order_by("position", "id"):
        if phase.pk == meeting.current_phase_id:
            state = "current"
        elif phase.skipped:
            state = "skipped"
        elif phase.ended_at:
            state = "done"
        else:
            state = "next"
        rows.append(PhaseRow(phase=phase, state=state))
    return rows


def participant_count(*, meeting: Meeting) -> int:
    attended = meeting.invitees.filter(attended=True).count()
    return attended or meeting.invitees.count()


def meetings_upcoming(*, user: Any, process: Process, limit: int = 5) -> list[Meeting]:
    now = timezone.now() - timedelta(hours=6)
    visible = meeting_list_for_user(user=user, process=process)
    upcoming = list(visible.filter(starts_at__gte=now).order_by("starts_at")[:limit])
    recent = list(visible.filter(starts_at__lt=now).order_by("-starts_at")[: max(0, limit - 2)])
    return upcoming + recent
