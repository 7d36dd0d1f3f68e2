"""Invitation e-mails with the meeting as a calendar file attached."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from quartier.audit.services import audit_record
from quartier.meetings.calendar import meeting_ics
from quartier.meetings.models import Meeting
from quartier.meetings.services.replies import invitation_send


@transaction.atomic
def invitations_send(*, meeting: Meeting, actor: Any, only_new: bool = False) -> int:
    """Send one e-mail per invitee with an address; returns how many went out."""
    invitees = meeting.invitees.exclude(email="")
    if only_new:
        invitees = invitees.filter(invited_at__isnull=True)
    ics = meeting_ics(meeting)
    sent = 0
    for invitee in invitees.select_related("user", "contact"):
        invitation_send(meeting=meeting, invitee=invitee, ics=ics)
        invitee.invited_at = timezone.now()
        invitee.save(update_fields=["invited_at"])
        sent += 1
    audit_record(
        action="meeting.invitations_sent",
        actor=actor,
        organisation=meeting.organisation,
        target=meeting,
        data={"count": sent},
    )
    return sent
