"""Periodic jobs for the background worker: a registry and a small timer thread.

django-tasks has no scheduler. Apps register a task here (``periodic``); the worker
started with ``quartier worker`` enqueues each one every few minutes. The jobs themselves
are idempotent (they mark what they sent), so an extra run sends nothing twice.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

logger = logging.getLogger(__name__)
_jobs: dict[str, Any] = {}


def periodic(task: Any) -> Any:
    """Register a django-tasks task (taking no arguments) to be enqueued periodically."""
    _jobs[f"{task.module_path}"] = task
    return task


def jobs() -> list[Any]:
    return list(_jobs.values())


def enqueue_periodic_jobs() -> int:
    from django.apps import apps

    for config in apps.get_app_configs():  # the tasks register themselves on import
        try:
            __import__(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tasks":
                raise
    for job in jobs():
        job.enqueue()
    return len(_jobs)


def start_scheduler(*, interval: float) -> threading.Thread:
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                enqueue_periodic_jobs()
            except Exception:  # keep scheduling even when the database is briefly away
                logger.exception("could not enqueue the periodic jobs")
            stop.wait(interval)

    thread = threading.Thread(target=loop, name="quartier-scheduler", daemon=True)
    thread.start()
    return thread
