"""A reminder for the next meeting of a standing group, sent when the moderator asks.

The day-before reminder of every meeting, group meetings included, is the worker's job in
``meetings`` (it honours declines, languages and opt-outs). Invitees reminded here are
marked as reminded, so nobody gets both.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from quartier.audit.services import audit_record
from quartier.core.emails import mail_queue
from quartier.core.errors import DomainError
from quartier.groups.models import MeetingReminder


@transaction.atomic
def meeting_reminder_send(*, meeting: Any, actor: Any = None) -> MeetingReminder:
    if meeting.group_id is None:
        raise DomainError(_("Only meetings of a group get reminders here."), code="no_group")
    if meeting.starts_at < timezone.now():
        raise DomainError(_("The meeting is over."), code="meeting_over")
    if MeetingReminder.objects.filter(meeting=meeting).exists():
        raise DomainError(_("The reminder was sent already."), code="reminded")
    when = timezone.localtime(meeting.starts_at)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for invitee in meeting.invitees.exclude(email="").exclude(response="declined"):
            mail_queue(
                subject=_("Reminder: %(title)s") % {"title": meeting.title},
                body=_(
                    "Hello %(name)s,\n\nthis is a reminder of “%(title)s” on %(when)s%(place)s.\n\n"
                    "More about the meeting: %(url)s"
                )
                % {
                    "name": invitee.name,
                    "title": meeting.title,
                    "when": when.strftime("%d.%m.%Y %H:%M"),
                    "place": f", {meeting.place_display}" if meeting.place_display else "",
                    "url": f"{settings.SITE_URL}{meeting.get_absolute_url()}",
                },
                to=[invitee.email],
            )
            invitee.reminded_at = timezone.now()
            invitee.save(update_fields=["reminded_at"])
            sent += 1
    reminder = MeetingReminder.objects.create(
        meeting=meeting, sent_at=timezone.now(), recipients=sent
    )
    audit_record(
        action="groups.meeting_reminder",
        actor=actor,
        organisation=meeting.organisation,
        target=meeting,
        data={"recipients": sent},
    )
    return reminder
