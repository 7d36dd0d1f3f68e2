"""Invitation e-mails with the meeting as a calendar file attached."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from quartier.audit.services import audit_record
from quartier.meetings.calendar import meeting_ics
from quartier.meetings.models import Meeting


@transaction.atomic
def invitations_send(*, meeting: Meeting, actor: Any, only_new: bool = False) -> int:
    """Send one e-mail per invitee with an address; returns how many went out."""
    invitees = meeting.invitees.exclude(email="")
    if only_new:
        invitees = invitees.filter(invited_at__isnull=True)
    ics = meeting_ics(meeting)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for invitee in invitees:
            context = {
                "meeting": meeting,
                "invitee": invitee,
                "format_title": meeting.manifest.title,
                "when": timezone.localtime(meeting.starts_at),
                "url": f"{settings.SITE_URL}{meeting.get_absolute_url()}",
                "organisation": meeting.organisation,
            }
            message = EmailMessage(
                subject=_("Invitation: %(title)s") % {"title": meeting.title},
                body=render_to_string("meetings/email/invitation.txt", context),
                to=[invitee.email],
            )
            message.attach("einladung.ics", ics, "text/calendar; method=PUBLISH")
            message.send()
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
