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


def card_vectors_store(*, cards: Iterable[Card]) -> int:
    """Embed the cards whose vector is missing, stale or from another model; returns how many.

    The encoder runs outside any transaction (tens of milliseconds a card). The vectors are
    then written per event in one short transaction that takes the locks in the live
    writers' order, the event row first and the wall version last: a job that inserted
    vectors first (an insert's foreign-key check shares the event row) and bumped the
    version per vector deadlocked with a hall posting cards on PostgreSQL. Whatever
    another job stored meanwhile is not written again.
    """
    cards = list(cards)
    if not cards:
        return 0
    model = embedder()
    todo = _stale(cards, model.name)
    if not todo:
        return 0
    rows = model.embed([(c.title, c.text) for c in todo])
    by_event: dict[int, list[tuple[Card, Any]]] = {}
    for card, row in zip(todo, rows, strict=True):
        by_event.setdefault(card.event_id, []).append((card, row))
    return sum(_vectors_write(event_id, pairs, model.name) for event_id, pairs in by_event.items())


def _stale(cards: list[Card], model_name: str) -> list[Card]:
    have = {
        v.card_id: (v.model, v.source)
        for v in CardVector.objects.filter(card__in=cards).only("card_id", "model", "source")
    }
    return [c for c in cards if have.get(c.pk) != (model_name, source_hash(c.title, c.text))]


def _vectors_write(event_id: int, pairs: list[tuple[Card, Any]], model_name: str) -> int:
    from quartier.events.live import event_lock

    with transaction.atomic():
        try:
            event_lock(event_id, with_organisation=False)
        except Event.DoesNotExist:  # deleted with its cards meanwhile
            return 0
        still = {c.pk for c in _stale([card for card, _row in pairs], model_name)}
        vectors = [
            CardVector(
                card=card,
                event_id=event_id,
                model=model_name,
                source=source_hash(card.title, card.text),
                direction=direction(card.title),
                vector=to_bytes(row),
            )
            for card, row in pairs
            if card.pk in still
        ]
        if not vectors:
            return 0
        CardVector.objects.bulk_create(
            vectors,
            update_conflicts=True,
            unique_fields=["card"],
            update_fields=["event", "model", "source", "direction", "vector", "updated_at"],
        )
        wall_version_bump(event_id=event_id)  # once; bulk writes send no post_save
    return len(vectors)


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
