from django.db.models import QuerySet

from quartier.audit.models import AuditEntry


def audit_entries_for_organisation(*, organisation: object) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organisation=organisation).select_related("actor")
