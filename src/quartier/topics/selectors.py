"""Reads of the topics app: the wall's suggestion query over stored card vectors."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from quartier.engine.topics.themes import Theme, themes
from quartier.engine.topics.vectors import CardIndex, Suggestion
from quartier.events.models import Event
from quartier.topics.adapters import embedder, from_bytes
from quartier.topics.models import CardVector
from quartier.topics.services import card_vectors_store
from quartier.wall.models import Card, CardStatus


@dataclass
class _Cached:
    stamp: tuple[object, str]
    index: CardIndex
    pks: np.ndarray  # the card ids of the index rows, as integers


_CACHE: dict[int, _Cached] = {}
_LOCK = threading.Lock()
_CACHE_EVENTS = 64


def card_index(*, event: Event) -> CardIndex:
    return _wall_index(event=event).index


def _wall_index(*, event: Event) -> _Cached:
    """The event's stored card vectors as an index, cached per process until one changes.

    The freshness check reads one row through the (event, updated_at) index; a deleted
    card may stay in the cached index, which is harmless because queries only allow
    visible cards.
    """
    model = embedder()
    vectors = CardVector.objects.filter(event=event, model=model.name)
    last = (
        CardVector.objects.filter(event=event)
        .order_by("-updated_at")
        .values_list("updated_at", flat=True)
        .first()
    )
    stamp = (last, model.name)
    with _LOCK:
        cached = _CACHE.get(event.pk)
        if cached is not None and cached.stamp == stamp:
            return cached
    rows = list(vectors.order_by("card_id").values_list("card_id", "direction", "vector"))
    matrix = (
        np.vstack([from_bytes(blob) for _, _, blob in rows]).astype(np.float32)
        if rows
        else np.zeros((0, model.dim), dtype=np.float32)
    )
    index = CardIndex(model, [str(pk) for pk, _, _ in rows], matrix, [d for _, d, _ in rows])
    fresh = _Cached(stamp, index, np.array([pk for pk, _, _ in rows], dtype=np.int64))
    with _LOCK:
        if len(_CACHE) >= _CACHE_EVENTS:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[event.pk] = fresh
    return fresh


def similar_cards(
    *, event: Event, title: str, text: str = "", limit: int = 3
) -> list[tuple[Card, Suggestion]]:
    """Visible cards close to what is being typed, best first, never one that says the opposite.

    Reads stay small on a big wall: the few cards that are not visible, and a count.
    """
    cards = Card.objects.filter(event=event)
    hidden = list(cards.exclude(status=CardStatus.VISIBLE).values_list("pk", flat=True))
    wall = _wall_index(event=event)
    allowed = ~np.isin(wall.pks, hidden)
    if cards.filter(status=CardStatus.VISIBLE).count() > int(allowed.sum()):
        missing = cards.filter(status=CardStatus.VISIBLE).exclude(pk__in=wall.pks.tolist())
        card_vectors_store(cards=missing)
        wall = _wall_index(event=event)
        allowed = ~np.isin(wall.pks, hidden)
    index = wall.index
    found = [
        s for s in index.suggest(title, text, limit=limit * 3, allowed=allowed) if not s.opposite
    ][:limit]
    by_pk = Card.objects.in_bulk([int(s.key) for s in found])
    return [(by_pk[int(s.key)], s) for s in found if int(s.key) in by_pk]


def wall_themes(*, event: Event, k: int | None = None) -> list[tuple[Theme, list[Card]]]:
    """The wall's visible cards grouped into themes, from their stored vectors."""
    cards = {
        c.pk: c for c in Card.objects.filter(event=event, status=CardStatus.VISIBLE).order_by("pk")
    }
    if len(cards) < 2:
        return []
    index = card_index(event=event)
    if set(cards) - {int(key) for key in index.keys}:
        card_vectors_store(cards=cards.values())
        index = card_index(event=event)
    keep = [i for i, key in enumerate(index.keys) if int(key) in cards]
    parts = index.embedder.split(index.rows)
    vectors = parts[1] if index.embedder.semantic else parts[3]
    found = themes(
        [
            (index.keys[i], cards[int(index.keys[i])].title, cards[int(index.keys[i])].text)
            for i in keep
        ],
        k=k,
        vectors=vectors[keep],
    )
    return [(theme, [cards[int(key)] for key in theme.keys]) for theme in found]
