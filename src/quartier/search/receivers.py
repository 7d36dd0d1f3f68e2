"""Saving or deleting a searchable object updates its row in the SQLite index."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_migrate, post_save

from quartier.reach.models import Contact
from quartier.reach.signals import contact_erased
from quartier.search import services
from quartier.search.documents import KIND_BY_MODEL, indexed_fields


def _saved(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    """Saves that touch no searched field (the live room's timer, counters) are skipped."""
    if update_fields is not None and not set(update_fields) & indexed_fields(sender):
        return
    services.search_index_update(instance=instance)


def _migrated(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Fill the index once on a database that has rows but no index yet (an upgrade)."""
    services.search_index_fill_if_empty(using=using)


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    services.search_index_remove(kind=KIND_BY_MODEL[sender].key, object_id=int(instance.pk))


def _erased(sender: Any, contact: Contact, **kwargs: Any) -> None:
    """Erasure scrubs the person's name from other rows with bulk updates that send no
    signal: rebuild the whole index and purge the old entries. Erasures are rare, and a
    whole rebuild also drops entries no organisation owns any more."""
    services.search_reindex(purge=True)


def connect(app_config: Any) -> None:
    post_migrate.connect(_migrated, sender=app_config, dispatch_uid="search-migrated")
    contact_erased.connect(_erased, dispatch_uid="search-erased")
    for model in KIND_BY_MODEL:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        post_delete.connect(
            _deleted, sender=model, dispatch_uid=f"search-delete-{model._meta.label}"
        )
