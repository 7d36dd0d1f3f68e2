"""Background jobs of the follow-ups (run by ``quartier worker``)."""

from __future__ import annotations

from django_tasks import task

from quartier.core.schedule import periodic


@periodic
@task()
def send_due_reminders() -> int:
    """E-mail owners about tasks due by tomorrow (each task once)."""
    from quartier.followups.reminders import reminders_send_due

    return reminders_send_due()
