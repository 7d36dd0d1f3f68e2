from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from quartier.audit.models import AuditEntry

if TYPE_CHECKING:
    from quartier.organisations.models import Organisation


def audit_entries_for_organisation(*, organisation: Organisation) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organisation=organisation).select_related("actor")
