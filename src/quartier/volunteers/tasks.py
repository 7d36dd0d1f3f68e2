"""Background jobs of the volunteer board (run by ``quartier worker``)."""

from __future__ import annotations

from django_tasks import task

from quartier.core.schedule import periodic


@periodic
@task()
def expire_volunteer_offers() -> int:
    """Offers past their date lose their personal details (the person agreed to that long)."""
    from quartier.volunteers.services import offers_expire

    return offers_expire()
