"""The audit log and a person's access log read as sentences, in German and English."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from quartier.audit.labels import EVENTS, THINGS, action_label

pytestmark = pytest.mark.django_db


def test_every_action_the_services_write_has_a_label():
    import re
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "src" / "quartier"
    actions = set()
    for path in source.rglob("services*.py"):
        actions |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text()))
    for path in source.rglob("services/*.py"):
        actions |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text()))
    assert actions, "the scan must find the actions"
    missing = sorted(a for a in actions if action_label(a) == a)
    assert missing == []
    for thing in ("meeting", "consultation", "task"):
        assert thing in THINGS
    for event in ("timer_started", "timer_back", "done", "open"):
        assert event in EVENTS


def test_labels_are_translated():
    with translation.override("de"):
        assert action_label("contact.viewed") == "Person: angesehen"
        assert action_label("one_to_one.recorded") == "Beziehungsgespräch: erfasst"
    with translation.override("en"):
        assert action_label("contact.viewed") == "Person: viewed"
    assert action_label("something.unknown") == "something.unknown"


def test_the_access_log_on_a_person_shows_labels_not_codes(client, reach):
    client.force_login(reach.admin)
    url = reverse("reach:contact_detail", args=[reach.organisation.slug, reach.inside.pk])
    client.get(url)
    page = client.get(url).content.decode()
    assert "Person: angesehen" in page and "contact.viewed" not in page
    log = client.get(reverse("organisations:audit_log", args=[reach.organisation.slug]))
    assert "Änderungsverlauf" in log.content.decode()
    assert "Person: angelegt" in log.content.decode()
