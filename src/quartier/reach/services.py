from __future__ import annotations

from datetime import datetime

from django.db import models, transaction

from quartier.reach.models import Contact, Participation


@transaction.atomic
def participation_record(
    *,
    contact: Contact,
    source: models.Model,
    kind: str,
    role: str,
    occurred_at: datetime,
    process: models.Model | None = None,
    label: str = "",
) -> Participation:
    """Record (idempotently) that ``contact`` took part in ``source`` in ``role``."""
    participation, _created = Participation.objects.update_or_create(
        contact=contact,
        source_type=source._meta.label_lower,
        source_id=str(source.pk),
        role=role,
        defaults={
            "organisation": contact.organisation,
            "process": process,
            "kind": kind,
            "occurred_at": occurred_at,
            "label": (label or str(source))[:200],
        },
    )
    return participation


@transaction.atomic
def participation_withdraw(*, contact: Contact, source: models.Model, role: str | None = None) -> int:
    """Remove the record(s) when someone is taken off an attendance list by mistake."""
    rows = Participation.objects.filter(contact=contact, source_type=source._meta.label_lower, source_id=str(source.pk))
    if role is not None:
        rows = rows.filter(role=role)
    deleted, _ = rows.delete()
    return deleted
