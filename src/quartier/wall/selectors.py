"""Reads for the wall: cards with tallies, the voting state, groups, open ends."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from quartier.engine.topics import BreadthHint, Candidate, breadth, similar, similarity
from quartier.engine.topics import tokens as topic_tokens
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


def my_wishes(*, participant: Participant | None) -> dict[int, int]:
    """Group id → the rank this participant gave it (1 = first choice)."""
    if participant is None:
        return {}
    return dict(participant.group_wishes.values_list("topic_group_id", "rank"))


def schedule_for(*, participant: Participant | None) -> list[TopicGroup]:
    """The participant's groups in time-slot order: their plan for the afternoon."""
    if participant is None:
        return []
    return list(
        TopicGroup.objects.filter(members__participant=participant)
        .select_related("room", "slot")
        .order_by("slot__starts_at", "slot__label", "title")
    )


@dataclass(frozen=True)
class GridCell:
    groups: list[TopicGroup]
    double_booked: bool


@dataclass(frozen=True)
class GroupGrid:
    """Rooms × time slots with the groups in each cell, and what needs attention."""

    rooms: list[Any]
    slots: list[Any]
    rows: list[tuple[Any, list[GridCell]]]
    unplaced: list[TopicGroup]  # groups without a room or a time slot
    warnings: list[str]


def group_grid(*, event: Event) -> GroupGrid:
    from django.utils.translation import gettext as _

    groups = list(topic_groups(event=event).order_by("title"))
    rooms, slots = list(event.rooms.all()), list(event.slots.all())
    cells: dict[tuple[int, int], list[TopicGroup]] = {}
    unplaced = []
    for group in groups:
        if group.room_id is None or group.slot_id is None:
            unplaced.append(group)
        else:
            cells.setdefault((group.room_id, group.slot_id), []).append(group)
    room_names = {r.pk: r.name for r in rooms}
    slot_labels = {t.pk: t.label for t in slots}
    warnings = []
    for (room_id, slot_id), booked in cells.items():
        if len(booked) > 1:
            warnings.append(
                _("%(room)s is booked twice at %(slot)s: %(groups)s.")
                % {
                    "room": room_names.get(room_id, ""),
                    "slot": slot_labels.get(slot_id, ""),
                    "groups": ", ".join(g.title for g in booked),
                }
            )
    room_capacity = {r.pk: r.capacity for r in rooms}
    for group in groups:
        size = int(getattr(group, "size", 0))
        holds = room_capacity.get(group.room_id) if group.room_id else None
        if holds is not None and size > holds:
            warnings.append(
                _("“%(group)s” has %(n)s people, but %(room)s holds %(max)s.")
                % {
                    "group": group.title,
                    "n": size,
                    "room": room_names.get(group.room_id or 0, ""),
                    "max": holds,
                }
            )
        if group.capacity is not None and size > group.capacity:
            warnings.append(
                _("“%(group)s” has %(n)s people, more than its %(max)s places.")
                % {"group": group.title, "n": size, "max": group.capacity}
            )
    rows = [
        (
            room,
            [
                GridCell(
                    cells.get((room.pk, slot.pk), []), len(cells.get((room.pk, slot.pk), [])) > 1
                )
                for slot in slots
            ],
        )
        for room in rooms
    ]
    return GroupGrid(rooms, slots, rows, unplaced, warnings)


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


def merge_candidates(*, event: Event, card: Card, query: str = "", limit: int = 8) -> list[Card]:
    """Cards to merge ``card`` into: those whose title contains the typed words, or, with
    nothing typed, the ones most similar to the card."""
    others = Card.objects.filter(event=event, status=CardStatus.VISIBLE).exclude(pk=card.pk)
    words = query.split()
    if words:
        for word in words[:5]:
            others = others.filter(Q(title__icontains=word) | Q(text__icontains=word))
        return list(others.order_by("title")[:limit])
    rows = {c.pk: c for c in others.only("pk", "title", "text")}
    matches = similar(
        f"{card.title} {card.text}",
        [Candidate(str(pk), f"{c.title} {c.text}") for pk, c in rows.items()],
        limit=limit,
    )
    return [rows[int(m.key)] for m in matches]


SIMILAR_GROUP_THRESHOLD = 0.45


def similar_card_groups(
    *, event: Event, threshold: float = SIMILAR_GROUP_THRESHOLD
) -> list[list[Card]]:
    """Cards that probably name the same topic, grouped (largest groups first).

    Pairs only need a score when they share a word stem (an index on stems), so a wall
    of 300 cards compares a few thousand pairs, not 45,000; linked pairs form groups.
    """
    cards = list(Card.objects.filter(event=event, status=CardStatus.VISIBLE).order_by("pk"))
    texts = {c.pk: c.title for c in cards}
    by_stem: dict[str, set[int]] = {}
    for pk, text in texts.items():
        for stem in set(topic_tokens(text)):
            by_stem.setdefault(stem, set()).add(pk)
    parent = {pk: pk for pk in texts}

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    compared: set[tuple[int, int]] = set()
    for members in by_stem.values():
        if len(members) > 40:  # a word on half the wall ("mehr") links nothing by itself
            continue
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if (a, b) in compared:
                    continue
                compared.add((a, b))
                if similarity(texts[a], texts[b]) >= threshold:
                    parent[root(b)] = root(a)
    groups: dict[int, list[Card]] = {}
    for card in cards:
        groups.setdefault(root(card.pk), []).append(card)
    found = [g for g in groups.values() if len(g) > 1]
    found.sort(key=lambda g: (-len(g), g[0].pk))
    return found
