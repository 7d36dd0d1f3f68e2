from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quartier.core.errors import DomainError
from quartier.reach.leadership import leadership_path
from quartier.reach.services import (
    contact_create,
    contact_duplicates,
    key_person_mark,
    one_to_one_record,
    participation_record,
    place_create,
)
from quartier.reach.services.one_to_ones import FollowUp

pytestmark = pytest.mark.django_db


def test_a_new_person_with_a_known_email_or_phone_triggers_the_duplicate_warning(client, reach):
    org = reach.organisation
    assert contact_duplicates(
        organisation=org, full_name="Someone Else", email="AYSE.YILDIZ@example.org"
    )
    assert contact_duplicates(organisation=org, full_name="Someone Else", phone="0170 555 0101")
    assert contact_duplicates(organisation=org, full_name="ayşe yıldız")
    assert not contact_duplicates(organisation=org, full_name="Someone Else", email="x@example.org")

    client.force_login(reach.organizer)
    url = reverse("reach:contact_create", args=[org.slug])
    data = {
        "full_name": "Ayşe Yıldız",
        "email": "ayse.yildiz@example.org",
        "legal_basis": "legitimate_interest",
    }
    page = client.post(url, data)
    assert page.status_code == 200
    assert "Diese Person gibt es vielleicht schon" in page.content.decode()
    assert org.contacts.filter(full_name="Ayşe Yıldız").count() == 1
    response = client.post(url, data | {"confirm_duplicate": "on"})
    assert response.status_code == 302
    assert org.contacts.filter(full_name="Ayşe Yıldız").count() == 2


def test_consent_needs_a_date(reach):
    with pytest.raises(DomainError) as error:
        contact_create(
            organisation=reach.organisation,
            actor=reach.admin,
            full_name="Neu",
            legal_basis="consent",
        )
    assert error.value.code == "consent_date_required"


def test_a_one_to_one_lands_in_the_ledger_the_timeline_and_creates_follow_ups(reach):
    from quartier.followups.selectors import tasks_due_for_user

    today = timezone.localdate()
    one_to_one = one_to_one_record(
        contact=reach.inside,
        actor=reach.organizer,
        held_on=today,
        readiness=4,
        interests="Spielplatz",
        concerns="Verkehr",
        motivation="Kinder",
        follow_ups=[
            FollowUp(title="Treffen mit Elternbeirat", due_on=today),
            FollowUp(title="Flyer", by_contact=True),
        ],
    )
    participation = reach.inside.participations.get()
    assert participation.kind == "one_to_one"
    tasks = list(tasks_due_for_user(user=reach.organizer, organisation=reach.organisation))
    assert {t.title for t in tasks} == {"Treffen mit Elternbeirat", "Flyer"}
    flyer = next(t for t in tasks if t.title == "Flyer")
    assert flyer.owner_contact == reach.inside
    assert flyer.source_type == "reach.onetoone" and flyer.source_id == str(one_to_one.pk)


def test_a_one_to_one_cannot_be_in_the_future(reach):
    with pytest.raises(DomainError):
        one_to_one_record(
            contact=reach.inside,
            actor=reach.organizer,
            held_on=timezone.localdate() + timedelta(days=2),
            readiness=2,
        )


def test_the_leadership_path_is_derived_from_the_records(reach):
    from quartier.groups.models import GroupMember

    leader = contact_create(
        organisation=reach.organisation,
        actor=reach.admin,
        full_name="Lena Leiterin",
        legal_basis="contract",
    )
    leader.user = reach.organizer
    leader.save(update_fields=["user"])
    assert leadership_path(contact=leader).total == 0
    one_to_one_record(
        contact=reach.outside, actor=reach.organizer, held_on=date(2026, 2, 1), readiness=3
    )
    participation_record(
        contact=leader,
        source=reach.process,
        kind="meeting",
        role="moderator",
        occurred_at=timezone.now(),
        label="Kleingruppe St. Marien",
    )
    participation_record(
        contact=leader,
        source=reach.group,
        kind="training",
        role="attendee",
        occurred_at=timezone.now(),
    )
    GroupMember.objects.create(group=reach.group, contact=leader, role="moderator")
    path = leadership_path(contact=leader)
    assert (path.one_to_ones_held, path.meetings_led, path.groups_led, path.trainings) == (
        1,
        1,
        1,
        1,
    )


def test_places_without_a_key_person_are_listed(client, reach):
    parish = place_create(
        organisation=reach.organisation, actor=reach.admin, name="St. Marien", kind="parish"
    )
    place_create(
        organisation=reach.organisation,
        actor=reach.admin,
        name="Moscheegemeinde Nord",
        kind="mosque",
    )
    key_person_mark(contact=reach.inside, actor=reach.admin, place=parish)
    with pytest.raises(DomainError):
        key_person_mark(contact=reach.inside, actor=reach.admin, place=parish)
    client.force_login(reach.organizer)
    page = client.get(reverse("reach:key_persons", args=[reach.organisation.slug])).content.decode()
    missing = page.split("Wo es noch keine Schlüsselperson gibt")[1].split(
        "Schlüsselpersonen je Ort"
    )[0]
    assert "Moscheegemeinde Nord" in missing
    assert "St. Marien" not in missing
    assert "Gartengruppe Nordkiez" not in missing  # it has a named moderator


def test_search_and_filter_people(client, reach):
    client.force_login(reach.organizer)
    url = reverse("reach:contacts", args=[reach.organisation.slug])
    page = client.get(url, {"q": "yıldız"}).content.decode()
    assert "Ayşe Yıldız" in page and "Außenseiter" not in page
    page = client.get(url, {"neighbourhood": "Nordkiez"}).content.decode()
    assert "Ayşe Yıldız" in page and "Außenseiter" not in page
    fragment = client.get(
        url, {"q": "Bernd"}, headers={"HX-Request": "true", "HX-Target": "contact-results"}
    )
    assert "<html" not in fragment.content.decode() and "Außenseiter" in fragment.content.decode()


def test_the_process_page_shows_the_reach_panel_to_organizers(client, reach):
    client.force_login(reach.organizer)
    page = client.get(reach.process.get_absolute_url()).content.decode()
    assert "Fokusgruppen erreicht" in page


def test_an_organizer_links_a_person_to_a_place_and_marks_them_key_person(client, reach):
    parish = place_create(
        organisation=reach.organisation, actor=reach.admin, name="St. Marien", kind="parish"
    )
    client.force_login(reach.organizer)
    slug, pk = reach.organisation.slug, reach.inside.pk
    client.post(
        reverse("reach:contact_place_add", args=[slug, pk]),
        {"membership-place": parish.pk, "membership-role": "Chor"},
    )
    assert reach.inside.place_memberships.get().role == "Chor"
    client.post(reverse("reach:key_person_add", args=[slug, pk]), {"key-place": parish.pk})
    assert reach.inside.key_roles.get().place == parish
    response = client.post(
        reverse("reach:key_person_add", args=[slug, pk]),
        {"key-place": parish.pk, "key-group": reach.group.pk},
        follow=True,
    )
    assert "Bitte entweder einen Ort oder eine Gruppe wählen." in response.content.decode()
    client.post(reverse("reach:key_person_add", args=[slug, pk]), {"key-group": reach.group.pk})
    assert reach.inside.key_roles.count() == 2
    page = client.get(reverse("reach:contact_detail", args=[slug, pk])).content.decode()
    assert 'id="id_membership-place"' in page and 'id="id_key-place"' in page
