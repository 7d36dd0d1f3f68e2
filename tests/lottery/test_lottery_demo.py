"""The demo's finished lottery: letters, 120 replies, a drawn panel, register deleted."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_finished_lottery_without_the_shared_folder(client):
    from quartier.audit.models import AuditEntry
    from quartier.lottery.demo import lottery
    from quartier.processes.demo import organisation_and_team, processes

    context: dict = {}
    for step in (organisation_and_team, processes, lottery):
        step(context)
    item = context["lottery"]
    item.refresh_from_db()
    assert item.municipalities.count() == 3
    assert item.letters.filter(kind="register").count() == 400
    assert item.letters.filter(kind="new_residents").count() == 20
    assert item.registrations.count() == 120
    assert item.registrations.filter(status="selected").count() == 30
    assert item.registrations.filter(status="reserve").exists()
    assert item.invitees.count() == 30
    assert item.register_deleted_at is not None
    assert not item.letters.exclude(family_name="").exists()
    assert AuditEntry.objects.filter(
        action="lottery.register_deleted", target_id=str(item.pk)
    ).exists()
    assert client.get(f"/lotterie/{item.public_id}/").status_code == 200
    client.force_login(context["users"]["organizer@example.org"])
    base = f"/o/{item.process.organisation.slug}/p/{item.process.slug}/lottery/{item.pk}"
    for page in (
        "setup",
        "register",
        "draw",
        "letters",
        "registrations",
        "pool",
        "selection",
        "confirmations",
        "privacy",
    ):
        assert client.get(f"{base}/{page}/").status_code == 200, page
