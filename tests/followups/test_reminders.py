"""Due reminders come from the worker's periodic job, once per task, in the owner's
language, and not at all for owners who turned them off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from quartier.core.schedule import enqueue_periodic_jobs
from quartier.followups.services import task_create

pytestmark = pytest.mark.django_db


def test_the_worker_sends_one_reminder_per_owner_for_due_and_overdue_tasks(
    organisation, process, make_member
):
    owner = make_member(organisation, "organizer", email="olga@example.org", name="Olga Orga")
    today = timezone.localdate()
    for title, due in [
        ("Flyer drucken", today + timedelta(days=1)),
        ("Saal buchen", today - timedelta(days=2)),
        ("Später", today + timedelta(days=10)),
    ]:
        task_create(
            organisation=organisation,
            process=process,
            actor=owner,
            title=title,
            owner=owner,
            due_on=due,
        )
    mail.outbox.clear()
    enqueue_periodic_jobs()  # what `quartier worker` does every few minutes
    assert [m.to for m in mail.outbox] == [["olga@example.org"]]
    body = mail.outbox[0].body
    assert "Flyer drucken" in body and "Saal buchen" in body and "Später" not in body
    assert "überfällig" in body and mail.outbox[0].subject == "Erinnerung: 2 Aufgaben sind fällig"
    enqueue_periodic_jobs()
    assert len(mail.outbox) == 1  # each task is reminded once


def test_reminders_are_in_english_for_english_users_and_can_be_turned_off(
    client, organisation, process, make_member
):
    english = make_member(organisation, "organizer", email="emma@example.org", name="Emma")
    quiet = make_member(organisation, "organizer", email="ruhe@example.org", name="Rudi Ruhe")
    english.language = "en"
    english.save()
    client.force_login(quiet)
    page = client.get("/accounts/settings/").content.decode()
    assert "Erinnerungen" in page
    client.post(
        "/accounts/settings/", {"full_name": "Rudi Ruhe", "language": "de", "reminders": ""}
    )
    quiet.refresh_from_db()
    assert quiet.reminders is False
    for owner in (english, quiet):
        task_create(
            organisation=organisation,
            process=process,
            actor=owner,
            title="Call the school",
            owner=owner,
            due_on=timezone.localdate(),
        )
    mail.outbox.clear()
    enqueue_periodic_jobs()
    assert [m.to for m in mail.outbox] == [["emma@example.org"]]
    assert mail.outbox[0].subject == "Reminder: 1 task is due"
    assert "These tasks and next steps are due by tomorrow" in mail.outbox[0].body
