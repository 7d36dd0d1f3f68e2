"""The meeting as an iCalendar event (for download and as an e-mail attachment).

Only the meeting's title, time, place and a link go in; never notes or cases.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from quartier.meetings.models import Meeting


def meeting_ics(meeting: Meeting) -> bytes:
    minutes = sum(meeting.phases.values_list("minutes", flat=True)) or 60
    calendar = Calendar()
    calendar.add("prodid", "-//Quartier//Meetings//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@quartier")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=minutes))
    event.add("summary", meeting.title)
    event.add("sequence", meeting.state_version)
    if meeting.place_display:
        event.add("location", meeting.place_display)
    event.add("url", f"{settings.SITE_URL}{meeting.get_absolute_url()}")
    event.add("description", f"{meeting.manifest.title} · {meeting.process.title}")
    if meeting.moderator and meeting.moderator.email:
        organizer = vCalAddress(f"mailto:{meeting.moderator.email}")
        organizer.params["cn"] = vText(str(meeting.moderator))
        event.add("organizer", organizer)
    calendar.add_component(event)
    return calendar.to_ical()
