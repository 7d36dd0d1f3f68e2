"""Background jobs every app uses (run by ``quartier worker``)."""

from __future__ import annotations

from datetime import timedelta

from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

from quartier.core.schedule import periodic


@task()
def mail_send(*, subject: str, body: str, to: str, reply_to: list[str]) -> None:
    """One queued e-mail (see ``emails.mail_queue``). A failure stays visible as a failed
    task result instead of breaking the page that queued it."""
    EmailMessage(subject=subject, body=body, to=[to], reply_to=reply_to).send()


#: How long a finished job's row (with its arguments) stays in the task table.
TASK_RESULTS_KEPT_DAYS = 7


@periodic
@task()
def prune_task_results() -> int:
    """Finished jobs keep their arguments (an e-mail address, a message) in the task table,
    and the periodic jobs alone add a row every few minutes; a week is long enough to see
    what failed and why."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(days=TASK_RESULTS_KEPT_DAYS)
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return deleted
