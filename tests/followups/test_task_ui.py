"""Tasks per process and per meeting: list, mark done, reopen."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_with_task(process: Any, admin: Any) -> tuple[Any, Any]:
    from quartier.meetings.services.content import next_step_add
    from quartier.meetings.services.meetings import meeting_create

    meeting = meeting_create(
        process=process,
        actor=admin,
        format_key="small_group",
        title="Treffen A",
        starts_at=timezone.now(),
    )
    task = next_step_add(
        meeting=meeting,
        actor=admin,
        title="Flyer verteilen",
        owner_name="Ben",
        due_on=timezone.localdate() + timedelta(days=3),
    )
    return meeting, task


def test_tasks_are_listed_per_process_and_per_meeting(
    client: Any, meeting_with_task: Any, admin: Any, process: Any
) -> None:
    from quartier.followups.services import task_create

    meeting, _task = meeting_with_task
    task_create(
        organisation=process.organisation, actor=admin, title="Ohne Treffen", process=process
    )
    client.login(email=admin.email, password=PASSWORD)
    url = reverse("followups:list", args=[process.organisation.slug, process.slug])
    html = client.get(url).content.decode()
    assert "Flyer verteilen" in html and "Ohne Treffen" in html
    html = client.get(f"{url}?meeting={meeting.pk}").content.decode()
    assert "Flyer verteilen" in html and "Ohne Treffen" not in html


def test_a_task_can_be_marked_done_and_reopened(
    client: Any, meeting_with_task: Any, admin: Any, process: Any
) -> None:
    _meeting, task = meeting_with_task
    client.login(email=admin.email, password=PASSWORD)
    url = reverse("followups:status", args=[process.organisation.slug, process.slug, task.pk])
    client.post(url, {"status": "done"})
    task.refresh_from_db()
    assert task.status == "done" and task.completed_at is not None
    client.post(url, {"status": "open"})
    task.refresh_from_db()
    assert task.status == "open" and task.completed_at is None


def test_a_participant_outside_the_process_sees_no_tasks(
    client: Any, meeting_with_task: Any, process: Any, make_member: Any
) -> None:
    _meeting, task = meeting_with_task
    outsider = make_member(process.organisation, "participant")
    client.login(email=outsider.email, password=PASSWORD)
    assert (
        client.get(
            reverse("followups:list", args=[process.organisation.slug, process.slug])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("followups:list", args=[process.organisation.slug, process.slug])
            + f"?meeting={_meeting.pk}"
        ).status_code
        == 404
    )
    url = reverse("followups:status", args=[process.organisation.slug, process.slug, task.pk])
    assert client.post(url, {"status": "done"}).status_code == 404
    task.refresh_from_db()
    assert task.status == "open"


def test_a_team_participant_sees_tasks_but_only_changes_their_own(
    client: Any, meeting_with_task: Any, process: Any, make_member: Any
) -> None:
    from quartier.processes.models import TeamMembership

    _meeting, task = meeting_with_task
    member = make_member(process.organisation, "participant")
    TeamMembership.objects.create(process=process, user=member)
    assert member.has_perm("followups.change_task", task)  # team members keep the board up to date
    stranger = make_member(process.organisation, "participant")
    assert not stranger.has_perm("followups.change_task", task)
