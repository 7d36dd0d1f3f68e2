"""Writes of the topics app: card vectors, and (in opinions.py) statements and votes."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from quartier.engine.topics.polarity import direction
from quartier.events.models import Event
from quartier.topics.adapters import embedder, source_hash, to_bytes
from quartier.topics.models import CardVector, WallVersion
from quartier.wall.errors import WallError
from quartier.wall.models import Card, CardStatus


@transaction.atomic
def card_vectors_store(*, cards: Iterable[Card]) -> int:
    """Embed the cards whose vector is missing, stale or from another model; returns how many."""
    cards = list(cards)
    if not cards:
        return 0
    model = embedder()
    have = {
        v.card_id: (v.model, v.source)
        for v in CardVector.objects.filter(card__in=cards).only("card_id", "model", "source")
    }
    todo = [c for c in cards if have.get(c.pk) != (model.name, source_hash(c.title, c.text))]
    if not todo:
        return 0
    rows = model.embed([(c.title, c.text) for c in todo])
    for card, row in zip(todo, rows, strict=True):
        CardVector.objects.update_or_create(
            card=card,
            defaults={
                "event_id": card.event_id,
                "model": model.name,
                "source": source_hash(card.title, card.text),
                "direction": direction(card.title),
                "vector": to_bytes(row),
            },
        )
    return len(todo)


def wall_version_bump(*, event_id: int) -> None:
    """Tell every web process that the event's wall changed (see ``WallVersion``)."""
    if WallVersion.objects.filter(event_id=event_id).update(number=F("number") + 1):
        return
    _row, created = WallVersion.objects.get_or_create(
        event_id=event_id, defaults={"number": secrets.randbits(62)}
    )
    if not created:  # another writer created it meanwhile: still move it on
        WallVersion.objects.filter(event_id=event_id).update(number=F("number") + 1)


@transaction.atomic
def theme_merge(*, event: Event, target_id: object, card_ids: Iterable[object], actor: Any) -> Card:
    """Merge the chosen cards of one theme into one of them, all or none.

    Each merge is the wall's own (votes and supporters move, the live screens follow);
    one failing (e.g. the vote is closed) undoes the ones before it.
    """
    from quartier.wall.services import card_merge

    ids = {int(str(i)) for i in card_ids if str(i).isdigit()}
    cards = {
        c.pk: c for c in Card.objects.filter(event=event, pk__in=ids, status=CardStatus.VISIBLE)
    }
    target = cards.get(int(str(target_id))) if str(target_id).isdigit() else None
    if target is None or len(cards) < 2 or len(cards) != len(ids):
        raise WallError(
            _("Choose at least two cards of the wall, one of them to keep."), code="merge_few"
        )
    for pk in sorted(cards):
        if pk != target.pk:
            target = card_merge(source=cards[pk], target=target, actor=actor)
    return target
