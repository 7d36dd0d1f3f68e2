"""Reads for the wall: cards with tallies, the voting state, groups, open ends."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from quartier.engine.topics import BreadthHint, breadth
from quartier.events.models import Event, Participant
from quartier.processes.models import Process
from quartier.wall.models import (
    Card,
    CardStatus,
    Category,
    OpenEnd,
    OpenEndStatus,
    TopicGroup,
    Vote,
    Voting,
)


def categories(*, event: Event) -> QuerySet[Category]:
    return event.categories.order_by("order", "pk")


def cards_on_wall(*, event: Event, include_hidden: bool = False) -> QuerySet[Card]:
    statuses = [CardStatus.VISIBLE, CardStatus.HIDDEN] if include_hidden else [CardStatus.VISIBLE]
    return (
        Card.objects.filter(event=event, status__in=statuses)
        .select_related("category")
        .annotate(
            vote_count=Count("votes", distinct=True),
            supporter_count=Count("supporters", distinct=True),
        )
        .order_by("-pinned", "created_at", "pk")
    )


def wall_columns(
    *, event: Event, include_hidden: bool = False
) -> list[tuple[Category, list[Card]]]:
    cards = list(cards_on_wall(event=event, include_hidden=include_hidden))
    return [
        (category, [c for c in cards if c.category_id == category.pk])
        for category in categories(event=event)
    ]


def card_get(*, event: Event, pk: object) -> Card:
    card = Card.objects.filter(event=event, pk=str(pk)).first() if str(pk).isdigit() else None
    if card is None:
        raise Http404
    return card


def voting_of(*, event: Event) -> Voting:
    return Voting.objects.get_or_create(event=event)[0]


@dataclass(frozen=True)
class Ballot:
    votes_by_card: dict[int, int]
    used: int
    left: int | None  # None: approval voting has no limit


def ballot_for(*, voting: Voting, participant: Participant | None) -> Ballot:
    if participant is None:
        return Ballot({}, 0, None)
    mine = (
        Vote.objects.filter(voting=voting, participant=participant)
        .values("card_id")
        .annotate(n=Count("pk"))
    )
    by_card = {row["card_id"]: row["n"] for row in mine}
    used = sum(by_card.values())
    left = None if voting.method == "approval" else max(0, voting.dots - used)
    return Ballot(by_card, used, left)


def ballot_payload(*, voting: Voting, participant: Participant | None) -> dict[str, Any]:
    """The phone's own dots as JSON: left to place and placed per card (keys are card ids)."""
    ballot = ballot_for(voting=voting, participant=participant)
    return {"left": ballot.left, "mine": {str(k): v for k, v in ballot.votes_by_card.items()}}


def results(*, event: Event) -> list[dict[str, Any]]:
    """The frozen result once the vote is closed, else the live tally."""
    voting = voting_of(event=event)
    if voting.closed_at is not None:
        return list(voting.result)
    return [
        {"card": c.pk, "title": c.title, "votes": c.vote_count}  # type: ignore[attr-defined]
        for c in sorted(cards_on_wall(event=event), key=lambda c: (-c.vote_count, c.title))  # type: ignore[attr-defined]
    ]


def topic_groups(*, event: Event) -> QuerySet[TopicGroup]:
    return (
        TopicGroup.objects.filter(event=event)
        .select_related("room", "slot", "card", "standing_group")
        .annotate(size=Count("members", distinct=True))
    )


def my_groups(*, participant: Participant | None) -> set[int]:
    if participant is None:
        return set()
    return set(participant.topic_groups.values_list("topic_group_id", flat=True))


def my_wishes(*, participant: Participant | None) -> set[int]:
    if participant is None:
        return set()
    return set(participant.group_wishes.values_list("topic_group_id", flat=True))


def similar_cards(
    *, event: Event, text: str, limit: int = 3, title: str | None = None
) -> list[Card]:
    """Cards like the one being typed: the topics app's query over stored card vectors."""
    from quartier.topics.selectors import similar_cards as topic_similar_cards

    if title is None:
        title, text = text, ""
    return [
        card for card, _ in topic_similar_cards(event=event, title=title, text=text, limit=limit)
    ]


def breadth_hint(*, title: str, text: str = "") -> BreadthHint:
    return breadth(title, text)


PUBLIC_OPEN_END_STATUSES = (OpenEndStatus.OPEN, OpenEndStatus.REVIVED, OpenEndStatus.TAKEN_UP)
OPEN_ENDS_PAGE = "open_ends"  # the process's public page key (processes.publication)


def open_ends_for_process(*, process: Process, public: bool = False) -> QuerySet[OpenEnd]:
    """The team's register, or (``public``) only the entries reviewed and marked public."""
    rows = (
        OpenEnd.objects.filter(process=process)
        .select_related("taken_up_by", "merged_into")
        .annotate(interest_count=Count("interests"))
    )
    if public:
        rows = rows.filter(is_public=True, status__in=PUBLIC_OPEN_END_STATUSES)
    return rows.order_by("-votes", "title")


def public_process(*, org_slug: str, process_slug: str) -> Process:
    """404 unless the process has published its open-ends page."""
    from quartier.processes.selectors import public_process_get

    return public_process_get(org_slug=org_slug, process_slug=process_slug, page=OPEN_ENDS_PAGE)


def open_end_public_get(*, process: Process, pk: int) -> OpenEnd:
    row = (
        OpenEnd.objects.filter(
            process=process, pk=pk, is_public=True, status__in=PUBLIC_OPEN_END_STATUSES
        )
        .select_related("taken_up_by")
        .first()
    )
    if row is None:
        raise Http404
    return row


def cards_without_group(*, event: Event) -> QuerySet[Card]:
    return cards_on_wall(event=event).filter(Q(topic_groups__isnull=True))
