"""Open ends: topics that found no group, kept so that others can pick them up."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.events.live import event_lock, live_append
from quartier.events.models import Event
from quartier.wall.errors import WallError
from quartier.wall.models import Card, CardStatus, Category, Interest, OpenEnd, OpenEndStatus
from quartier.wall.payloads import card_data


@transaction.atomic
def open_ends_collect(*, event: Event, actor: Any) -> list[OpenEnd]:
    """Every visible card without a topic group becomes an open end of the process."""
    locked = event_lock(event.pk)
    cards = (
        Card.objects.filter(
            event=locked,
            status=CardStatus.VISIBLE,
            topic_groups__isnull=True,
            open_end_entry__isnull=True,
        )
        .select_related("category")
        .annotate(n=Count("votes"))
    )
    created = [
        OpenEnd.objects.create(
            process=locked.process,
            card=card,
            title=card.title,
            text=card.text,
            category=card.category.label,
            votes=card.n,
        )
        for card in cards
    ]
    if created:
        audit_record(
            action="wall.open_ends",
            actor=actor,
            organisation=locked.process.organisation,
            target=locked,
            data={"count": len(created)},
        )
    return created


@transaction.atomic
def open_end_interest(
    *, open_end: OpenEnd, name: str, contact: str, message: str, consent: bool, user: Any = None
) -> Interest:
    """Someone says "I'm interested" on the public page; only with explicit consent."""
    if not consent:
        raise WallError(
            _("Please agree that we may store your details to contact you."), code="consent_missing"
        )
    name, contact = name.strip(), contact.strip()
    if not name or not contact:
        raise WallError(
            _("Please give a name and an e-mail address or phone number."),
            code="interest_incomplete",
        )
    if open_end.status == OpenEndStatus.CLOSED:
        raise WallError(_("This topic is closed."), code="open_end_closed")
    return Interest.objects.create(
        open_end=open_end,
        name=name[:100],
        contact=contact[:200],
        message=message.strip()[:500],
        consent_at=timezone.now(),
        user=user if getattr(user, "is_authenticated", False) else None,
    )


@transaction.atomic
def open_end_revive(*, open_end: OpenEnd, event: Event, actor: Any) -> Card:
    """Bring an open end back onto the wall of a (later) event of the same process."""
    if event.process_id != open_end.process_id:
        raise WallError(_("Choose an event of the same process."), code="open_end_foreign_event")
    locked = event_lock(event.pk)
    category = (
        Category.objects.filter(event=locked, label=open_end.category).first()
        or Category.objects.filter(event=locked).last()
    )
    if category is None:
        raise WallError(_("The event has no categories."), code="category_missing")
    card = Card.objects.create(
        event=locked, category=category, title=open_end.title, text=open_end.text, open_end=open_end
    )
    open_end.status = OpenEndStatus.REVIVED
    open_end.save(update_fields=["status"])
    live_append(event_id=locked.pk, kind="card", data=card_data(card))
    audit_record(
        action="wall.open_end_revive",
        actor=actor,
        organisation=locked.process.organisation,
        target=card,
    )
    return card
