"""Progress of background work, stored on ``Job`` so the page can poll it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from quartier.lottery.models import Job, JobState, Lottery


def job_create(*, lottery: Lottery, kind: str, total: int = 0, target_id: int | None = None) -> Job:
    return Job.objects.create(lottery=lottery, kind=kind, total=total, target_id=target_id)


def job_progress(*, job: Job, done: int, total: int | None = None, message: str = "") -> None:
    """Write progress outside any transaction so the polling page sees it at once."""
    job.done = done
    fields = ["done", "state"]
    job.state = JobState.RUNNING
    if total is not None:
        job.total = total
        fields.append("total")
    if message:
        job.message = message[:300]
        fields.append("message")
    job.save(update_fields=fields)


def job_finish(*, job: Job, message: str = "") -> None:
    job.state = JobState.DONE
    job.done = job.total or job.done
    job.message = message[:300]
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "done", "message", "finished_at"])


def job_fail(*, job: Job, error: dict[str, Any]) -> None:
    job.state = JobState.FAILED
    job.error = error
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])
