"""The server-held timer: start, pause, extend, skip and next, computed for any device."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A controllable ``timezone.now`` for the timer services and the selector."""

    class Clock:
        now = timezone.now().replace(microsecond=0)

        def advance(self, seconds: int) -> None:
            self.now += timedelta(seconds=seconds)

    clock = Clock()
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock.now)
    return clock


def _timer(meeting: Any) -> Any:
    from quartier.meetings.models import Meeting
    from quartier.meetings.selectors.meetings import meeting_timer

    return meeting_timer(meeting=Meeting.objects.select_related("current_phase").get(pk=meeting.pk))


def test_start_pause_extend_and_resume_keep_one_truth(
    make_meeting: Any, admin: Any, clock: Any
) -> None:
    from quartier.meetings.services import facilitation

    meeting = make_meeting()
    facilitation.timer_start(meeting=meeting, actor=admin)
    first = _timer(meeting)
    assert first.running and first.remaining == 15 * 60  # introductions: 15 minutes
    clock.advance(100)
    assert _timer(meeting).remaining == 15 * 60 - 100
    facilitation.timer_pause(meeting=meeting, actor=admin)
    clock.advance(500)  # paused time does not count
    paused = _timer(meeting)
    assert not paused.running and paused.remaining == 15 * 60 - 100
    facilitation.timer_extend(meeting=meeting, actor=admin, minutes=5)
    assert _timer(meeting).remaining == 20 * 60 - 100
    facilitation.timer_start(meeting=meeting, actor=admin)
    clock.advance(20 * 60)
    state = _timer(meeting)
    assert state.overtime and state.display == "−01:40"


def test_next_and_skip_move_through_the_plan(make_meeting: Any, admin: Any, clock: Any) -> None:
    from quartier.meetings.models import Meeting
    from quartier.meetings.services import facilitation

    meeting = make_meeting()
    facilitation.timer_start(meeting=meeting, actor=admin)
    facilitation.phase_next(meeting=meeting, actor=admin)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.current_phase.phase_key == "framing"
    facilitation.phase_skip(meeting=meeting, actor=admin)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.current_phase.phase_key == "topics"
    assert meeting.phases.get(phase_key="framing").skipped
    assert _timer(meeting).remaining == 20 * 60


def test_the_phase_plan_can_be_reordered_and_retimed_during_the_meeting(
    make_meeting: Any, admin: Any
) -> None:
    from quartier.core.errors import DomainError
    from quartier.meetings.services import facilitation
    from quartier.meetings.services import plan as services

    meeting = make_meeting()
    facilitation.timer_start(meeting=meeting, actor=admin)
    summary = meeting.phases.get(phase_key="summary")
    services.phase_move(phase=summary, actor=admin, offset=-3)
    services.phase_update(phase=summary, actor=admin, minutes=7)
    keys = list(meeting.phases.values_list("phase_key", flat=True))
    assert keys == ["introductions", "summary", "framing", "topics", "concerns", "next_steps"]
    assert meeting.phases.get(phase_key="summary").minutes == 7
    with pytest.raises(DomainError):
        services.phase_remove(phase=meeting.phases.get(phase_key="introductions"), actor=admin)
    services.phase_add(meeting=meeting, actor=admin, title="Pause mit Kaffee", minutes=10)
    assert meeting.phases.last().custom_title == "Pause mit Kaffee"


def test_phases_are_copied_from_the_manifest_with_guidance(make_meeting: Any) -> None:
    meeting = make_meeting("collegial_consultation")
    titles = [str(p.title) for p in meeting.phases.all()]
    assert "Case presentation" in titles or "Fallvorstellung" in titles
    assert all(str(p.guidance) for p in meeting.phases.all())


def test_the_state_fragment_shows_the_timer_to_every_device(
    client: Any, make_meeting: Any, admin: Any
) -> None:
    from django.urls import reverse

    from quartier.meetings.services import facilitation
    from tests.conftest import PASSWORD

    meeting = make_meeting()
    facilitation.timer_start(meeting=meeting, actor=admin)
    client.login(email=admin.email, password=PASSWORD)
    url = reverse(
        "meetings:state", args=[meeting.organisation.slug, meeting.process.slug, meeting.pk]
    )
    html = client.get(url).content.decode()
    assert 'data-running="1"' in html and "data-deadline" in html
    assert "Vorstellungsrunde" in html


def test_a_small_group_outside_10_to_20_people_warns_but_does_not_block(
    client: Any, make_meeting: Any, admin: Any
) -> None:
    from quartier.meetings.services.meetings import invitees_add
    from tests.conftest import PASSWORD

    meeting = make_meeting()
    invitees_add(meeting=meeting, actor=admin, names=["Anna", "Ben", "Cleo"])
    client.login(email=admin.email, password=PASSWORD)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "10 bis 20" in html
    invitees_add(meeting=meeting, actor=admin, names=[f"Person {i}" for i in range(10)])
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "10 bis 20" not in html


def test_concern_readiness_must_be_between_1_and_5(make_meeting: Any, admin: Any) -> None:
    from quartier.core.errors import DomainError
    from quartier.meetings.services.content import concern_add

    meeting = make_meeting()
    with pytest.raises(DomainError) as error:
        concern_add(meeting=meeting, actor=admin, title="Lärm", shared_by=3, readiness=6)
    assert error.value.code == "bad_readiness"


def test_next_steps_become_tasks_with_owner_and_due_date(make_meeting: Any, admin: Any) -> None:
    from quartier.followups.selectors import tasks_for_source
    from quartier.meetings.services.content import next_step_add

    meeting = make_meeting()
    due = timezone.localdate() + timedelta(days=7)
    next_step_add(
        meeting=meeting, actor=admin, title="Flyer drucken", owner_name="Doris", due_on=due
    )
    task = tasks_for_source(source=meeting).get()
    assert (task.title, task.owner_display, task.due_on, task.process) == (
        "Flyer drucken",
        "Doris",
        due,
        meeting.process,
    )


def test_attendance_feeds_the_participation_ledger(
    make_meeting: Any, admin: Any, organisation: Any
) -> None:
    from quartier.meetings.services.meetings import attendance_set, meeting_finish
    from quartier.reach.models import Contact, Participation

    contact = Contact.objects.create(organisation=organisation, full_name="Hilde Nachbar")
    moderator_contact = Contact.objects.create(
        organisation=organisation, full_name="Admin", user=admin
    )
    meeting = make_meeting(moderator=admin)
    from quartier.meetings.services.meetings import invitees_add

    invitees_add(meeting=meeting, actor=admin, contacts=[contact])
    attendance_set(invitee=meeting.invitees.get(), actor=admin, attended=True)
    assert (
        Participation.objects.filter(contact=contact, kind="meeting", role="attendee").count() == 1
    )
    meeting_finish(meeting=meeting, actor=admin)
    assert Participation.objects.filter(contact=moderator_contact, role="moderator").exists()
    attendance_set(invitee=meeting.invitees.get(), actor=admin, attended=False)
    assert not Participation.objects.filter(contact=contact, role="attendee").exists()


def test_the_process_page_shows_a_meetings_panel(
    client: Any, make_meeting: Any, admin: Any
) -> None:
    from tests.conftest import PASSWORD

    meeting = make_meeting(title="Treffen im Panel")
    client.login(email=admin.email, password=PASSWORD)
    html = client.get(meeting.process.get_absolute_url()).content.decode()
    assert 'id="panel-meetings"' in html and "Treffen im Panel" in html and "Treffen planen" in html


def test_a_moderator_named_by_an_organizer_can_edit_their_meeting(
    client: Any, make_meeting: Any, key_person: Any
) -> None:
    from django.urls import reverse

    from tests.conftest import PASSWORD

    meeting = make_meeting(moderator=key_person)
    client.login(email=key_person.email, password=PASSWORD)
    url = reverse(
        "meetings:edit", args=[meeting.organisation.slug, meeting.process.slug, meeting.pk]
    )
    response = client.post(
        url,
        {
            "title": "Neuer Titel",
            "starts_at": "2030-01-01T18:00",
            "place": "Saal",
            "moderator": key_person.pk,
            "setting_protocol_participants": "count",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Neuer Titel" and meeting.setting("protocol_participants") == "count"


def test_one_click_too_many_on_next_can_be_taken_back(
    consultation: Any, admin: Any, clock: Any
) -> None:
    from quartier.core.errors import DomainError
    from quartier.meetings.models import Meeting
    from quartier.meetings.selectors.meetings import phase_plan
    from quartier.meetings.services import facilitation

    facilitation.timer_start(meeting=consultation, actor=admin)
    with pytest.raises(DomainError) as error:
        facilitation.phase_back(meeting=consultation, actor=admin)
    assert error.value.code == "first_phase"
    first = Meeting.objects.get(pk=consultation.pk).current_phase
    facilitation.phase_next(meeting=consultation, actor=admin)
    wanted = Meeting.objects.get(pk=consultation.pk).current_phase
    facilitation.phase_next(meeting=consultation, actor=admin)  # one click too many
    facilitation.phase_back(meeting=consultation, actor=admin)
    meeting = Meeting.objects.get(pk=consultation.pk)
    assert meeting.current_phase == wanted
    states = {row.phase.pk: row.state for row in phase_plan(meeting=meeting)}
    assert states[first.pk] == "done"
    assert states[wanted.pk] == "current"
    assert all(state == "next" for pk, state in states.items() if pk not in {first.pk, wanted.pk})
    facilitation.phase_back(meeting=meeting, actor=admin)
    assert Meeting.objects.get(pk=meeting.pk).current_phase == first


def test_reordering_does_not_mark_phases_done_and_a_phase_moved_back_is_still_held(
    make_meeting: Any, admin: Any
) -> None:
    from quartier.meetings.models import Meeting
    from quartier.meetings.selectors.meetings import phase_plan
    from quartier.meetings.services import facilitation
    from quartier.meetings.services import plan as services

    meeting = make_meeting()
    facilitation.timer_start(meeting=meeting, actor=admin)
    facilitation.phase_skip(meeting=meeting, actor=admin)  # introductions skipped
    facilitation.phase_next(meeting=meeting, actor=admin)  # framing done, topics now
    framing = meeting.phases.get(phase_key="framing")
    services.phase_move(phase=framing, actor=admin, offset=3)  # after the current phase again
    states = {
        row.phase.phase_key: row.state
        for row in phase_plan(meeting=Meeting.objects.get(pk=meeting.pk))
    }
    assert states["framing"] == "next"  # to come again, not "done"
    assert states["introductions"] == "skipped" and states["topics"] == "current"
    summary = meeting.phases.get(phase_key="summary")
    services.phase_move(phase=summary, actor=admin, offset=-5)  # before the current phase
    for _ in range(5):  # topics, concerns, framing, next steps, then the summary moved back
        facilitation.phase_next(meeting=Meeting.objects.get(pk=meeting.pk), actor=admin)
    held = [
        row.phase.phase_key
        for row in phase_plan(meeting=Meeting.objects.get(pk=meeting.pk))
        if row.state == "done"
    ]
    assert "summary" in held  # not lost before the current phase
