"""What screens receive about cards and groups: plain dicts for the live log and JSON."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.db.models import Count

from quartier.events.hyphenation import soft_hyphens
from quartier.wall.models import Card, CardStatus, TopicGroup

# What the card template renders before the page script fills in a card that arrived live.
BLANK_CARD = SimpleNamespace(
    pk="", title="", text="", pinned=False, vote_count=0, supporter_count=0
)


def card_data(card: Card, *, new: bool = False) -> dict[str, Any]:
    """Public state of a card (no author: cards are anonymous on every screen).
    ``new``: the card was just created, so it has no votes or supporters to count."""
    if card.status != CardStatus.VISIBLE:
        return {"id": card.pk, "removed": True}
    return {
        "id": card.pk,
        "title": card.title,
        "text": card.text,
        # The projector shows these (it has no hyphenation dictionary of its own).
        "title_hyphenated": soft_hyphens(card.title),
        "text_hyphenated": soft_hyphens(card.text),
        "category": card.category_id,
        "pinned": card.pinned,
        "votes": 0 if new else card.votes.count(),
        "supporters": 0 if new else card.supporters.count(),
    }


def group_data(group: TopicGroup) -> dict[str, Any]:
    size = group.members.aggregate(n=Count("pk"))["n"]
    return {
        "id": group.pk,
        "title": group.title,
        "host": group.host,
        "room": group.room.name if group.room else "",
        "slot": group.slot.label if group.slot else "",
        "capacity": group.capacity,
        "size": size,
        "full": group.capacity is not None and size >= group.capacity,
    }
