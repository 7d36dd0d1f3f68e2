"""Embed a wall card once, right after it is saved (posted, edited, split or revived).

A receiver keeps the hook out of the wall's services; the work is handed to the
background worker after the commit, so neither the event lock nor the live room's
writer waits for the encoder. The suggestion selector fills in any vector that is still
missing, so a failure or a late worker here only costs time later.

During a live wall a hundred cards a minute arrive: with a worker that can run jobs
later, one job per event waits a few seconds and then embeds every card saved until
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

from quartier.wall.models import Card


@receiver(post_save, sender=Card, dispatch_uid="topics.card_vector")
def card_saved(sender: type[Card], instance: Card, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
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
