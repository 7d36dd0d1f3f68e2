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
