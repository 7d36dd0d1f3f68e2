"""Replies without an account, the day-before reminder and the protocol by e-mail.

The accept/decline link carries a signed token naming the invitee (django.core.signing,
its own salt): whoever has the e-mail can answer for that invitation, and nothing else.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.audit.services import audit_record
from quartier.core.emails import language_of, send_templated
from quartier.core.errors import DomainError
from quartier.meetings.calendar import meeting_ics
from quartier.meetings.live import meeting_changed
from quartier.meetings.models import Invitee, Meeting, MeetingStatus
from quartier.reach.mentions import resolve_mentions

SALT = "quartier.meetings.reply"
REPLY_MAX_AGE = 60 * 60 * 24 * 120  # a link stays valid for four months


def reply_token(invitee: Invitee) -> str:
    return signing.dumps({"invitee": invitee.pk}, salt=SALT, compress=True)


def reply_url(invitee: Invitee) -> str:
    return settings.SITE_URL + reverse("meeting_reply", args=[reply_token(invitee)])


def invitee_for_token(token: str) -> Invitee:
    try:
        data = signing.loads(token, salt=SALT, max_age=REPLY_MAX_AGE)
    except signing.BadSignature:
        raise DomainError(_("This link is not valid (any more)."), code="bad_reply_link") from None
    invitee = (
        Invitee.objects.select_related("meeting", "meeting__organisation", "contact", "user")
        .filter(pk=data.get("invitee"))
        .first()
    )
    if invitee is None:
        raise DomainError(_("This invitation was withdrawn."), code="invitation_withdrawn")
    return invitee


def invitee_language(invitee: Invitee) -> str:
    return language_of(user=invitee.user, contact=invitee.contact)


def wants_reminders(invitee: Invitee) -> bool:
    return invitee.user is None or bool(invitee.user.reminders)


@transaction.atomic
def invitee_reply(*, invitee: Invitee, accept: bool) -> Invitee:
    if invitee.meeting.is_finished:
        raise DomainError(_("This meeting has already taken place."), code="meeting_finished")
    invitee.response = "accepted" if accept else "declined"
    invitee.responded_at = timezone.now()
    invitee.save(update_fields=["response", "responded_at"])
    audit_record(
        action=f"meeting.reply_{invitee.response}",
        organisation=invitee.meeting.organisation,
        target=invitee.meeting,
        data={"invitee": invitee.pk},
    )
    meeting_changed(invitee.meeting)
    return invitee


def _context(meeting: Meeting, invitee: Invitee) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "invitee": invitee,
        "format_title": meeting.manifest.title,
        "when": timezone.localtime(meeting.starts_at),
        "url": f"{settings.SITE_URL}{meeting.get_absolute_url()}",
        "reply_url": reply_url(invitee),
        "organisation": meeting.organisation,
    }


@transaction.atomic
def meeting_reminders_send(*, now: Any = None) -> int:
    """The day before a meeting: remind invitees who have not declined (once each)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    invitees = (
        Invitee.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            meeting__status=MeetingStatus.PLANNED,
            meeting__starts_at__date=tomorrow,
            reminded_at__isnull=True,
        )
        .exclude(email="")
        .exclude(response="declined")
        .select_related("meeting", "meeting__organisation", "user", "contact")
    )
    sent = 0
    for invitee in invitees:
        if not wants_reminders(invitee):
            continue
        meeting = invitee.meeting

        def subject(title: str = meeting.title) -> str:
            return _("Tomorrow: %(title)s") % {"title": title}

        send_templated(
            to=invitee.email,
            language=invitee_language(invitee),
            subject=subject,
            body_template="meetings/email/reminder.txt",
            context=_context(meeting, invitee),
        )
        Invitee.objects.filter(pk=invitee.pk).update(reminded_at=now)
        sent += 1
    return sent


def invitation_send(*, meeting: Meeting, invitee: Invitee, ics: bytes | str) -> None:
    send_templated(
        to=invitee.email,
        language=invitee_language(invitee),
        subject=lambda: _("Invitation: %(title)s") % {"title": meeting.title},
        body_template="meetings/email/invitation.txt",
        context=_context(meeting, invitee),
        attachments=[("einladung.ics", ics, "text/calendar; method=PUBLISH")],
    )


def protocol_send(*, meeting: Meeting) -> int:
    """The finished protocol to everyone who took part and has an address.

    The protocol never holds confidential case content (it is not generated from cases),
    and names are put in for the current people.
    """
    protocol = meeting.protocol
    body = resolve_mentions(protocol.body, organisation=meeting.organisation)
    people = meeting.invitees.filter(attended=True).exclude(email="")
    if not people.exists():
        people = meeting.invitees.exclude(email="").exclude(response="declined")
    sent = 0
    for invitee in people.select_related("user", "contact"):
        send_templated(
            to=invitee.email,
            language=invitee_language(invitee),
            subject=lambda: _("Protocol: %(title)s") % {"title": meeting.title},
            body_template="meetings/email/protocol.txt",
            context=_context(meeting, invitee) | {"body": body},
        )
        sent += 1
    return sent


def ics_for(meeting: Meeting) -> bytes | str:
    return meeting_ics(meeting)
