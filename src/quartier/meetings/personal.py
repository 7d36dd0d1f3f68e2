"""The meetings a person is invited to, for their "For me" overview."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.core.personal import PersonalItem, personal_section
from quartier.meetings.models import Invitee, MeetingStatus


@personal_section(key="meetings", order=100, heading=gettext_lazy("My meetings"))
def my_meetings(user: Any, organisation: Any) -> list[PersonalItem]:
    """Meetings still to come (or running, or begun in the last hours), soonest first."""
    invitations = (
        Invitee.objects.filter(
            user=user,
            meeting__organisation=organisation,
            meeting__starts_at__gte=timezone.now() - timedelta(hours=6),
        )
        .exclude(meeting__status=MeetingStatus.FINISHED)
        .exclude(response="declined")
        .select_related(
            "meeting", "meeting__organisation", "meeting__process", "meeting__place_ref"
        )
        .order_by("meeting__starts_at")[:10]
    )
    replies = {"accepted": _("you accepted"), "": _("no reply yet")}
    items = []
    for invitation in invitations:
        meeting = invitation.meeting
        when = date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
        parts = [when, meeting.place_display, replies.get(invitation.response, "")]
        items.append(
            PersonalItem(
                title=meeting.title,
                url=meeting.get_absolute_url(),
                detail=" · ".join(part for part in parts if part),
            )
        )
    return items
