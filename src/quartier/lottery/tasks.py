"""Background tasks (django-tasks): each loads its ``Job`` and runs the service body.

The service writes progress onto the job, so the page polls it; an unexpected crash
marks the job failed instead of leaving it "running" forever.
"""

from __future__ import annotations

from collections.abc import Callable

from django_tasks import task

from quartier.core.schedule import periodic
from quartier.lottery.models import Job
from quartier.lottery.services.jobs import job_fail


def _run(job_id: int, body: Callable[..., None]) -> None:
    job = Job.objects.select_related("lottery").get(pk=job_id)
    try:
        body(job=job)
    except Exception as error:
        job_fail(job=job, error={"message": f"{type(error).__name__}: {error}"})
        raise


@task()
def import_extract(job_id: int) -> None:
    from quartier.lottery.services.extracts import extract_import_run

    _run(job_id, extract_import_run)


@task()
def generate_letters(job_id: int) -> None:
    from quartier.lottery.services.letters import letters_generate_run

    _run(job_id, letters_generate_run)


@task()
def select_panel(job_id: int) -> None:
    from quartier.lottery.services.selection import selection_run

    _run(job_id, selection_run)


@periodic
@task()
def lottery_retention() -> int:
    """Register data and registrations are deleted on their date, whether or not anyone
    opens a lottery page that day."""
    from quartier.lottery.services.retention import retention_sweep

    return len(retention_sweep())
