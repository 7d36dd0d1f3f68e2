"""Keep the topics app in step with the wall without editing the wall's services.

A card that is saved (posted, edited, hidden, merged, split, revived) moves its wall's
version on, so every web process reloads what changed before it answers the next
suggestion query. (Cards are only deleted with their event; the selector never returns
one that is gone.)

Embedding is handed to the background worker after the commit, so neither the event
lock nor the live room's writer waits for the encoder. The suggestion selector fills in
any vector that is still missing, so a failure or a late worker here only costs time
later. During a live wall a hundred cards a minute arrive: with a worker that can run
jobs later, one job per event waits a few seconds and then embeds every card saved until
then (a card saved while a job waits needs no job of its own, since the job runs after
it). A backend that runs jobs at once gets one job per save.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from quartier.topics.models import CardVector
from quartier.topics.services import wall_version_bump
from quartier.wall.models import Card


@receiver(post_save, sender=Card, dispatch_uid="topics.card_vector")
def card_saved(sender: type[Card], instance: Card, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    wall_version_bump(event_id=instance.event_id)
    event_pk = instance.event_id
    transaction.on_commit(lambda: _schedule(event_pk))


GATHER_SECONDS = 5.0
_waiting: dict[int, float] = {}  # event -> when its gathering job runs (monotonic)
_lock = threading.Lock()
_clock = time.monotonic


def _schedule(event_pk: int) -> None:
    from quartier.topics.tasks import card_vectors_fill

    if not card_vectors_fill.get_backend().supports_defer:
        card_vectors_fill.enqueue(event_pk=event_pk)
        return
    now = _clock()
    with _lock:
        if _waiting.get(event_pk, 0.0) > now + 0.5:  # a job that runs after this commit
            return
        _waiting[event_pk] = now + GATHER_SECONDS
    card_vectors_fill.using(run_after=timezone.now() + timedelta(seconds=GATHER_SECONDS)).enqueue(
        event_pk=event_pk
    )


@receiver(post_save, sender=CardVector, dispatch_uid="topics.vector_saved")
def vector_saved(
    sender: type[CardVector], instance: CardVector, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        wall_version_bump(event_id=instance.event_id)
