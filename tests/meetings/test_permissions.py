"""Who may plan, run and open meetings: the key-person rule and outsiders."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

from tests.conftest import PASSWORD  # noqa: E402


def _url(meeting: Any, name: str = "detail") -> str:
    return reverse(
        f"meetings:{name}", args=[meeting.organisation.slug, meeting.process.slug, meeting.pk]
    )


def _group(process: Any, moderator: Any, title: str = "Mietergruppe Nord") -> Any:
    from quartier.groups.models import Group

    return Group.objects.create(process=process, title=title, moderator=moderator)


def test_a_key_person_moderating_a_group_plans_and_runs_its_meeting_without_an_organizer(
    client: Any, process: Any, key_person: Any, starts_at: Any
) -> None:
    group = _group(process, key_person)
    client.login(email=key_person.email, password=PASSWORD)
    url = reverse("meetings:create", args=[process.organisation.slug, process.slug])
    response = client.post(
        url,
        {
            "format_key": "small_group",
            "title": "Unser Nachbarschaftstreffen",
            "starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"),
            "group": group.pk,
            "moderator": key_person.pk,
            "setting_protocol_participants": "names",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = process.meetings.get()
    assert meeting.group == group
    assert client.get(_url(meeting, "run")).status_code == 200
    start = reverse(
        "meetings:timer", args=[process.organisation.slug, process.slug, meeting.pk, "start"]
    )
    assert client.post(start).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "running"


def test_a_key_person_without_team_or_group_cannot_plan(
    client: Any, process: Any, key_person: Any
) -> None:
    client.login(email=key_person.email, password=PASSWORD)
    url = reverse("meetings:create", args=[process.organisation.slug, process.slug])
    assert client.get(url).status_code == 404  # the process itself is not visible to them


def test_a_group_moderator_must_plan_for_their_own_group(
    process: Any, key_person: Any, make_member: Any, starts_at: Any
) -> None:
    from quartier.core.errors import DomainError
    from quartier.meetings.services.meetings import meeting_create

    _group(process, key_person)
    other = _group(process, make_member(process.organisation, "moderator"), title="Andere Gruppe")
    with pytest.raises(DomainError) as error:
        meeting_create(
            process=process,
            actor=key_person,
            format_key="small_group",
            title="X",
            starts_at=starts_at,
            group=other,
        )
    assert error.value.code == "group_required"


def test_a_key_person_on_the_process_team_can_plan_any_meeting(
    process: Any, key_person: Any
) -> None:
    from quartier.processes.models import TeamMembership

    TeamMembership.objects.create(process=process, user=key_person)
    assert key_person.has_perm("meetings.add_meeting", process)


def test_a_participant_on_the_team_may_not_plan(process: Any, make_member: Any) -> None:
    from quartier.processes.models import TeamMembership

    participant = make_member(process.organisation, "participant")
    TeamMembership.objects.create(process=process, user=participant)
    assert not participant.has_perm("meetings.add_meeting", process)


def test_someone_from_another_organisation_gets_404(
    client: Any, make_meeting: Any, make_user: Any
) -> None:
    from quartier.organisations.services import organisation_create

    meeting = make_meeting()
    stranger = make_user(email="fremd@example.org")
    organisation_create(name="Anderer Verein", creator=stranger)
    client.login(email=stranger.email, password=PASSWORD)
    for name in ("detail", "run", "screen", "protocol", "protocol_pdf", "calendar", "participant"):
        assert client.get(_url(meeting, name)).status_code == 404, name


def test_a_participant_who_is_not_invited_gets_404(
    client: Any, make_meeting: Any, make_member: Any
) -> None:
    meeting = make_meeting()
    outsider = make_member(meeting.organisation, "participant")
    client.login(email=outsider.email, password=PASSWORD)
    for name in ("detail", "run", "screen", "protocol", "state"):
        assert client.get(_url(meeting, name)).status_code == 404, name


def test_an_invited_participant_sees_the_meeting_but_cannot_run_it(
    client: Any, make_meeting: Any, make_member: Any, organisation: Any
) -> None:
    participant = make_member(organisation, "participant")
    meeting = make_meeting(invite_users=[participant])
    client.login(email=participant.email, password=PASSWORD)
    assert client.get(_url(meeting)).status_code == 200
    assert client.get(_url(meeting, "screen")).status_code == 200
    assert client.get(_url(meeting, "run")).status_code == 403
    start = reverse(
        "meetings:timer",
        args=[meeting.organisation.slug, meeting.process.slug, meeting.pk, "start"],
    )
    assert client.post(start).status_code == 403


@pytest.mark.parametrize(
    ("role", "on_team", "can_add", "can_run"),
    [
        ("admin", False, True, True),
        ("organizer", False, True, True),
        ("moderator", True, True, True),
        ("moderator", False, False, False),
        ("participant", True, False, False),
    ],
)
def test_role_matrix_for_planning_and_running(
    role: str,
    on_team: bool,
    can_add: bool,
    can_run: bool,
    make_meeting: Any,
    make_member: Any,
    process: Any,
) -> None:
    from quartier.processes.models import TeamMembership

    user = make_member(process.organisation, role)
    if on_team:
        TeamMembership.objects.create(process=process, user=user)
    meeting = make_meeting()
    assert user.has_perm("meetings.add_meeting", process) is can_add
    assert user.has_perm("meetings.run_meeting", meeting) is can_run
