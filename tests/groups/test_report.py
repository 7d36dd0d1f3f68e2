"""The process report: which groups formed, members over time, tasks done, open ends
taken up; as a page and as CSV, XLSX and PDF."""

from __future__ import annotations

import io
import uuid
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from quartier.groups import services
from quartier.groups.models import GroupLogEntry
from quartier.groups.report import groups_table, members_table, open_ends_table, tasks_table
from quartier.wall import services as wall

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcome(event, join, category, admin, in_phase):
    in_phase("groups")  # participants act only in a phase that offers the action
    topic = wall.topic_group_create(event=event, actor=admin, title="Repair-Café")
    anna = join("Anna")
    wall.topic_group_join(group=topic, participant=anna, token=str(uuid.uuid4()))
    services.stay_in_touch_record(
        participant=anna,
        name="Anna",
        email="anna@example.org",
        consent=True,
        topic_group_ids=[topic.pk],
    )
    standing = wall.topic_group_make_standing(
        group=topic, actor=admin, goal="Reparieren", mission="", moderator=admin
    )
    task = services.group_task_add(group=standing, actor=admin, title="Werkzeug besorgen")
    services.group_task_done(group=standing, task=task, actor=admin)
    services.group_task_add(group=standing, actor=admin, title="Flyer")
    in_phase("wall")
    wall.card_post(
        event=event,
        participant=anna,
        title="Lastenrad teilen",
        category_id=category.pk,
        token=str(uuid.uuid4()),
    )
    open_end = wall.open_ends_collect(event=event, actor=admin)[0]
    wall.open_end_take_up(open_end=open_end, group=standing, actor=admin)
    return standing


def test_the_groups_table_says_where_a_group_came_from_and_what_it_did(outcome, event):
    table = groups_table(event.process)
    (row,) = table.rows
    assert row[0] == "Repair-Café" and row[2] == f"Themengruppe bei „{event.title}“"
    assert row[4:8] == [2, 1, 1, 1]  # members, tasks open, tasks done, open ends taken up


def test_members_over_time_follow_joins_and_departures_per_month(outcome, event, admin):
    GroupLogEntry.objects.filter(group=outcome).update(happened_on=date(2026, 9, 15))
    GroupLogEntry.objects.create(
        group=outcome, kind="left", text="x", happened_on=date(2026, 10, 2)
    )
    table = members_table(event.process)
    assert table.header[:3] == ["Gruppe", "09/2026", "10/2026"]
    assert table.rows[0][:3] == ["Repair-Café", 2, 1]


def test_tasks_and_open_ends_tables_list_what_was_done(outcome, event):
    assert [row[1] for row in tasks_table(event.process).rows] == ["Werkzeug besorgen"]
    assert open_ends_table(event.process).rows[0][:2] == ["Lastenrad teilen", "Repair-Café"]


def test_the_report_downloads_as_csv_xlsx_and_pdf(client, outcome, event, admin):
    from quartier.audit.models import AuditEntry

    process = event.process
    org, slug = process.organisation.slug, process.slug
    client.force_login(admin)
    page = client.get(reverse("groups:report", args=[org, slug])).content.decode()
    assert "Mitglieder im Zeitverlauf" in page and "Werkzeug besorgen" in page
    csv = client.get(reverse("groups:report_csv", args=[org, slug]) + "?table=tasks")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Werkzeug besorgen" in csv.content.decode("utf-8-sig")
    assert (
        client.get(reverse("groups:report_csv", args=[org, slug]) + "?table=x").status_code == 404
    )
    xlsx = client.get(reverse("groups:report_xlsx", args=[org, slug]))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == [
        "Gruppen",
        "Mitglieder im Zeitverlauf",
        "Aufgaben erledigt",
        "Aufgegriffene offene Enden",
    ]
    assert workbook["Gruppen"]["A2"].value == "Repair-Café"
    pdf = client.get(reverse("groups:report_pdf", args=[org, slug]))
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(action="groups.report_export").count() == 3
