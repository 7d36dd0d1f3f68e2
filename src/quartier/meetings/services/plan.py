"""The phase plan of a meeting: reorder, re-time, add and remove phases, before and during
the meeting. The manifest's phases are only the starting point."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.meetings.live import meeting_changed
from quartier.meetings.models import Meeting, MeetingPhase


def _renumber(meeting: Meeting, ordered: list[MeetingPhase]) -> None:
    for index, phase in enumerate(ordered):
        if phase.position != index:
            phase.position = index
            phase.save(update_fields=["position"])


def _reopen_phases_to_come(meeting: Meeting) -> None:
    """After reordering, a phase that now comes after the current one is to come, not done."""
    current = Meeting.objects.select_related("current_phase").get(pk=meeting.pk).current_phase
    if current is None:
        return
    meeting.phases.filter(position__gt=current.position, ended_at__isnull=False).update(
        ended_at=None, skipped=False
    )


@transaction.atomic
def phase_move(*, phase: MeetingPhase, actor: Any, offset: int) -> None:
    meeting = phase.meeting
    ordered = list(meeting.phases.order_by("position", "id"))
    index = next(i for i, p in enumerate(ordered) if p.pk == phase.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    _renumber(meeting, ordered)
    _reopen_phases_to_come(meeting)
    audit_record(
        action="meeting.phase_moved",
        actor=actor,
        organisation=meeting.organisation,
        target=meeting,
        data={"phase": phase.pk, "to": target},
    )
    meeting_changed(meeting)


@transaction.atomic
def phase_update(*, phase: MeetingPhase, actor: Any, minutes: int, title: str = "") -> None:
    if minutes < 0 or minutes > 600:
        raise DomainError(
            _("A phase lasts between 0 and 600 minutes, not %(minutes)s."),
            code="bad_minutes",
            minutes=minutes,
        )
    phase.minutes = minutes
    phase.custom_title = title.strip()[:200]
    phase.save(update_fields=["minutes", "custom_title"])
    audit_record(
        action="meeting.phase_changed",
        actor=actor,
        organisation=phase.meeting.organisation,
        target=phase.meeting,
        data={"phase": phase.pk, "minutes": minutes},
    )
    meeting_changed(phase.meeting)


@transaction.atomic
def phase_add(*, meeting: Meeting, actor: Any, title: str, minutes: int) -> MeetingPhase:
    if not title.strip():
        raise DomainError(_("Give the new phase a title."), code="phase_title_missing")
    last = meeting.phases.aggregate(last=Max("position"))["last"]
    phase = MeetingPhase.objects.create(
        meeting=meeting,
        position=(last or 0) + 1,
        custom_title=title.strip()[:200],
        minutes=max(0, min(600, minutes)),
    )
    audit_record(
        action="meeting.phase_added",
        actor=actor,
        organisation=meeting.organisation,
        target=meeting,
    )
    meeting_changed(meeting)
    return phase


@transaction.atomic
def phase_remove(*, phase: MeetingPhase, actor: Any) -> None:
    meeting = Meeting.objects.get(pk=phase.meeting_id)  # the caller's copy may be stale
    if meeting.current_phase_id == phase.pk:
        raise DomainError(
            _("The running phase cannot be removed. Skip it first."), code="phase_running"
        )
    if meeting.phases.count() <= 1:
        raise DomainError(_("A meeting needs at least one phase."), code="last_phase")
    phase.delete()
    _renumber(meeting, list(meeting.phases.order_by("position", "id")))
    audit_record(
        action="meeting.phase_removed",
        actor=actor,
        organisation=meeting.organisation,
        target=meeting,
    )
    meeting_changed(meeting)
