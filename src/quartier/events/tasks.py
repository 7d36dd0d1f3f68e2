"""Background jobs of events (run by ``quartier worker``)."""

from __future__ import annotations

from django_tasks import task

from quartier.core.schedule import periodic


@periodic
@task()
def purge_participant_data() -> int:
    """Delete participants' personal data of every event past its retention date."""
    from quartier.events.retention import events_participants_purge

    return events_participants_purge()
