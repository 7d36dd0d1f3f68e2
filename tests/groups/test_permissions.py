"""Who may do what on the standing-group pages and the process report (role × action)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartier.groups import services
from quartier.groups.models import GroupMember
from quartier.processes.models import TeamMembership

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "organizer",
    "team_moderator",
    "group_moderator",
    "member_with_account",
    "participant",
    "outsider",
    "anonymous",
]
ACTIONS = ["list", "detail", "task", "log", "message", "publish", "report", "report_xlsx"]
LOGIN = "login"  # 302 to the login page
EXPECTED = {
    #                     list detail task log  message publish report xlsx
    "admin": (200, 200, 302, 302, 302, 302, 200, 200),
    "organizer": (200, 200, 302, 302, 302, 302, 200, 200),
    "team_moderator": (200, 200, 403, 403, 403, 403, 200, 200),
    "group_moderator": (404, 200, 302, 302, 302, 302, 404, 404),
    "member_with_account": (404, 200, 302, 302, 403, 403, 404, 404),
    "participant": (404, 404, 404, 404, 404, 404, 404, 404),
    "outsider": (404, 404, 404, 404, 404, 404, 404, 404),
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
}


@pytest.fixture
def setting(process, organisation, admin, make_member, make_user):
    people = {
        "admin": admin,
        "organizer": make_member(organisation, "organizer"),
        "team_moderator": make_member(organisation, "moderator"),
        "group_moderator": make_member(organisation, "moderator"),
        "member_with_account": make_member(organisation, "participant"),
        "participant": make_member(organisation, "participant"),
        "outsider": make_user(email="outsider@example.org"),
        "anonymous": None,
    }
    TeamMembership.objects.create(process=process, user=people["team_moderator"])
    group = services.group_create(
        process=process,
        actor=admin,
        title="Gartengruppe",
        goal="Beete pflegen",
        moderator=people["group_moderator"],
    )
    GroupMember.objects.create(group=group, user=people["member_with_account"])
    return people, group


def _request(client, action, group):
    org, process = group.process.organisation.slug, group.process.slug
    if action == "list":
        return client.get(reverse("groups:list", args=[org, process]))
    if action == "detail":
        return client.get(reverse("groups:detail", args=[org, group.pk]))
    if action == "task":
        return client.post(reverse("groups:task_add", args=[org, group.pk]), {"title": "Gießen"})
    if action == "log":
        return client.post(reverse("groups:log_note", args=[org, group.pk]), {"text": "Gegossen"})
    if action == "message":
        return client.post(
            reverse("groups:message_send", args=[org, group.pk]), {"subject": "S", "body": "B"}
        )
    if action == "publish":
        return client.post(reverse("groups:publish", args=[org, group.pk]), {"published": "1"})
    if action == "report":
        return client.get(reverse("groups:report", args=[org, process]))
    return client.get(reverse("groups:report_xlsx", args=[org, process]))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_role_action_matrix(client, setting, role, action):
    people, group = setting
    if people[role] is not None:
        client.force_login(people[role])
    response = _request(client, action, group)
    expected = EXPECTED[role][ACTIONS.index(action)]
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected, (role, action, response.status_code)
    group.refresh_from_db()
    if action == "publish":
        assert (group.published_at is not None) is (expected == 302)
    if action == "task":
        assert group.log.filter(kind="task").count() == 0  # adding is not logged as done
