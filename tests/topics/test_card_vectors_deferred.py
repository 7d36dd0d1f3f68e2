"""With a worker that runs jobs later, a busy wall gets one embedding job per event and
a few seconds, not one per card, and none of it runs in the live room's writer."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from quartier.wall import services as wall_services

pytestmark = pytest.mark.django_db


class DeferringTask:
    """Stands in for the task on a backend that supports ``run_after``."""

    def __init__(self) -> None:
        self.enqueued: list[tuple[object, dict]] = []
        self.run_after: object = None

    def get_backend(self) -> SimpleNamespace:
        return SimpleNamespace(supports_defer=True)

    def using(self, *, run_after: object) -> DeferringTask:
        self.run_after = run_after
        return self

    def enqueue(self, **kwargs: object) -> None:
        self.enqueued.append((self.run_after, kwargs))


@pytest.fixture
def deferring(monkeypatch):
    from quartier.topics import signals, tasks

    fake = DeferringTask()
    monkeypatch.setattr(tasks, "card_vectors_fill", fake)
    monkeypatch.setattr(signals, "_waiting", {})
    return fake


def _post(event, join, category, token, title):
    wall_services.card_post(
        event=event, participant=join(), title=title, category_id=category.pk, token=token()
    )


def test_cards_posted_while_a_job_waits_share_it(
    deferring, event, join, category, token, django_capture_on_commit_callbacks
):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for title in ("Radwege", "Bänke", "Spielplatz"):
            _post(event, join, category, token, title)
    assert len(deferring.enqueued) == 1
    run_after, kwargs = deferring.enqueued[0]
    assert kwargs == {"event_pk": event.pk}
    assert run_after >= before + timedelta(seconds=4)  # after the cards posted meanwhile


def test_a_card_after_the_job_ran_gets_a_new_job(
    deferring, monkeypatch, event, join, category, token, django_capture_on_commit_callbacks
):
    from quartier.topics import signals

    with django_capture_on_commit_callbacks(execute=True):
        _post(event, join, category, token, "Radwege")
    later = signals._clock() + signals.GATHER_SECONDS + 1
    monkeypatch.setattr(signals, "_clock", lambda: later)
    with django_capture_on_commit_callbacks(execute=True):
        _post(event, join, category, token, "Bänke")
    assert len(deferring.enqueued) == 2
