"""Run a meeting: the timer (start, pause, extend, skip, next) and notes per phase.

The timer is held on the server as ``timer_running_since`` plus ``timer_elapsed``; a
device that reloads, or joins late, computes the same remaining time from those.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.meetings.live import meeting_changed
from quartier.meetings.models import Meeting, MeetingPhase, MeetingStatus

TIMER_FIELDS = ["current_phase", "timer_running_since", "timer_elapsed", "status", "started_at"]


def _locked(meeting: Meeting) -> Meeting:
    """Reload with a row lock so two devices pressing buttons at once do not lose a step."""
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("current_phase")
        .get(pk=meeting.pk)
    )


def _ensure_open(meeting: Meeting) -> None:
    if meeting.is_finished:
        raise DomainError(_("This meeting has already finished."), code="meeting_finished")


def _begin(meeting: Meeting, phase: MeetingPhase | None, *, running: bool) -> None:
    now = timezone.now()
    meeting.current_phase = phase
    meeting.timer_elapsed = 0
    meeting.timer_running_since = now if running and phase is not None else None
    if phase is not None and phase.started_at is None:
        phase.started_at = now
        phase.save(update_fields=["started_at"])


def _audit(meeting: Meeting, actor: Any, action: str, **data: Any) -> None:
    audit_record(
        action=f"meeting.timer_{action}",
        actor=actor,
        organisation=meeting.organisation,
        target=meeting,
        data=data,
    )


@transaction.atomic
def timer_start(*, meeting: Meeting, actor: Any) -> Meeting:
    meeting = _locked(meeting)
    _ensure_open(meeting)
    now = timezone.now()
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.RUNNING
        meeting.started_at = now
    if meeting.current_phase is None:
        first = meeting.phases.filter(ended_at__isnull=True).order_by("position", "id").first()
        if first is None:
            raise DomainError(_("Every phase is done."), code="no_phase_left")
        _begin(meeting, first, running=True)
    elif meeting.timer_running_since is None:
        meeting.timer_running_since = now
    meeting.save(update_fields=TIMER_FIELDS)
    _audit(meeting, actor, "started", phase=meeting.current_phase_id)
    meeting_changed(meeting)
    return meeting


@transaction.atomic
def timer_pause(*, meeting: Meeting, actor: Any) -> Meeting:
    meeting = _locked(meeting)
    _ensure_open(meeting)
    if meeting.timer_running_since is not None:
        elapsed = int((timezone.now() - meeting.timer_running_since).total_seconds())
        meeting.timer_elapsed += max(0, elapsed)
        meeting.timer_running_since = None
        meeting.save(update_fields=TIMER_FIELDS)
        _audit(meeting, actor, "paused", phase=meeting.current_phase_id)
        meeting_changed(meeting)
    return meeting


@transaction.atomic
def timer_extend(*, meeting: Meeting, actor: Any, minutes: int) -> Meeting:
    meeting = _locked(meeting)
    _ensure_open(meeting)
    phase = meeting.current_phase
    if phase is None:
        raise DomainError(_("Start the meeting first."), code="not_started")
    if not 1 <= minutes <= 60:
        raise DomainError(
            _("Extend by 1 to 60 minutes, not %(minutes)s."), code="bad_extension", minutes=minutes
        )
    phase.extra_seconds += minutes * 60
    phase.save(update_fields=["extra_seconds"])
    _audit(meeting, actor, "extended", phase=phase.pk, minutes=minutes)
    meeting_changed(meeting)
    return meeting


def _advance(meeting: Meeting, actor: Any, *, skipped: bool) -> Meeting:
    meeting = _locked(meeting)
    _ensure_open(meeting)
    now = timezone.now()
    running = meeting.timer_running_since is not None or meeting.current_phase is None
    current = meeting.current_phase
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.RUNNING
        meeting.started_at = now
    if current is not None:
        current.ended_at = now
        current.skipped = skipped
        current.save(update_fields=["ended_at", "skipped"])
        following = (
            meeting.phases.filter(position__gt=current.position, ended_at__isnull=True)
            .order_by("position", "id")
            .first()
        )
        if following is None:  # a phase moved before this one that has not been held yet
            following = (
                meeting.phases.filter(ended_at__isnull=True)
                .exclude(pk=current.pk)
                .order_by("position", "id")
                .first()
            )
    else:
        following = meeting.phases.filter(ended_at__isnull=True).order_by("position", "id").first()
        if skipped and following is not None:
            following.ended_at = now
            following.skipped = True
            following.save(update_fields=["ended_at", "skipped"])
            following = (
                meeting.phases.filter(position__gt=following.position, ended_at__isnull=True)
                .order_by("position", "id")
                .first()
            )
    _begin(meeting, following, running=running)
    meeting.save(update_fields=TIMER_FIELDS)
    _audit(
        meeting,
        actor,
        "skipped" if skipped else "next",
        phase=meeting.current_phase_id,
    )
    meeting_changed(meeting)
    return meeting


@transaction.atomic
def phase_next(*, meeting: Meeting, actor: Any) -> Meeting:
    return _advance(meeting, actor, skipped=False)


@transaction.atomic
def phase_skip(*, meeting: Meeting, actor: Any) -> Meeting:
    return _advance(meeting, actor, skipped=True)


@transaction.atomic
def phase_back(*, meeting: Meeting, actor: Any) -> Meeting:
    """Go back one phase (one click too many on "next" is not a dead end).

    The phase left and the one returned to are both open again: neither counts as done or
    skipped until the meeting moves past them once more. Notes and results stay.
    """
    meeting = _locked(meeting)
    _ensure_open(meeting)
    phases = list(meeting.phases.order_by("position", "id"))
    current = meeting.current_phase
    if current is not None:
        index = next(i for i, p in enumerate(phases) if p.pk == current.pk)
        previous = phases[index - 1] if index > 0 else None
    else:
        held = [p for p in phases if p.ended_at is not None]
        previous = held[-1] if held else None
    if previous is None:
        raise DomainError(
            _("This is the first phase; there is no phase before it."), code="first_phase"
        )
    running = meeting.timer_running_since is not None
    for phase in (current, previous):
        if phase is not None:
            phase.ended_at = None
            phase.skipped = False
            phase.save(update_fields=["ended_at", "skipped"])
    _begin(meeting, previous, running=running)
    meeting.save(update_fields=TIMER_FIELDS)
    _audit(meeting, actor, "back", phase=previous.pk)
    meeting_changed(meeting)
    return meeting


@transaction.atomic
def phase_notes_save(*, phase: MeetingPhase, actor: Any, notes: str) -> MeetingPhase:
    if "notes" not in phase.tools:
        raise DomainError(_("This phase takes no notes."), code="no_notes")
    phase.notes = notes.strip()
    phase.save(update_fields=["notes"])
    audit_record(
        action="meeting.notes_saved",
        actor=actor,
        organisation=phase.meeting.organisation,
        target=phase.meeting,
        data={"phase": phase.pk},
    )
    meeting_changed(phase.meeting)
    return phase
