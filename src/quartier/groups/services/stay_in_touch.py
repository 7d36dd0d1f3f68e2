"""Stay in touch after an event, with consent.

A phone participant may leave a name and a way to be reached, choose what they want to
hear about and which of their topic groups they carry on with. They become a contact in
``reach`` (legal basis consent, the exact consent text kept), are recorded in the
participation ledger (coverage, key-person paths) and become members of the standing
groups that grew out of the topic groups they chose. Those who leave nothing stay
anonymous: nothing here is stored about them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.groups.models import StayInTouch
from quartier.groups.services.groups import retention_days
from quartier.groups.services.members import member_add

TOPICS = {
    "groups": _("News from the topic groups I chose"),
    "open_ends": _("Topics without a group that others want to take up (open ends)"),
    "volunteering": _("Where helpers are needed (volunteer board)"),
    "events": _("Invitations to the next events"),
}


class StayInTouchError(DomainError):
    code = "stay_in_touch_error"


def consent_text(*, organisation_name: str) -> str:
    return gettext(
        "I agree that %(org)s stores my name and the contact details I gave, to contact me "
        "about the topics I chose and to add me to the groups I chose. My details are "
        "reviewed and deleted after %(years)s years at the latest. I can withdraw my consent "
        "at any time, e.g. by answering any e-mail; then my details are deleted."
    ) % {"org": organisation_name, "years": max(1, retention_days() // 365)}


def _clean(name: str, email: str, phone: str) -> tuple[str, str, str]:
    name, email, phone = " ".join(name.split())[:200], email.strip(), phone.strip()[:50]
    if not name:
        raise StayInTouchError(_("Please give your name."), code="name_missing")
    if not email and not phone:
        raise StayInTouchError(
            _("Please give an e-mail address or a phone number."), code="reach_missing"
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise StayInTouchError(
                _("Please check the e-mail address: %(value)s"), code="email_invalid", value=email
            ) from None
    if phone and sum(ch.isdigit() for ch in phone) < 6:
        raise StayInTouchError(
            _("Please check the phone number: %(value)s"), code="phone_invalid", value=phone
        )
    return name, email, phone


@transaction.atomic
def stay_in_touch_record(
    *,
    participant: Any,
    name: str,
    email: str = "",
    phone: str = "",
    topics: Iterable[str] = (),
    topic_group_ids: Iterable[int] = (),
    consent: bool,
) -> StayInTouch:
    from quartier.reach.models import Contact
    from quartier.reach.services import contact_create, participation_record
    from quartier.wall.models import TopicGroup

    if not consent:
        raise StayInTouchError(
            _("Please tick the consent box; without it we cannot store your details."),
            code="consent_missing",
        )
    name, email, phone = _clean(name, email, phone)
    event = participant.event
    process = event.process
    organisation = process.organisation
    chosen_topics = [key for key in dict.fromkeys(topics) if key in TOPICS]
    mine = TopicGroup.objects.filter(event=event, members__participant=participant)
    chosen_groups = list(mine.filter(pk__in=list(topic_group_ids)).select_related("standing_group"))
    today = timezone.localdate()
    contact = participant.contact
    if contact is None or contact.is_erased:
        # A new contact every time: matching by e-mail on a public form would let anyone
        # attach themselves to someone else's record. Reach shows possible duplicates.
        contact = contact_create(
            organisation=organisation,
            actor=None,
            full_name=name,
            email=email,
            phone=phone,
            legal_basis="consent",
            consent_given_on=today,
            retention_until=today + timedelta(days=retention_days()),
            notes=gettext("Left their details at “%(event)s”.") % {"event": event.title},
        )
        participant.contact = contact
        participant.save(update_fields=["contact"])
    else:
        updates = {"email": email} if email and not contact.email else {}
        if phone and not contact.phone:
            updates["phone"] = phone
        if updates:
            Contact.objects.filter(pk=contact.pk).update(**updates)
    participation_record(
        contact=contact,
        source=event,
        kind="event",
        role="attendee",
        occurred_at=event.starts_at,
        process=process,
        label=event.title,
    )
    record, _created = StayInTouch.objects.update_or_create(
        event=event,
        contact=contact,
        defaults={
            "participant": participant,
            "topics": chosen_topics,
            "topic_groups": [g.pk for g in chosen_groups],
            "consent_text": consent_text(organisation_name=organisation.name),
            "consent_at": timezone.now(),
        },
    )
    for topic_group in chosen_groups:
        if topic_group.standing_group is not None:
            member_add(group=topic_group.standing_group, actor=None, contact=contact)
    audit_record(
        action="groups.stay_in_touch",
        organisation=organisation,
        target=contact,
        data={"event": event.pk, "topics": chosen_topics, "groups": record.topic_groups},
    )
    return record


def carry_on_contacts(*, topic_group: Any) -> list[Any]:
    """Who comes along when a topic group becomes a standing group: everyone who chose to
    carry on with it when leaving their details, and members already known to the
    organisation (through their account or as a registered walk-in). Someone who left
    details but did not choose this group is not added."""
    rows = list(StayInTouch.objects.filter(event_id=topic_group.event_id).select_related("contact"))
    chosen = [r.contact for r in rows if topic_group.pk in r.topic_groups]
    asked = {r.contact_id for r in rows}
    known = [
        m.participant.contact
        for m in topic_group.members.select_related("participant__contact")
        if m.participant.contact is not None and m.participant.contact_id not in asked
    ]
    return [c for c in dict.fromkeys([*chosen, *known]) if not c.is_erased]
