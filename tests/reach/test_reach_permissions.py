"""Role × action matrix for people and reach, through the real URLs.

Every role is decided for every action. Moderators (key persons) see only the people of
their own groups and places: a person outside is a 404, as if they did not exist.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["admin", "organizer", "moderator", "participant", "outsider"]

# action -> (url name, needs a contact: "inside"/"outside"/None, expected status per role)
ACTIONS = {
    "list people": (
        "reach:contacts",
        None,
        {"admin": 200, "organizer": 200, "moderator": 200, "participant": 403, "outsider": 404},
    ),
    "open person in own group": (
        "reach:contact_detail",
        "inside",
        {"admin": 200, "organizer": 200, "moderator": 200, "participant": 403, "outsider": 404},
    ),
    "open person outside own group": (
        "reach:contact_detail",
        "outside",
        {"admin": 200, "organizer": 200, "moderator": 404, "participant": 403, "outsider": 404},
    ),
    "record one-to-one in own group": (
        "reach:one_to_one_create",
        "inside",
        {"admin": 200, "organizer": 200, "moderator": 200, "participant": 403, "outsider": 404},
    ),
    "record one-to-one outside own group": (
        "reach:one_to_one_create",
        "outside",
        {"admin": 200, "organizer": 200, "moderator": 404, "participant": 403, "outsider": 404},
    ),
    "edit person": (
        "reach:contact_edit",
        "inside",
        {"admin": 200, "organizer": 200, "moderator": 403, "participant": 403, "outsider": 404},
    ),
    "add person": (
        "reach:contact_create",
        None,
        {"admin": 200, "organizer": 200, "moderator": 403, "participant": 403, "outsider": 404},
    ),
    "export person (JSON)": (
        "reach:contact_export_json",
        "inside",
        {"admin": 200, "organizer": 200, "moderator": 403, "participant": 403, "outsider": 404},
    ),
    "export person (PDF)": (
        "reach:contact_export_pdf",
        "inside",
        {"admin": 200, "organizer": 200, "moderator": 403, "participant": 403, "outsider": 404},
    ),
    "erase person": (
        "reach:contact_erase",
        "inside",
        {"admin": 200, "organizer": 403, "moderator": 403, "participant": 403, "outsider": 404},
    ),
    "import contacts": (
        "reach:import_upload",
        None,
        {"admin": 200, "organizer": 200, "moderator": 403, "participant": 403, "outsider": 404},
    ),
    "reachability matrix": (
        "reach:matrix",
        None,
        {"admin": 200, "organizer": 200, "moderator": 403, "participant": 403, "outsider": 404},
    ),
    "add target group": (
        "reach:target_group_create",
        None,
        {"admin": 200, "organizer": 200, "moderator": 403, "participant": 403, "outsider": 404},
    ),
    "places": (
        "reach:places",
        None,
        {"admin": 200, "organizer": 200, "moderator": 200, "participant": 403, "outsider": 404},
    ),
    "add place": (
        "reach:place_create",
        None,
        {"admin": 200, "organizer": 200, "moderator": 403, "participant": 403, "outsider": 404},
    ),
    "key persons": (
        "reach:key_persons",
        None,
        {"admin": 200, "organizer": 200, "moderator": 200, "participant": 403, "outsider": 404},
    ),
    "follow-ups due": (
        "reach:follow_ups",
        None,
        {"admin": 200, "organizer": 200, "moderator": 200, "participant": 403, "outsider": 404},
    ),
    "retention review": (
        "reach:retention_review",
        None,
        {"admin": 200, "organizer": 403, "moderator": 403, "participant": 403, "outsider": 404},
    ),
    "interview campaigns": (
        "interviews:list",
        None,
        {"admin": 200, "organizer": 200, "moderator": 200, "participant": 403, "outsider": 404},
    ),
    "new interview campaign": (
        "interviews:create",
        None,
        {"admin": 200, "organizer": 200, "moderator": 403, "participant": 403, "outsider": 404},
    ),
}

CASES = [(action, role) for action in ACTIONS for role in ROLES]


@pytest.fixture
def users(reach, make_user):
    return {
        "admin": reach.admin,
        "organizer": reach.organizer,
        "moderator": reach.moderator,
        "participant": reach.participant,
        "outsider": make_user(email="fremd@example.org"),
    }


@pytest.mark.parametrize(("action", "role"), CASES, ids=[f"{r}-{a}" for a, r in CASES])
def test_role_action_matrix(client, reach, users, action, role):
    name, who, expected = ACTIONS[action]
    args = [reach.organisation.slug] + ([getattr(reach, who).pk] if who else [])
    client.force_login(users[role])
    response = client.get(reverse(name, args=args))
    assert response.status_code == expected[role], f"{role} / {action}"


def test_a_moderator_cannot_open_a_person_outside_their_group(client, reach):
    client.force_login(reach.moderator)
    response = client.get(
        reverse("reach:contact_detail", args=[reach.organisation.slug, reach.outside.pk])
    )
    assert response.status_code == 404
    assert "Außenseiter" not in response.content.decode()


def test_a_moderator_sees_only_the_people_of_their_group_in_the_list(client, reach):
    client.force_login(reach.moderator)
    page = client.get(reverse("reach:contacts", args=[reach.organisation.slug])).content.decode()
    assert "Ayşe Yıldız" in page
    assert "Außenseiter" not in page


def test_a_moderator_sees_the_people_of_a_place_where_they_are_key_person(reach):
    from quartier.reach.scope import contacts_visible_to
    from quartier.reach.services import (
        contact_create,
        key_person_mark,
        place_create,
        place_membership_add,
    )

    own_contact = contact_create(
        organisation=reach.organisation,
        actor=reach.admin,
        full_name="Mo Moderat",
        legal_basis="contract",
    )
    own_contact.user = reach.moderator
    own_contact.save(update_fields=["user"])
    place = place_create(
        organisation=reach.organisation, actor=reach.admin, name="St. Marien", kind="parish"
    )
    key_person_mark(contact=own_contact, actor=reach.admin, place=place)
    assert reach.outside not in contacts_visible_to(reach.moderator, reach.organisation)
    place_membership_add(place=place, contact=reach.outside, actor=reach.admin)
    assert reach.outside in contacts_visible_to(reach.moderator, reach.organisation)


def test_opening_a_person_is_written_to_the_access_log(client, reach):
    from quartier.audit.models import AuditEntry

    client.force_login(reach.moderator)
    client.get(reverse("reach:contact_detail", args=[reach.organisation.slug, reach.inside.pk]))
    entry = AuditEntry.objects.get(action="contact.viewed")
    assert entry.actor == reach.moderator
    assert entry.target_id == str(reach.inside.pk)


def test_a_moderator_cannot_post_a_one_to_one_for_someone_outside(client, reach):
    client.force_login(reach.moderator)
    url = reverse("reach:one_to_one_create", args=[reach.organisation.slug, reach.outside.pk])
    response = client.post(url, {"held_on": "2026-01-05", "readiness": "3"})
    assert response.status_code == 404
    assert not reach.outside.one_to_ones.exists()
