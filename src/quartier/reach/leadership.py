"""The leadership path of a person, derived from records and never typed by hand (seed 000).

It reads only the participation ledger and, read-only, the groups app: one-to-ones the
person held, meetings and events they organized or moderated, groups they lead, and
trainings they attended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from quartier.reach.models import Contact, Participation, ParticipationKind, ParticipationRole

LEADING_ROLES = (ParticipationRole.ORGANIZER, ParticipationRole.MODERATOR, ParticipationRole.HOST)


@dataclass(frozen=True)
class Step:
    when: date
    what: str
    label: str


@dataclass
class LeadershipPath:
    one_to_ones_held: int = 0
    meetings_led: int = 0
    groups_led: int = 0
    trainings: int = 0
    steps: list[Step] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.one_to_ones_held + self.meetings_led + self.groups_led + self.trainings


def _led_groups(contact: Contact) -> list[tuple[str, str]]:
    from quartier.groups.models import Group

    condition = Q(members__contact=contact, members__role="moderator")
    if contact.user_id:
        condition |= Q(moderator_id=contact.user_id)
    groups = (
        Group.objects.filter(process__organisation_id=contact.organisation_id)
        .filter(condition)
        .distinct()
    )
    return [(str(group.pk), group.title) for group in groups]


def leadership_path(*, contact: Contact) -> LeadershipPath:
    path = LeadershipPath()
    ledger = Participation.objects.filter(contact=contact)
    led_group_sources: set[str] = set()
    for row in ledger.order_by("occurred_at"):
        when = timezone.localtime(row.occurred_at).date()
        if row.kind == ParticipationKind.ONE_TO_ONE and row.role == ParticipationRole.HOST:
            path.one_to_ones_held += 1
        elif (
            row.kind in (ParticipationKind.MEETING, ParticipationKind.EVENT)
            and row.role in LEADING_ROLES
        ):
            path.meetings_led += 1
        elif row.kind == ParticipationKind.GROUP and row.role in (
            ParticipationRole.LEAD,
            ParticipationRole.MODERATOR,
        ):
            led_group_sources.add(row.source_id)
        elif row.kind == ParticipationKind.TRAINING:
            path.trainings += 1
        else:
            continue
        path.steps.append(
            Step(
                when=when,
                what=f"{row.get_kind_display()}: {row.get_role_display()}",
                label=row.label,
            )
        )
    for group_id, _title in _led_groups(contact):
        led_group_sources.add(group_id)
    path.groups_led = len(led_group_sources)
    return path
