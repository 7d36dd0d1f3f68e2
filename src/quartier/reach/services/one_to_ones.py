from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.followups.services import task_create
from quartier.reach.models import Contact, OneToOne, ParticipationKind, ParticipationRole, Readiness
from quartier.reach.services.ledger import participation_record


@dataclass(frozen=True)
class FollowUp:
    """An agreed next step; ``by_contact`` means the person takes it on, else the organizer."""

    title: str
    due_on: date | None = None
    by_contact: bool = False


def _as_datetime(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


@transaction.atomic
def one_to_one_record(
    *,
    contact: Contact,
    actor: Any,
    held_on: date,
    readiness: int,
    held_by: Any = None,
    interests: str = "",
    concerns: str = "",
    motivation: str = "",
    notes: str = "",
    process: Any = None,
    follow_ups: Sequence[FollowUp] = (),
) -> OneToOne:
    """Record a one-to-one, its follow-up tasks, and both sides in the participation ledger."""
    if contact.is_erased:
        raise DomainError(_("This person has been erased."), code="erased")
    if readiness not in Readiness.values:
        raise DomainError(_("Readiness must be between 1 and 5."), code="readiness")
    if held_on > timezone.localdate():
        raise DomainError(
            _("A one-to-one cannot be recorded for a future date."), code="future_date"
        )
    held_by = held_by or actor
    one_to_one = OneToOne.objects.create(
        organisation=contact.organisation,
        contact=contact,
        held_by=held_by,
        held_on=held_on,
        readiness=readiness,
        interests=interests.strip(),
        concerns=concerns.strip(),
        motivation=motivation.strip(),
        notes=notes.strip(),
        process=process,
    )
    occurred_at = _as_datetime(held_on)
    participation_record(
        contact=contact,
        source=one_to_one,
        kind=ParticipationKind.ONE_TO_ONE,
        role=ParticipationRole.ATTENDEE,
        occurred_at=occurred_at,
        process=process,
    )
    # The holder's own leadership path counts the one-to-ones they held, if they are a contact too.
    holder_contact = Contact.objects.filter(
        organisation=contact.organisation, user=held_by, erased_at__isnull=True
    ).first()
    if holder_contact is not None and holder_contact != contact:
        participation_record(
            contact=holder_contact,
            source=one_to_one,
            kind=ParticipationKind.ONE_TO_ONE,
            role=ParticipationRole.HOST,
            occurred_at=occurred_at,
            process=process,
        )
    for follow_up in follow_ups:
        if not follow_up.title.strip():
            continue
        task_create(
            organisation=contact.organisation,
            actor=actor,
            title=follow_up.title,
            process=process,
            due_on=follow_up.due_on,
            source=one_to_one,
            owner_contact=contact if follow_up.by_contact else None,
            owner=None if follow_up.by_contact else held_by,
        )
    audit_record(
        action="one_to_one.recorded",
        actor=actor,
        organisation=contact.organisation,
        target=one_to_one,
        data={"contact": contact.pk},
    )
    return one_to_one
