"""Back to Excel: people, places and tasks as CSV and XLSX, by role, in the access log."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from quartier.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_organizer_exports_people_as_csv_for_german_excel_and_it_is_logged(client, reach):
    from quartier.reach.services import contact_create

    contact_create(
        organisation=reach.organisation,
        actor=reach.organizer,
        full_name="=HYPERLINK(1)",
        legal_basis="contract",
    )
    client.force_login(reach.organizer)
    url = reverse("reach:contacts_export", args=[reach.organisation.slug, "csv"])
    response = client.get(url + "?q=Ay%C5%9Fe")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffName;E-Mail;Telefon;Straße")
    assert "Ayşe Yıldız;ayse.yildiz@example.org" in text and "Außenseiter" not in text
    entry = AuditEntry.objects.get(action="contacts.exported")
    assert entry.actor == reach.organizer and entry.data == {"count": 1, "format": "csv"}
    everything = client.get(url).content.decode("utf-8")
    assert "'=HYPERLINK(1)" in everything  # no formula injection into Excel


def test_moderators_cannot_export_people_and_unknown_formats_are_404(client, reach):
    client.force_login(reach.moderator)
    url = reverse("reach:contacts_export", args=[reach.organisation.slug, "csv"])
    assert client.get(url).status_code in (403, 404)
    client.force_login(reach.organizer)
    assert client.get(url.replace(".csv", ".pdf")).status_code == 404


def test_places_and_tasks_export_as_xlsx(client, reach):
    from quartier.followups.services import task_create
    from quartier.reach.services import place_create

    place_create(
        organisation=reach.organisation, actor=reach.admin, name="Moschee Nord", kind="mosque"
    )
    task_create(
        organisation=reach.organisation,
        process=reach.process,
        actor=reach.admin,
        title="Saal buchen",
        owner=reach.organizer,
        due_on=timezone.localdate(),
    )
    client.force_login(reach.admin)
    places = client.get(reverse("reach:places_export", args=[reach.organisation.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(places.content)).active
    assert [c.value for c in sheet[1]][:2] == ["Name", "Art"]
    assert sheet["A2"].value == "Moschee Nord"
    tasks = client.get(
        reverse("followups:export", args=[reach.organisation.slug, reach.process.slug, "xlsx"])
    )
    rows = list(load_workbook(io.BytesIO(tasks.content)).active.values)
    assert rows[1][:2] == ("Saal buchen", "Olga Orga")
    assert set(
        AuditEntry.objects.filter(action__endswith=".exported").values_list("action", flat=True)
    ) == {
        "places.exported",
        "tasks.exported",
    }
