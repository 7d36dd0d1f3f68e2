"""The background worker: ``quartier worker`` runs what the web requests put in the queue,
and the deployment starts it next to the web server."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from quartier.cli import main

ROOT = Path(__file__).resolve().parents[2]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_the_worker_carries_out_a_long_import_left_in_the_database_queue(reach, monkeypatch):
    from quartier.reach.models import Contact, ContactImport, ImportStatus
    from quartier.reach.services import imports

    monkeypatch.setattr(imports, "BACKGROUND_ROWS", 2)
    data = "Vorname;Nachname;Rechtsgrundlage\nAnna;Alt;Vertrag\nBen;Bau;Vertrag\nCem;Can;Vertrag\n"
    with override_settings(TASKS=DATABASE_QUEUE):
        contact_import = imports.contact_import_upload(
            organisation=reach.organisation,
            actor=reach.organizer,
            filename="liste.csv",
            data=data.encode(),
        )
        imports.contact_import_start(contact_import=contact_import, actor=reach.organizer)
        assert ContactImport.objects.get().status == ImportStatus.RUNNING
        assert not Contact.objects.filter(full_name="Ben Bau").exists()
        assert main(["worker", "--batch", "--no-schedule"]) == 0
    assert ContactImport.objects.get().status == ImportStatus.DONE
    assert Contact.objects.filter(full_name__in=["Anna Alt", "Ben Bau", "Cem Can"]).count() == 3


def test_make_run_and_the_systemd_unit_start_the_worker():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "quartier worker &" in run and "quartier serve" in run
    unit = (ROOT / "deploy" / "quartier-worker.service").read_text()
    assert "ExecStart=/srv/quartier/.venv/bin/quartier worker" in unit


@pytest.mark.django_db
def test_finished_jobs_are_pruned_after_a_week_and_waiting_ones_stay():
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from quartier.core.tasks import mail_send, prune_task_results

    with override_settings(TASKS=DATABASE_QUEUE):
        for _number in range(3):
            mail_send.enqueue(subject="S", body="B", to="a@example.org", reply_to=[])
    old, recent, waiting = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=old.pk).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=8)
    )
    DBTaskResult.objects.filter(pk=recent.pk).update(
        status="FAILED", finished_at=timezone.now() - timedelta(days=6)
    )
    assert prune_task_results.call() == 1
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
