"""Saving or deleting a searchable object updates its row in the SQLite index."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from quartier.reach.models import Contact
from quartier.search import services
from quartier.search.documents import KIND_BY_MODEL


def _saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    services.search_index_update(instance=instance)
    if isinstance(instance, Contact) and instance.erased_at is not None:
        # Erasure scrubs the person's name from other rows with bulk updates that send no
        # signal: rebuild the organisation's index once the erasure is committed.
        organisation_id = instance.organisation_id
        transaction.on_commit(lambda: services.search_reindex(organisation_id=organisation_id))


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    services.search_index_remove(kind=KIND_BY_MODEL[sender].key, object_id=int(instance.pk))


def connect() -> None:
    for model in KIND_BY_MODEL:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        post_delete.connect(
            _deleted, sender=model, dispatch_uid=f"search-delete-{model._meta.label}"
        )
