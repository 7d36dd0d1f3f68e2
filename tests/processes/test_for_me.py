"""A participant is on no process team, yet the organisation's start page shows what they
take part in: their coming meetings, their groups and their open tasks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone


@pytest.fixture
def taking_part(organisation: Any, admin: Any, process: Any, make_member: Any) -> Any:
    from quartier.followups.services import task_create
    from quartier.groups.services import group_create, member_add
    from quartier.meetings.services.meetings import meeting_create
    from quartier.organisations.models import Role
    from quartier.processes.services import process_create

    jonas = make_member(organisation, Role.PARTICIPANT, email="jonas@example.org", name="Jonas")
    soon = timezone.now() + timedelta(days=3)

    def meeting(title: str, starts_at: Any, in_process: Any = process) -> Any:
        return meeting_create(
            process=in_process,
            actor=admin,
            format_key="small_group",
            title=title,
            starts_at=starts_at,
            place="Stadtteilladen",
            invite_users=[jonas],
        )

    meeting("Nachbarschaftsgespräch Nordkiez", soon)
    meeting("Gespräch von letzter Woche", timezone.now() - timedelta(days=7))
    declined = meeting("Abgesagtes Treffen", soon)
    declined.invitees.filter(user=jonas).update(response="declined")
    group = group_create(process=process, actor=admin, title="Repair-Café", contacts=[])
    member_add(group=group, actor=admin, user=jonas, role="moderator")
    task_create(
        organisation=organisation,
        process=process,
        actor=admin,
        title="Flyer im Späti auslegen",
        owner=jonas,
        due_on=timezone.localdate() + timedelta(days=2),
    )
    other = process_create(organisation=organisation, actor=admin, title="Ohne Jonas", area="Süd")
    meeting_create(
        process=other,
        actor=admin,
        format_key="small_group",
        title="Treffen ohne Jonas",
        starts_at=soon,
    )
    return jonas


@pytest.mark.django_db
def test_it_lists_coming_meetings_groups_and_open_tasks_only(
    client, organisation, process, taking_part
):
    client.force_login(taking_part)
    page = client.get(reverse("processes:list", args=[organisation.slug])).content.decode()
    assert "Für mich" in page and "Meine Treffen" in page and "Meine Gruppen" in page
    assert "Nachbarschaftsgespräch Nordkiez" in page and "noch keine Antwort" in page
    assert "Repair-Café" in page and "Flyer im Späti auslegen" in page
    # not on the process team: the task is listed, but its process's task list stays closed
    assert reverse("followups:list", args=[organisation.slug, process.slug]) not in page
    for hidden in ("Gespräch von letzter Woche", "Abgesagtes Treffen", "Treffen ohne Jonas"):
        assert hidden not in page
    process.team_memberships.create(user=taking_part)
    page = client.get(reverse("processes:list", args=[organisation.slug])).content.decode()
    assert reverse("followups:list", args=[organisation.slug, process.slug]) in page


@pytest.mark.django_db
def test_someone_who_takes_part_in_nothing_sees_no_section(client, organisation, make_member):
    from quartier.organisations.models import Role

    client.force_login(make_member(organisation, Role.PARTICIPANT))
    page = client.get(reverse("processes:list", args=[organisation.slug])).content.decode()
    assert "Für mich" not in page and "Eine Organisator*in kann Sie hinzufügen" in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_participant_opens_their_meeting_and_group_from_the_phone(
    live_server, new_page, login, assert_accessible, organisation, taking_part
):
    phone = new_page(width=360, height=740)
    login(phone, taking_part.email)
    phone.goto(f"{live_server.url}/o/{organisation.slug}/")
    assert phone.get_by_role("heading", name="Für mich").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)
    phone.get_by_role("link", name="Nachbarschaftsgespräch Nordkiez").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("heading", name="Nachbarschaftsgespräch Nordkiez").first.is_visible()
    assert_accessible(phone)
    phone.go_back()
    phone.get_by_role("link", name="Repair-Café").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("heading", name="Repair-Café").first.is_visible()
