"""Phone participants stay in touch only with consent: they become contacts, members of
the standing group they chose, and count in coverage and key-person paths; those who
leave nothing stay anonymous."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quartier.core.errors import DomainError
from quartier.groups.models import StayInTouch
from quartier.groups.services import member_set_role, stay_in_touch_record
from quartier.reach.models import Contact, Participation
from quartier.wall import services as wall

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic_group(event, admin, in_phase):
    in_phase("groups")
    return wall.topic_group_create(event=event, actor=admin, title="Repair-Café")


def _in_group(group, participant):
    wall.topic_group_join(group=group, participant=participant, token=str(uuid.uuid4()))
    return participant


def _phone(client, event, name):
    """A phone joins with the code; returns its participant."""
    client.post(
        reverse("events:join", args=[event.join_code]),
        {"display_name": name, "client_token": str(uuid.uuid4())},
    )
    return event.participants.get(display_name=name)


def test_a_phone_leaves_details_with_consent_and_becomes_a_contact(client, event, topic_group):
    participant = _in_group(topic_group, _phone(client, event, "Anna"))
    url = reverse("groups:stay_in_touch", args=[event.join_code])
    page = client.get(url).content.decode()
    assert "Repair-Café" in page and "Ich bin einverstanden" in page
    response = client.post(
        url,
        {
            "name": "Anna Beispiel",
            "email": "anna@example.org",
            "groups": [topic_group.pk],
            "topics": ["groups", "volunteering", "bogus"],
            "consent": "on",
        },
    )
    assert response.status_code == 200 and "Danke" in response.content.decode()
    contact = Contact.objects.get(full_name="Anna Beispiel")
    assert contact.legal_basis == "consent" and contact.consent_given_on == timezone.localdate()
    assert contact.retention_until == timezone.localdate() + timedelta(days=730)
    participant.refresh_from_db()
    assert participant.contact == contact
    record = StayInTouch.objects.get()
    assert record.topics == ["groups", "volunteering"] and record.topic_groups == [topic_group.pk]
    assert "Einwilligung" in record.consent_text or "consent" in record.consent_text
    assert Participation.objects.filter(contact=contact, kind="event").exists()


def test_without_consent_nothing_is_stored(client, event, topic_group):
    participant = _in_group(topic_group, _phone(client, event, "Ben"))
    response = client.post(
        reverse("groups:stay_in_touch", args=[event.join_code]),
        {"name": "Ben", "email": "ben@example.org", "groups": [topic_group.pk]},
    )
    assert "Einwilligung" in response.content.decode()
    assert not Contact.objects.exists() and not StayInTouch.objects.exists()
    participant.refresh_from_db()
    assert participant.contact is None


def test_it_rejects_a_name_without_a_way_to_be_reached(join):
    with pytest.raises(DomainError) as caught:
        stay_in_touch_record(participant=join("Cem"), name="Cem", consent=True)
    assert caught.value.code == "reach_missing"
    with pytest.raises(DomainError) as caught:
        stay_in_touch_record(participant=join("Dora"), name="Dora", email="kaputt@", consent=True)
    assert caught.value.code == "email_invalid"


def test_a_phone_without_a_session_is_sent_to_join(client, event):
    response = client.get(reverse("groups:stay_in_touch", args=[event.join_code]))
    assert response.status_code == 302
    assert response["Location"] == reverse("events:join", args=[event.join_code])


def test_the_standing_group_keeps_those_who_chose_it_and_not_the_anonymous(
    event, join, topic_group, admin
):
    """The bug: a topic group turned standing group had "1 Mitglied" (the moderator)."""
    anna = _in_group(topic_group, join("Anna"))
    ben = _in_group(topic_group, join("Ben"))
    _in_group(topic_group, join(""))  # stays anonymous
    cem = _in_group(topic_group, join("Cem"))
    stay_in_touch_record(
        participant=anna,
        name="Anna",
        email="anna@example.org",
        consent=True,
        topic_group_ids=[topic_group.pk],
    )
    stay_in_touch_record(
        participant=ben,
        name="Ben",
        phone="0170 1234567",
        consent=True,
        topic_group_ids=[topic_group.pk],
    )
    # Cem wants news but did not choose to carry on with the group.
    stay_in_touch_record(participant=cem, name="Cem", email="cem@example.org", consent=True)
    standing = wall.topic_group_make_standing(
        group=topic_group, actor=admin, goal="Reparieren", mission="", moderator=admin
    )
    names = sorted(str(m.contact or m.user.full_name) for m in standing.members.all())
    assert names == ["Anna", "Ben", admin.full_name]
    assert Contact.objects.count() == 3  # the anonymous participant left nothing


def test_choosing_a_group_that_is_standing_already_makes_a_member(event, join, topic_group, admin):
    standing = wall.topic_group_make_standing(
        group=topic_group, actor=admin, goal="Reparieren", mission="", moderator=admin
    )
    dora = _in_group(topic_group, join("Dora"))
    stay_in_touch_record(
        participant=dora,
        name="Dora",
        email="dora@example.org",
        consent=True,
        topic_group_ids=[topic_group.pk],
    )
    assert standing.members.filter(contact__full_name="Dora").exists()
    assert standing.log.filter(kind="joined").count() == 2  # the moderator and Dora


def test_a_group_not_joined_cannot_be_chosen(event, join, topic_group, admin):
    other = wall.topic_group_create(event=event, actor=admin, title="Radwege")
    eva = _in_group(topic_group, join("Eva"))
    record = stay_in_touch_record(
        participant=eva,
        name="Eva",
        email="eva@example.org",
        consent=True,
        topic_group_ids=[other.pk, topic_group.pk],
    )
    assert record.topic_groups == [topic_group.pk]


def test_new_contacts_count_in_coverage_and_the_key_person_path(
    event, join, topic_group, admin, organisation
):
    from quartier.reach.coverage import coverage_for
    from quartier.reach.leadership import leadership_path
    from quartier.reach.models import TargetGroup

    fatma = _in_group(topic_group, join("Fatma"))
    record = stay_in_touch_record(
        participant=fatma,
        name="Fatma",
        email="fatma@example.org",
        consent=True,
        topic_group_ids=[topic_group.pk],
    )
    target = TargetGroup.objects.create(
        organisation=organisation, name="Nordkiez", reachability="low"
    )
    target.members.add(record.contact)
    assert [(c.members, c.reached) for c in coverage_for(organisation=organisation)] == [(1, 1)]
    standing = wall.topic_group_make_standing(
        group=topic_group, actor=admin, goal="Reparieren", mission="", moderator=admin
    )
    member = standing.members.get(contact=record.contact)
    member_set_role(member=member, actor=admin, role="moderator")
    assert leadership_path(contact=record.contact).groups_led == 1


def test_leaving_details_twice_updates_the_choice_not_a_second_contact(join, topic_group):
    gabi = _in_group(topic_group, join("Gabi"))
    stay_in_touch_record(participant=gabi, name="Gabi", email="gabi@example.org", consent=True)
    stay_in_touch_record(
        participant=gabi,
        name="Gabi",
        email="gabi@example.org",
        consent=True,
        topics=["events"],
        topic_group_ids=[topic_group.pk],
    )
    assert Contact.objects.count() == 1
    record = StayInTouch.objects.get()
    assert record.topics == ["events"] and record.topic_groups == [topic_group.pk]
