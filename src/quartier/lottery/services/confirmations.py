"""Step 8: confirmations by e-mail (after commit) and the selected panel as the event's
invitee list."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.lottery.models import EventInvitee, Lottery, Registration, Status
from quartier.lottery.services.selection import latest_draw


def confirmation_text(registration: Registration) -> tuple[str, str]:
    """Subject and body for one person, by outcome (German first, as the letters)."""
    lottery = registration.lottery
    when = formats.date_format(lottery.event_date, "j. F Y")
    greeting = gettext("Dear %(name)s,") % {"name": registration.full_name}
    if registration.status == Status.SELECTED:
        subject = gettext("You have been drawn: %(title)s") % {"title": lottery.title}
        text = gettext(
            "you have been drawn for “%(title)s” on %(date)s at %(place)s. We look forward to "
            "seeing you. If you cannot come, please tell us soon so that someone else can take "
            "your place."
        ) % {"title": lottery.title, "date": when, "place": lottery.place}
    elif registration.status == Status.RESERVE:
        subject = gettext("You are on the reserve list: %(title)s") % {"title": lottery.title}
        text = gettext(
            "thank you for registering for “%(title)s”. You are on the reserve list. If a seat "
            "becomes free, the replacement is drawn by lot among the registered people who keep "
            "the make-up of the group; if it is you, we will contact you before %(date)s."
        ) % {"title": lottery.title, "date": when}
    else:
        subject = gettext("Thank you for registering: %(title)s") % {"title": lottery.title}
        text = gettext(
            "thank you for registering for “%(title)s”. This time you were not drawn. "
            "The draw is public and can be checked by anyone."
        ) % {"title": lottery.title}
    return subject, f"{greeting}\n\n{text}\n"


@transaction.atomic
def confirmations_send(*, lottery: Lottery, actor: Any) -> dict[str, int]:
    """Mail everybody with an e-mail address; the rest get printable letters. Selected
    people become the event's invitee list."""
    if latest_draw(lottery) is None:
        raise DomainError(_("Draw the panel first."), code="not_drawn")
    now = timezone.now()
    mails: list[tuple[str, str, str]] = []
    counts = {"emails": 0, "letters": 0, "invitees": 0}
    for registration in lottery.registrations.exclude(status__in=[Status.CANCELLED, Status.POOL]):
        if registration.confirmation_sent_at is None:
            if registration.email:
                subject, body = confirmation_text(registration)
                mails.append((subject, body, registration.email))
                counts["emails"] += 1
            else:
                counts["letters"] += 1
            registration.confirmation_sent_at = now
            registration.save(update_fields=["confirmation_sent_at"])
        if registration.status == Status.SELECTED and lottery.event_id:
            _invitee, created = EventInvitee.objects.get_or_create(
                lottery=lottery, event_id=lottery.event_id, registration=registration
            )
            counts["invitees"] += int(created)
    lottery.confirmations_sent_at = now
    lottery.save(update_fields=["confirmations_sent_at"])
    audit_record(
        action="lottery.confirmations_sent",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
        data=counts,
    )

    def deliver() -> None:
        for subject, body, address in mails:
            send_mail(subject, body, None, [address], fail_silently=True)

    transaction.on_commit(deliver)
    return counts
