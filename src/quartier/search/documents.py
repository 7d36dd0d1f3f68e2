"""What each kind of object contributes to the search: its title and searchable text.

Collegial-consultation cases are deliberately absent: their text is confidential to the
consultation group, so no search may ever look inside it (meetings contribute only their
title, place, summary and result note).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.followups.models import Task
from quartier.groups.models import Group
from quartier.meetings.models import Meeting
from quartier.reach.models import Contact, Place


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any
    model: type[models.Model]
    title_field: str
    body_fields: tuple[str, ...]
    organisation_path: str


KINDS: tuple[Kind, ...] = (
    Kind(
        "person",
        _("People"),
        Contact,
        "full_name",
        ("email", "phone", "neighbourhood", "street", "city", "languages", "notes"),
        "organisation_id",
    ),
    Kind("place", _("Places"), Place, "name", ("address", "notes"), "organisation_id"),
    Kind(
        "meeting",
        _("Meetings"),
        Meeting,
        "title",
        ("place", "summary", "result_note"),
        "organisation_id",
    ),
    Kind("group", _("Groups"), Group, "title", ("goal", "mission"), "process__organisation_id"),
    Kind("task", _("Tasks"), Task, "title", ("details", "owner_name"), "organisation_id"),
)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}
KIND_BY_MODEL: dict[type[models.Model], Kind] = {kind.model: kind for kind in KINDS}


@dataclass(frozen=True)
class Document:
    kind: str
    object_id: int
    organisation_id: int
    title: str
    body: str


def indexed_fields(model: type[models.Model]) -> set[str]:
    """Fields whose change alters the model's document (or whether it has one)."""
    kind = KIND_BY_MODEL[model]
    return {kind.title_field, *kind.body_fields, "erased_at", "archived_at", "process"}


def is_searchable(instance: models.Model) -> bool:
    """Erased people and archived groups are not found; tasks need a process to link to."""
    if isinstance(instance, Contact):
        return instance.erased_at is None
    if isinstance(instance, Group):
        return instance.archived_at is None
    if isinstance(instance, Task):
        return instance.process_id is not None
    return True


def document_for(instance: models.Model) -> Document | None:
    kind = KIND_BY_MODEL.get(type(instance))
    if kind is None or not is_searchable(instance):
        return None
    if isinstance(instance, Group):
        organisation_id = instance.process.organisation_id
    else:
        organisation_id = getattr(instance, "organisation_id")  # noqa: B009
    return Document(
        kind=kind.key,
        object_id=int(instance.pk),
        organisation_id=int(organisation_id),
        title=str(getattr(instance, kind.title_field) or ""),
        body="\n".join(str(getattr(instance, f) or "") for f in kind.body_fields),
    )


def url_for(instance: models.Model) -> str:
    if isinstance(instance, Task):
        process = instance.process
        assert process is not None  # tasks without a process are not indexed
        return reverse("followups:list", args=[process.organisation.slug, process.slug])
    return str(instance.get_absolute_url())  # type: ignore[attr-defined]
