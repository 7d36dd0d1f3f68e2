"""Keeping the SQLite full-text index in step with the objects it finds.

PostgreSQL builds its search vectors at query time from the tables themselves, so on
PostgreSQL every function here does nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction

from quartier.audit.services import audit_record
from quartier.search.documents import KIND_BY_MODEL, KINDS, document_for


def uses_index() -> bool:
    return connection.vendor == "sqlite"


def search_index_remove(*, kind: str, object_id: int) -> None:
    if not uses_index():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM search_index WHERE kind = %s AND object_id = %s", [kind, object_id]
        )


def search_index_update(*, instance: models.Model) -> None:
    """Re-index one object; objects that must not be found (erased people) are removed."""
    kind = KIND_BY_MODEL.get(type(instance))
    if kind is None or not uses_index():
        return
    search_index_remove(kind=kind.key, object_id=int(instance.pk))
    document = document_for(instance)
    if document is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_index (kind, object_id, organisation_id, title, body) "
            "VALUES (%s, %s, %s, %s, %s)",
            [
                document.kind,
                document.object_id,
                document.organisation_id,
                document.title,
                document.body,
            ],
        )


@transaction.atomic
def search_reindex(*, organisation_id: int | None = None, purge: bool = False) -> int:
    """Rebuild the index (of one organisation, or of all); returns the number of objects.

    ``purge`` merges the index afterwards: FTS5 keeps deleted terms in old segments until
    a merge, and after an erasure no trace of the person may stay behind."""
    if not uses_index():
        return 0
    with connection.cursor() as cursor:
        if organisation_id is None:
            cursor.execute("DELETE FROM search_index")
        else:
            cursor.execute("DELETE FROM search_index WHERE organisation_id = %s", [organisation_id])
    count = 0
    for kind in KINDS:
        objects = kind.model._default_manager.all()
        if organisation_id is not None:
            objects = objects.filter(**{kind.organisation_path: organisation_id})
        if kind.key == "group":
            objects = objects.select_related("process")
        for instance in objects.iterator():
            search_index_update(instance=instance)
            count += 1
    if purge:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
    return count


def search_index_fill_if_empty(*, using: str = "default") -> int:
    """Index everything when the index is empty but there are objects (after an upgrade),
    and empty it when the tables were flushed (``flush`` does not know the virtual table,
    so without this, entries of deleted objects would outlive them)."""
    if using != "default" or not uses_index():
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM search_index)")
        indexed = bool(cursor.fetchone()[0])
    has_objects = any(kind.model._default_manager.exists() for kind in KINDS)
    if indexed and not has_objects:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_index")
            cursor.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
        return 0
    if indexed or not has_objects:
        return 0
    return search_reindex()


@transaction.atomic
def search_logged(*, actor: Any, organisation: Any, people: list[Any]) -> None:
    """Finding a person shows their name and details: logged like opening their page."""
    for contact in people:
        audit_record(action="contact.found", actor=actor, organisation=organisation, target=contact)
