"""Reads of the topics app: the wall's suggestion query over stored card vectors."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from django.db.models import Count

from quartier.engine.topics.themes import Theme, themes
from quartier.engine.topics.vectors import CardIndex, Suggestion
from quartier.events.models import Event
from quartier.topics.adapters import embedder, from_bytes
from quartier.topics.models import CardVector, WallVersion
from quartier.topics.services import card_vectors_store
from quartier.wall.models import Card, CardStatus

MISSING = ""  # no stored vector from the current model (yet)
CACHE_BYTES = 256 * 2**20  # the walls kept per process: a 5,000-card wall takes about 40 MB
FETCH_BY_ID = 400  # up to this many changed cards, read their vectors by id; else the wall's


@dataclass
class _Cached:
    version: int | None
    model: str
    index: CardIndex  # the visible cards only
    sources: dict[int, str]  # card id → hash of the words its row was made from


_CACHE: OrderedDict[int, _Cached] = OrderedDict()
_LOCK = threading.Lock()
_REFRESH = threading.Lock()


def card_index(*, event: Event) -> CardIndex:
    return _wall_index(event=event).index


def _wall_index(*, event: Event) -> _Cached:
    """The event's visible cards as one in-memory index, current as of the wall's version.

    A query costs one primary-key read (the version). When the wall changed, only what
    changed is read: the visible cards' ids with the hash their stored vector was made
    from, then the vectors of the cards that are new or were edited.
    """
    model = embedder()
    version = WallVersion.objects.filter(event=event).values_list("number", flat=True).first()
    cached = _cached(event=event, version=version, model=model.name)
    if cached is not None and cached.version == version and version is not None:
        return cached
    with _REFRESH:  # one refresh at a time: they append to the same arrays
        cached = _cached(event=event, version=version, model=model.name)
        if cached is not None and cached.version == version and version is not None:
            return cached  # another thread refreshed it meanwhile
        fresh = _refreshed(event=event, version=version, cached=cached)
        with _LOCK:
            _CACHE[event.pk] = fresh
            _CACHE.move_to_end(event.pk)
            while len(_CACHE) > 1 and sum(c.index.nbytes for c in _CACHE.values()) > CACHE_BYTES:
                _CACHE.popitem(last=False)
    return fresh


def _cached(*, event: Event, version: int | None, model: str) -> _Cached | None:
    with _LOCK:
        cached = _CACHE.get(event.pk)
        if cached is None or cached.model != model:
            return None
        _CACHE.move_to_end(event.pk)
        return cached


def _refreshed(
    *, event: Event, version: int | None, cached: _Cached | None, fill: bool = True
) -> _Cached:
    model = embedder()
    visible = Card.objects.filter(event=event, status=CardStatus.VISIBLE)
    current = {
        pk: source if stored_by == model.name else MISSING
        for pk, stored_by, source in visible.values_list(
            "pk", "topic_vector__model", "topic_vector__source"
        )
    }
    missing = [pk for pk, source in current.items() if source == MISSING]
    if missing and fill:  # posted before this app, or the embedding after the commit failed
        card_vectors_store(cards=visible.filter(pk__in=missing))
        # Storing moved the version on: cache without one, so the next query re-reads.
        return _refreshed(event=event, version=None, cached=cached, fill=False)
    old = cached.sources if cached is not None else {}
    kept = {pk for pk, source in old.items() if current.get(pk) == source}
    need = [pk for pk, source in current.items() if pk not in kept and source != MISSING]
    vectors = CardVector.objects.filter(event=event, model=model.name)
    if len(need) <= FETCH_BY_ID:
        vectors = vectors.filter(card_id__in=need)
    wanted = set(need)
    rows = [
        row
        for row in vectors.order_by("card_id").values_list(
            "card_id", "direction", "vector", "source"
        )
        if row[0] in wanted
    ]
    matrix = (
        np.vstack([from_bytes(blob) for _, _, blob, _ in rows]).astype(np.float32)
        if rows
        else np.zeros((0, model.dim), dtype=np.float32)
    )
    keys = [str(pk) for pk, _, _, _ in rows]
    directions = [d for _, d, _, _ in rows]
    if cached is None:
        index = CardIndex(model, keys, matrix, directions)
    else:
        index = cached.index.changed(
            drop=[str(pk) for pk in old if pk not in kept],
            keys=keys,
            rows=matrix,
            directions=directions,
        )
    sources = {pk: old[pk] for pk in kept} | {pk: source for pk, _, _, source in rows}
    return _Cached(version, model.name, index, sources)


def similar_cards(
    *, event: Event, title: str, text: str = "", limit: int = 3
) -> list[tuple[Card, Suggestion]]:
    """Visible cards close to what is being typed, best first, never one that says the opposite.

    The in-memory index holds only visible cards; the few found are read by id (and
    only if still visible, in case the wall changed a moment ago).
    """
    index = _wall_index(event=event).index
    found = [s for s in index.suggest(title, text, limit=limit * 3) if not s.opposite][:limit]
    by_pk = Card.objects.filter(status=CardStatus.VISIBLE).in_bulk([int(s.key) for s in found])
    return [(by_pk[int(s.key)], s) for s in found if int(s.key) in by_pk]


def wall_themes(*, event: Event, k: int | None = None) -> list[tuple[Theme, list[Card]]]:
    """The wall's visible cards grouped into themes, from their stored vectors."""
    cards = {
        c.pk: c
        for c in Card.objects.filter(event=event, status=CardStatus.VISIBLE)
        .annotate(supporter_count=Count("supporters", distinct=True))
        .order_by("pk")
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
