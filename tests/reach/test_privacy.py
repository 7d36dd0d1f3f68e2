"""Erasure (Art. 17) and export (Art. 15).

After erasure no text column of any table holds the person's name, e-mail or phone, and
coverage and attendance counts are what they were before.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from quartier.reach.coverage import coverage_for, focus_coverage
from quartier.reach.models import Participation
from quartier.reach.services import (
    contact_erase,
    key_person_mark,
    one_to_one_record,
    participation_record,
    place_create,
    place_membership_add,
    target_group_create,
    target_group_members_set,
)
from quartier.reach.services.one_to_ones import FollowUp

pytestmark = pytest.mark.django_db


def _text_columns() -> list[tuple[str, str]]:
    """Every character column of every table, found through the database itself."""
    columns = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                if not column.type_code:  # untyped SQLite columns (the FTS5 index) hold text
                    columns.append((table, column.name))
                    continue
                type_name = str(
                    connection.introspection.get_field_type(column.type_code, column)
                ).lower()
                if any(kind in type_name for kind in ("char", "text", "json")):
                    columns.append((table, column.name))
    return columns


def _rows_containing(needle: str) -> list[tuple[str, str]]:
    hits = []
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            qt, qc = connection.ops.quote_name(table), connection.ops.quote_name(column)
            cast = f"CAST({qc} AS TEXT)"
            cursor.execute(
                f"SELECT COUNT(*) FROM {qt} WHERE LOWER({cast}) LIKE %s", [f"%{needle.lower()}%"]
            )
            if cursor.fetchone()[0]:
                hits.append((table, column))
    return hits


@pytest.fixture
def busy_person(reach):
    """Ayşe has a one-to-one, follow-up, place, key mark, event, target group and interview."""
    from quartier.interviews.services import campaign_create, interview_record

    org, person = reach.organisation, reach.inside
    one_to_one_record(
        contact=person,
        actor=reach.organizer,
        held_on=timezone.localdate(),
        readiness=4,
        interests="Ayşe Yıldız möchte einen Nachbarschaftsgarten",
        notes="Telefon +49 170 5550101",
        follow_ups=[
            FollowUp(title="Ayşe Yıldız zurückrufen", due_on=timezone.localdate(), by_contact=False)
        ],
    )
    place = place_create(
        organisation=org,
        actor=reach.admin,
        name="Kleingartenverein Nord",
        kind="club",
        contact_person=person,
    )
    place_membership_add(place=place, contact=person, actor=reach.admin, role="Vorstand")
    key_person_mark(contact=person, actor=reach.admin, place=place)
    participation_record(
        contact=person,
        source=reach.process,
        kind="event",
        role="attendee",
        occurred_at=timezone.now(),
        label="Offene Versammlung",
    )
    focus = target_group_create(
        organisation=org, actor=reach.admin, name="Neuzugezogene", reachability="low", is_focus=True
    )
    target_group_members_set(
        target_group=focus, actor=reach.admin, contacts=[person, reach.outside]
    )
    campaign = campaign_create(
        organisation=org,
        actor=reach.organizer,
        title="Integration",
        opening_question="Was verstehen Sie unter Integration?",
    )
    opening = campaign.questions.get()
    interview_record(
        campaign=campaign,
        interviewer=reach.organizer,
        held_on=timezone.localdate(),
        answers={opening.pk: "Für mich (Ayşe Yıldız) heißt das Teilhabe."},
        client_token="t1",
        contact=person,
    )
    return person


def test_erasure_leaves_no_personal_field_anywhere_and_keeps_the_counts(client, reach, busy_person):
    person = busy_person
    client.force_login(reach.organizer)
    client.get(
        reverse("reach:contact_detail", args=[reach.organisation.slug, person.pk])
    )  # access log entry
    needles = ["Ayşe Yıldız", "ayse.yildiz@example.org", "+49 170 5550101"]
    assert _rows_containing("ayse.yildiz@example.org"), "the scan must see the data before erasure"
    before = (
        [
            (c.target_group.pk, c.members, c.reached)
            for c in coverage_for(organisation=reach.organisation)
        ],
        focus_coverage(organisation=reach.organisation),
        Participation.objects.filter(organisation=reach.organisation).count(),
        Participation.objects.filter(kind="event").count(),
    )

    from quartier.reach.models import ContactImport
    from quartier.reach.services.imports import contact_import_upload

    contact_import_upload(  # an abandoned upload that names her
        organisation=reach.organisation,
        actor=reach.organizer,
        filename="alt.csv",
        data="Name;E-Mail\nAyşe Yıldız;ayse.yildiz@example.org\n".encode("cp1252", "replace"),
    )
    contact_erase(contact=person, actor=reach.admin)
    assert not ContactImport.objects.exists()

    for needle in needles:
        assert _rows_containing(needle) == [], f"{needle!r} still stored"
    after = (
        [
            (c.target_group.pk, c.members, c.reached)
            for c in coverage_for(organisation=reach.organisation)
        ],
        focus_coverage(organisation=reach.organisation),
        Participation.objects.filter(organisation=reach.organisation).count(),
        Participation.objects.filter(kind="event").count(),
    )
    assert after == before
    person.refresh_from_db()
    assert person.is_erased and str(person) in {"(gelöscht)", "(erased)"}
    assert not person.key_roles.exists()
    assert person.interviews.count() == 0  # the interview is anonymous now, but still counted
    from quartier.interviews.models import Interview

    assert Interview.objects.count() == 1


def test_an_erased_person_disappears_from_lists_and_pages(client, reach):
    contact_erase(contact=reach.inside, actor=reach.admin)
    client.force_login(reach.admin)
    page = client.get(reverse("reach:contacts", args=[reach.organisation.slug])).content.decode()
    assert "Yıldız" not in page
    assert (
        client.get(
            reverse("reach:contact_detail", args=[reach.organisation.slug, reach.inside.pk])
        ).status_code
        == 403
    )


def test_only_an_admin_can_erase_and_only_by_post(client, reach):
    url = reverse("reach:contact_erase", args=[reach.organisation.slug, reach.inside.pk])
    client.force_login(reach.organizer)
    assert client.post(url).status_code == 403
    client.force_login(reach.admin)
    assert client.get(url).status_code == 200
    reach.inside.refresh_from_db()
    assert not reach.inside.is_erased
    assert client.post(url).status_code == 302
    reach.inside.refresh_from_db()
    assert reach.inside.is_erased


def test_the_export_holds_everything_about_the_person_as_json_and_pdf(client, reach, busy_person):
    from pypdf import PdfReader

    client.force_login(reach.organizer)
    response = client.get(
        reverse("reach:contact_export_json", args=[reach.organisation.slug, busy_person.pk])
    )
    data = json.loads(response.content)
    assert data["person"]["email"] == "ayse.yildiz@example.org"
    assert data["one_to_ones"][0]["readiness"] == 4
    assert data["places"] == [{"place": "Kleingartenverein Nord", "role": "Vorstand"}]
    assert data["target_groups"] == ["Neuzugezogene"]
    assert data["interviews"][0]["answers"][0]["answer"].startswith("Für mich")
    assert data["groups"][0]["group"] == "Gartengruppe Nordkiez"
    response = client.get(
        reverse("reach:contact_export_pdf", args=[reach.organisation.slug, busy_person.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Ayşe Yıldız" in text and "Kleingartenverein Nord" in text
    # German labels, dates and Berlin times to the minute; no JSON keys, no microseconds
    assert "E-Mail: ayse.yildiz@example.org" in text and "Einwilligung am: 10.01.2026" in text
    assert "email:" not in text and "consent_given_on" not in text and "held_by" not in text
    assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d+", text)  # no microsecond timestamps
    assert "Person: angesehen" in text or "Person: exportiert" in text


def test_contacts_due_for_review_are_listed_and_can_be_kept(client, reach):
    reach.inside.retention_until = timezone.localdate() - timedelta(days=1)
    reach.inside.save(update_fields=["retention_until"])
    client.force_login(reach.admin)
    url = reverse("reach:retention_review", args=[reach.organisation.slug])
    assert "Ayşe Yıldız" in client.get(url).content.decode()
    new_date = timezone.localdate() + timedelta(days=365)
    client.post(
        reverse("reach:retention_extend", args=[reach.organisation.slug, reach.inside.pk]),
        {"until": new_date.isoformat()},
    )
    reach.inside.refresh_from_db()
    assert reach.inside.retention_until == new_date
    client.get(url)  # shows (and consumes) the success message
    assert "Ayşe Yıldız" not in client.get(url).content.decode()


def test_coverage_counts_people_with_a_record_in_the_ledger(reach):
    group = target_group_create(
        organisation=reach.organisation,
        actor=reach.admin,
        name="Jugend in Vereinen",
        reachability="medium",
    )
    target_group_members_set(
        target_group=group, actor=reach.admin, contacts=[reach.inside, reach.outside]
    )
    (cell,) = coverage_for(organisation=reach.organisation)
    assert (cell.members, cell.reached, cell.bucket) == (2, 0, 0)
    one_to_one_record(
        contact=reach.inside, actor=reach.organizer, held_on=date(2026, 3, 1), readiness=2
    )
    participation_record(
        contact=reach.inside,
        source=reach.process,
        kind="event",
        role="attendee",
        occurred_at=timezone.now(),
    )
    (cell,) = coverage_for(organisation=reach.organisation)
    assert (cell.members, cell.reached, cell.percent, cell.bucket) == (2, 1, 50, 2)


def test_erasure_does_not_touch_a_namesake_in_another_organisation(reach, make_user):
    from quartier.followups.services import task_create
    from quartier.organisations.services import organisation_create

    other_org = organisation_create(name="Anderer Träger", creator=make_user(email="x@example.org"))
    theirs = task_create(
        organisation=other_org, actor=None, title="Ayşe Yıldız aus dem Südviertel anrufen"
    )
    ours = task_create(organisation=reach.organisation, actor=None, title="Ayşe Yıldız anrufen")
    contact_erase(contact=reach.inside, actor=reach.admin)
    theirs.refresh_from_db()
    ours.refresh_from_db()
    assert theirs.title == "Ayşe Yıldız aus dem Südviertel anrufen"
    assert "Yıldız" not in ours.title
