"""Participants' data has a retention period: once an event's date has passed, the
names, browser tokens and pair partners of its participants are deleted.

What people wrote and voted stays as anonymous content, so tallies, reports and open
ends keep their counts. Whoever left their details with consent lives on as a reach
contact (and group member); only the link from that contact to the anonymous
participant row goes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.events.live import event_lock
from quartier.events.models import MAX_RETENTION_DAYS, Event, PairSeat, Participant, Receipt
from quartier.events.selectors import live_actors_forget
from quartier.events.services import EventError


@dataclass(frozen=True)
class PurgeCounts:
    names: int = 0
    contact_links: int = 0
    receipts: int = 0
    pair_seats: int = 0
    stay_in_touch_links: int = 0
    topic_group_hosts: int = 0

    @property
    def total(self) -> int:
        return sum(asdict(self).values())


@transaction.atomic
def event_retention_set(*, event: Event, actor: Any, days: int) -> Event:
    """Change how long participants' data is kept (the organizers decide per event)."""
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise EventError(
            _("Keep the data between 1 and %(max)s days."),
            code="retention_out_of_range",
            max=MAX_RETENTION_DAYS,
        )
    locked = event_lock(event.pk)
    before = locked.retention_days
    if before != days:
        locked.retention_days = days
        locked.save(update_fields=["retention_days"])
        audit_record(
            action="event.retention",
            actor=actor,
            organisation=locked.process.organisation,
            target=locked,
            data={"days": days, "before": before},
        )
    return locked


@transaction.atomic
def event_participants_purge(*, event: Event, now: datetime | None = None) -> PurgeCounts:
    """Delete participants' personal data once the retention date has passed.

    Nothing happens before the date; a second run finds nothing left and writes nothing.
    Participant rows stay (nameless) so cards, supports, votes and group memberships
    keep their counts.
    """
    from quartier.groups.models import StayInTouch
    from quartier.wall.models import TopicGroup

    locked = event_lock(event.pk)
    now = now or timezone.now()
    if locked.participants_purge_on > now:
        return PurgeCounts()
    participants = Participant.objects.filter(event=locked)
    counts = PurgeCounts(
        names=participants.exclude(display_name="").update(display_name=""),
        contact_links=participants.filter(contact__isnull=False).update(contact=None),
        receipts=Receipt.objects.filter(event=locked).delete()[0],
        pair_seats=PairSeat.objects.filter(round__event=locked).delete()[0],
        # Consent records stay with the contact; only the way back to the participant goes.
        stay_in_touch_links=StayInTouch.objects.filter(
            event=locked, participant__isnull=False
        ).update(participant=None),
        topic_group_hosts=TopicGroup.objects.filter(event=locked).exclude(host="").update(host=""),
    )
    participants.filter(present=True).update(present=False)
    # This process's live room forgets the phones at once (another process within
    # selectors.ACTOR_SECONDS; the event is closed by then, so their actions are refused).
    transaction.on_commit(live_actors_forget)
    first_run = locked.participants_purged_at is None
    if first_run:
        locked.participants_purged_at = now
        locked.save(update_fields=["participants_purged_at"])
    if first_run or counts.total:
        audit_record(
            action="event.participants_purge",
            organisation=locked.process.organisation,
            target=locked,
            data={**asdict(counts), "participants": participants.count()},
        )
    return counts


def events_due_for_purge(*, now: datetime | None = None) -> list[Event]:
    """Events past their retention date that still hold participants' data."""
    now = now or timezone.now()
    candidates = (
        Event.objects.filter(starts_at__lte=now)
        .filter(
            Q(participants_purged_at__isnull=True)
            | Q(participants__display_name__gt="")
            | Q(participants__contact__isnull=False)
        )
        .distinct()
    )
    return [event for event in candidates if event.participants_purge_on <= now]


def events_participants_purge(*, now: datetime | None = None) -> int:
    """Purge every event that is due; returns how many events were purged."""
    due = events_due_for_purge(now=now)
    for event in due:
        event_participants_purge(event=event, now=now)
    return len(due)
