"""Embed a wall card once, right after it is saved (posted, edited, split or revived).

A receiver keeps the hook out of the wall's services; the work runs after the commit so
the event lock is not held while the encoder runs. The suggestion selector fills in any
vector that is still missing, so a failure here only costs time later.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from quartier.wall.models import Card


@receiver(post_save, sender=Card, dispatch_uid="topics.card_vector")
def card_saved(sender: type[Card], instance: Card, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    card_id = instance.pk

    def embed() -> None:
        from quartier.topics.services import card_vectors_store

        card = Card.objects.filter(pk=card_id).first()
        if card is not None:
            card_vectors_store(cards=[card])

    transaction.on_commit(embed)
