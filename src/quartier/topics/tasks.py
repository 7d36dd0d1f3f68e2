"""Background work of the topics app, run by the django-tasks worker (``quartier worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def card_vectors_fill(*, event_pk: int) -> int:
    """Embed the event's cards whose vector is missing or stale. The sentence encoder
    takes tens of milliseconds of CPU per card: in the web process it would hold up the
    live room's writer, which serializes every post of an event."""
    from quartier.topics.services import card_vectors_store
    from quartier.wall.models import Card

    return card_vectors_store(cards=Card.objects.filter(event_id=event_pk))
