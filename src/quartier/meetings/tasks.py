"""Background jobs of meetings (run by ``quartier worker``)."""

from __future__ import annotations

from django_tasks import task

from quartier.core.schedule import periodic


@periodic
@task()
def send_meeting_reminders() -> int:
    """The day before a meeting, remind the invitees who have not declined."""
    from quartier.meetings.services.replies import meeting_reminders_send

    return meeting_reminders_send()


@task()
def send_protocol(*, meeting_pk: int) -> int:
    """E-mail the finalized protocol to the participants."""
    from quartier.meetings.models import Meeting
    from quartier.meetings.services.replies import protocol_send

    meeting = Meeting.objects.select_related("organisation", "protocol").get(pk=meeting_pk)
    return protocol_send(meeting=meeting)
