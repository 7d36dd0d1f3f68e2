from __future__ import annotations

from typing import Any

from django.db import models, transaction

from quartier.audit.models import AuditEntry


def audit_record(
    *,
    action: str,
    actor: Any = None,
    organisation: Any = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write an audit entry; callers are services already inside their transaction."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        organisation=organisation,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        data=data or {},
    )


@transaction.atomic
def export_logged(
    *, what: str, actor: Any, organisation: Any, count: int, fmt: str, target: Any = None
) -> AuditEntry:
    """A list leaving the application (people, places, tasks) goes into the access log."""
    return audit_record(
        action=f"{what}.exported",
        actor=actor,
        organisation=organisation,
        target=target,
        data={"count": count, "format": fmt},
    )
