"""Coverage: how many people of each target group actually took part, from the ledger.

A person counts as reached when the participation ledger holds at least one entry for
them (an event, a meeting, a one-to-one, an interview, ...). Erased people keep their
(empty) rows and memberships, so coverage does not move when someone is erased.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from quartier.organisations.models import Organisation
from quartier.reach.models import Contact, Participation, Reachability, TargetGroup

BUCKETS = 5


@dataclass(frozen=True)
class Coverage:
    target_group: TargetGroup
    members: int
    reached: int

    @property
    def percent(self) -> int:
        return round(100 * self.reached / self.members) if self.members else 0

    @property
    def bucket(self) -> int:
        """0-4 for the heat map's colour classes; -1 when nobody is assigned yet."""
        if not self.members:
            return -1
        return min(BUCKETS - 1, self.reached * BUCKETS // self.members)


@dataclass(frozen=True)
class MatrixRow:
    level: str
    label: str
    cells: list[Coverage]


def coverage_for(*, organisation: Organisation) -> list[Coverage]:
    groups = (
        TargetGroup.objects.filter(organisation=organisation)
        .select_related("responsible")
        .annotate(
            member_count=Count("members", distinct=True),
            reached_count=Count(
                "members", filter=Q(members__participations__isnull=False), distinct=True
            ),
        )
    )
    return [
        Coverage(target_group=g, members=g.member_count, reached=g.reached_count) for g in groups
    ]


def matrix(*, organisation: Organisation) -> list[MatrixRow]:
    """Reachability in rows, highest first (as in seed 002); target groups inside."""
    cells = coverage_for(organisation=organisation)
    return [
        MatrixRow(
            level=level.value,
            label=str(level.label),
            cells=sorted(
                (c for c in cells if c.target_group.reachability == level),
                key=lambda c: c.target_group.name,
            ),
        )
        for level in Reachability
    ]


def focus_coverage(*, organisation: Organisation) -> tuple[int, int]:
    """(reached, members) over all focus groups, each person counted once."""
    members = Contact.objects.filter(
        target_groups__organisation=organisation, target_groups__is_focus=True
    ).distinct()
    reached = members.filter(Exists(Participation.objects.filter(contact=OuterRef("pk"))))
    return reached.count(), members.count()
