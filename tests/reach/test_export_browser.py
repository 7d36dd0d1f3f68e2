"""An organizer takes the people list and the tasks back to Excel, in Chromium."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_organizer_downloads_people_as_csv_and_tasks_as_excel(
    live_server, new_page, login, reach, assert_accessible
):
    from quartier.audit.models import AuditEntry
    from quartier.followups.services import task_create

    task_create(
        organisation=reach.organisation, process=reach.process, actor=reach.organizer,
        title="Flyer verteilen", owner=reach.organizer, due_on=timezone.localdate(),
    )  # fmt: skip
    page = new_page(width=360, height=740)
    login(page, reach.organizer.email)
    page.goto(f"{live_server.url}/o/{reach.organisation.slug}/reach/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Als CSV exportieren").click()
    text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Name;E-Mail;Telefon")
    assert "Ayşe Yıldız" in text
    page.goto(f"{live_server.url}/o/{reach.organisation.slug}/p/{reach.process.slug}/tasks/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Als Excel exportieren").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert [c.value for c in sheet[2]][:2] == ["Flyer verteilen", "Olga Orga"]
    logged = set(AuditEntry.objects.filter(actor=reach.organizer).values_list("action", flat=True))
    assert {"contacts.exported", "tasks.exported"} <= logged
