"""Who may do what with an event, as a role × action matrix over the real views.

Roles: organizer of the organisation, moderator on the event's team, a moderator of the
organisation who is not on the team, an outsider from another organisation (404: the
event's existence is not revealed), and an anonymous visitor. Participants have no
account: their actions need a join session.
"""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from quartier.wall.models import Card

pytestmark = pytest.mark.django_db

ALLOW, DENY, HIDDEN, LOGIN = "allow", "deny", "hidden", "login"


@pytest.fixture
def people(organisation, admin, moderator, make_member, make_user):
    from quartier.organisations.services import organisation_create

    organizer = make_member(organisation, "organizer", email="organizer@example.org")
    off_team = make_member(organisation, "moderator", email="offteam@example.org")
    outsider = make_user(email="outsider@example.org")
    organisation_create(name="Andere Initiative", creator=outsider)
    return {
        "organizer": organizer,
        "admin": admin,
        "moderator": moderator,
        "off_team": off_team,
        "outsider": outsider,
        "anonymous": None,
    }


def _urls(event):
    org, pk = event.process.organisation.slug, event.pk
    return {
        "console": ("get", reverse("events:console", args=[org, pk]), {}),
        "projector": ("get", reverse("events:projector", args=[org, pk]), {}),
        "switch phase": ("post", reverse("events:set_phase", args=[org, pk]), {"phase": "wall"}),
        "register walk-in": (
            "post",
            reverse("events:walk_in", args=[org, pk]),
            {"display_name": "Tür"},
        ),
        "open vote": ("post", reverse("wall:voting_open", args=[org, pk]), {}),
        "create group": ("post", reverse("wall:group_create", args=[org, pk]), {"title": "G"}),
        "export xlsx": ("get", reverse("events:export_xlsx", args=[org, pk]), {}),
        "protocol pdf": ("get", reverse("events:protocol_pdf", args=[org, pk]), {}),
        "new event": ("get", reverse("events:create", args=[org, event.process.slug]), {}),
        "change retention": (
            "post",
            reverse("events:retention", args=[org, pk]),
            {"days": "30"},
        ),
    }


MATRIX = {
    #                   organizer, admin, moderator, off_team, outsider, anonymous
    "console": (ALLOW, ALLOW, ALLOW, HIDDEN, HIDDEN, LOGIN),
    "projector": (ALLOW, ALLOW, ALLOW, HIDDEN, HIDDEN, LOGIN),
    "switch phase": (ALLOW, ALLOW, ALLOW, HIDDEN, HIDDEN, LOGIN),
    "register walk-in": (ALLOW, ALLOW, ALLOW, HIDDEN, HIDDEN, LOGIN),
    "open vote": (ALLOW, ALLOW, ALLOW, HIDDEN, HIDDEN, LOGIN),
    "create group": (ALLOW, ALLOW, ALLOW, HIDDEN, HIDDEN, LOGIN),
    "export xlsx": (ALLOW, ALLOW, ALLOW, HIDDEN, HIDDEN, LOGIN),
    "protocol pdf": (ALLOW, ALLOW, ALLOW, HIDDEN, HIDDEN, LOGIN),
    "new event": (ALLOW, ALLOW, DENY, HIDDEN, HIDDEN, LOGIN),
    "change retention": (ALLOW, ALLOW, DENY, HIDDEN, HIDDEN, LOGIN),
}
ROLES = ("organizer", "admin", "moderator", "off_team", "outsider", "anonymous")


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_role_action_matrix(client, people, event, process, role, action):
    expected = MATRIX[action][ROLES.index(role)]
    if role == "moderator":  # a moderator sees the process through its team
        process.team_memberships.get_or_create(user=people["moderator"])
    if people[role] is not None:
        client.force_login(people[role])
    method, url, data = _urls(event)[action]
    response = getattr(client, method)(url, data)
    if expected == ALLOW:
        assert response.status_code in (200, 302), (role, action, response.status_code)
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif expected == HIDDEN:
        assert response.status_code == 404, (role, action, response.status_code)
    elif expected == DENY:
        assert response.status_code == 403, (role, action, response.status_code)
    else:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_moderator_on_the_event_team_sees_the_event_even_off_the_process_team(
    client, event, moderator
):
    client.force_login(moderator)
    assert (
        client.get(
            reverse("events:console", args=[event.process.organisation.slug, event.pk])
        ).status_code
        == 200
    )


def test_participant_actions_need_a_valid_join_session(client, event, category, in_phase):
    in_phase("wall")
    post = reverse("events:post_card", args=[event.join_code])
    data = {"title": "Radwege", "category": category.pk, "client_token": str(uuid.uuid4())}
    # Without joining: JSON clients get 403, forms go back to the join page.
    assert client.post(post, data, HTTP_ACCEPT="application/json").status_code == 403
    response = client.post(post, data)
    assert response.status_code == 302 and response["Location"].endswith(f"/j/{event.join_code}/")
    assert client.get(reverse("events:catch_up", args=[event.join_code])).status_code == 403
    assert not Card.objects.exists()
    # After joining, the same session may act.
    client.post(
        reverse("events:join", args=[event.join_code]),
        {"display_name": "Anna", "client_token": str(uuid.uuid4())},
    )
    assert client.post(post, data, HTTP_ACCEPT="application/json").json()["ok"] is True
    assert Card.objects.count() == 1


def test_a_join_session_is_valid_for_its_own_event_only(client, event, process, admin, category):
    from quartier.events.services import event_create

    other = event_create(
        process=process,
        actor=admin,
        format_key="open_assembly",
        title="Andere",
        starts_at=event.starts_at,
    )
    client.post(
        reverse("events:join", args=[other.join_code]),
        {"display_name": "Anna", "client_token": str(uuid.uuid4())},
    )
    response = client.post(
        reverse("events:post_card", args=[event.join_code]),
        {"title": "Radwege", "category": category.pk, "client_token": str(uuid.uuid4())},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 403


def test_an_unknown_code_is_a_plain_404(client):
    assert client.get("/j/ZZZZZZ/").status_code == 404
    assert client.get("/e/ZZZZZZ/").status_code == 404
