"""Keep the topics app in step with the wall without editing the wall's services.

A card that is saved (posted, edited, hidden, merged, split, revived) moves its wall's
version on, so every web process reloads what changed before it answers the
next suggestion query. A saved card is embedded once right after the commit, so the
event lock is not held while the encoder runs; the suggestion selector fills in any
vector that is still missing, so a failure there only costs time later. (Cards are only
deleted with their event; the selector never returns one that is gone.)
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from quartier.topics.models import CardVector
from quartier.topics.services import wall_version_bump
from quartier.wall.models import Card


@receiver(post_save, sender=Card, dispatch_uid="topics.card_vector")
def card_saved(sender: type[Card], instance: Card, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    wall_version_bump(event_id=instance.event_id)
    card_id = instance.pk

    def embed() -> None:
        from quartier.topics.services import card_vectors_store

        card = Card.objects.filter(pk=card_id).first()
        if card is not None:
            card_vectors_store(cards=[card])

    transaction.on_commit(embed)


@receiver(post_save, sender=CardVector, dispatch_uid="topics.vector_saved")
def vector_saved(
    sender: type[CardVector], instance: CardVector, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        wall_version_bump(event_id=instance.event_id)
