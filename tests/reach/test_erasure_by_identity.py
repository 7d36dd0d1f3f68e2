"""Erasure by identity: a person who appears in every kind of record is erased, and then
no text or JSON column of the whole database holds their name, not even a one-word name
or a last name typed on its own, while counts and coverage stay what they were."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from quartier.reach.coverage import coverage_for, focus_coverage
from quartier.reach.models import Participation
from quartier.reach.services import (
    contact_create,
    contact_erase,
    one_to_one_record,
    participation_record,
    target_group_create,
    target_group_members_set,
)
from quartier.reach.services.one_to_ones import FollowUp
from tests.reach.test_privacy import _rows_containing

pytestmark = pytest.mark.django_db


def everywhere(reach, full_name: str, typed: str):
    """The person in a meeting and its protocol, next steps, tasks, a one-to-one, an
    interview, an event and a group; ``typed`` is how the organizer wrote the name by hand."""
    from quartier.events.services import event_create, participant_register_walk_in
    from quartier.followups.services import task_create
    from quartier.groups.models import GroupMember
    from quartier.interviews.services import campaign_create, interview_record
    from quartier.meetings.services import content
    from quartier.meetings.services.meetings import (
        attendance_set,
        invitees_add,
        meeting_create,
        meeting_finish,
    )
    from quartier.meetings.services.protocol import (
        protocol_correct,
        protocol_finalize,
        protocol_get_or_create,
    )

    org, actor = reach.organisation, reach.organizer
    person = contact_create(
        organisation=org,
        actor=actor,
        full_name=full_name,
        email="zettel@example.org",
        phone="0171 9998887",
        street="Lindenweg",
        house_number="7",
        legal_basis="contract",
    )
    meeting = meeting_create(
        process=reach.process,
        actor=reach.admin,
        format_key="team_meeting",
        title="Teamtreffen Mai",
        starts_at=timezone.now() - timedelta(hours=2),
    )
    invitees_add(meeting=meeting, actor=actor, contacts=[person, reach.inside])
    for invitee in meeting.invitees.all():
        attendance_set(invitee=invitee, actor=actor, attended=True)
    item = content.agenda_item_add(meeting=meeting, actor=actor, title="Sommerfest")
    item.notes = f"{typed} übernimmt den Grill."
    item.save()
    content.next_step_add(  # typed exactly as the invitee's name: linked to the contact
        meeting=meeting,
        actor=actor,
        title="Kuchen backen",
        owner_name=full_name,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    content.next_step_add(
        meeting=meeting,
        actor=actor,
        title=f"{typed} nach dem Schlüssel fragen",
        owner=actor,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    meeting_finish(meeting=meeting, actor=actor)
    protocol = protocol_get_or_create(meeting=meeting, actor=actor)
    # the generated protocol refers to the person, it does not copy the name
    assert f"- {full_name}\n" not in protocol.body
    assert f"[[contact:{person.pk}]]" in protocol.body
    protocol_correct(
        protocol=protocol, actor=actor, body=protocol.body + f"\n- {typed} kommt später.\n"
    )
    protocol_finalize(protocol=protocol, actor=actor)
    one_to_one_record(
        contact=person,
        actor=actor,
        held_on=timezone.localdate(),
        readiness=3,
        notes=f"{typed} kennt den Hausmeister.",
        follow_ups=[FollowUp(title=f"{typed} anrufen", due_on=timezone.localdate())],
    )
    task_create(organisation=org, actor=actor, title=f"Flyer an {typed}", owner_contact=person)
    campaign = campaign_create(
        organisation=org, actor=actor, title="Wohnen", opening_question="Wie wohnen Sie?"
    )
    interview_record(
        campaign=campaign,
        interviewer=actor,
        held_on=timezone.localdate(),
        answers={campaign.questions.get().pk: f"Ich, {typed}, wohne gern hier."},
        client_token="z1",
        contact=person,
    )
    event = event_create(
        process=reach.process,
        actor=reach.admin,
        format_key="open_assembly",
        title="Versammlung",
        starts_at=timezone.now(),
    )
    participant_register_walk_in(event=event, actor=actor, display_name=typed, contact=person)
    GroupMember.objects.create(group=reach.group, contact=person)
    reach.group.goal = f"Mit {typed} den Hof begrünen"
    reach.group.save()
    participation_record(
        contact=person,
        source=reach.group,
        kind="group",
        role="attendee",
        occurred_at=timezone.now(),
        process=reach.process,
        label=reach.group.title,
    )
    focus = target_group_create(
        organisation=org, actor=reach.admin, name="Hof", reachability="low", is_focus=True
    )
    target_group_members_set(target_group=focus, actor=reach.admin, contacts=[person])
    return person, meeting


def counts(reach):
    from quartier.events.models import Participant
    from quartier.followups.models import Task
    from quartier.groups.models import GroupMember
    from quartier.interviews.models import Interview
    from quartier.meetings.models import Invitee

    return (
        [
            (c.target_group.pk, c.members, c.reached)
            for c in coverage_for(organisation=reach.organisation)
        ],
        focus_coverage(organisation=reach.organisation),
        Participation.objects.filter(organisation=reach.organisation).count(),
        Invitee.objects.filter(attended=True).count(),
        Task.objects.count(),
        GroupMember.objects.count(),
        Interview.objects.count(),
        Participant.objects.count(),
    )


@pytest.mark.parametrize(
    ("full_name", "typed"),
    [("Zyprianowski", "Zyprianowski"), ("Günther Quastelweiß", "Quastelweiß")],
    ids=["one-word name", "last name typed alone"],
)
def test_an_erased_person_is_nowhere_in_the_database_and_counts_stay(reach, full_name, typed):
    person, meeting = everywhere(reach, full_name, typed)
    for needle in (typed, "zettel@example.org"):
        assert _rows_containing(needle), f"the scan must see {needle!r} before the erasure"
    before = counts(reach)

    contact_erase(contact=person, actor=reach.admin)

    for needle in {full_name, typed, "zettel@example.org", "0171 9998887", "Lindenweg"}:
        assert _rows_containing(needle) == [], f"{needle!r} is still stored"
    assert counts(reach) == before
    # the other participant is untouched, and the protocol still reads as a protocol
    from quartier.meetings.protocol.html import markdown_html

    html = markdown_html(meeting.protocol.body, organisation=reach.organisation)
    assert "Ayşe Yıldız" in html and "(gelöscht)" in html
    assert "Kuchen backen" in html


def test_a_next_step_typed_with_an_invitees_name_refers_to_the_contact(reach):
    person, meeting = everywhere(reach, "Zyprianowski", "Zyprianowski")
    from quartier.followups.models import Task

    task = Task.objects.get(title="Kuchen backen")
    assert task.owner_contact == person and task.owner_name == ""
    person.full_name = "Zyprianowski-Berg"
    person.save()
    from quartier.meetings.protocol.html import markdown_html

    html = markdown_html(meeting.protocol.body, organisation=reach.organisation)
    assert "Kuchen backen — Zyprianowski-Berg" in html  # the name is put in when shown


def test_one_word_names_are_not_scrubbed_from_records_that_do_not_concern_the_person(reach):
    from quartier.followups.services import task_create

    person = contact_create(
        organisation=reach.organisation,
        actor=reach.organizer,
        full_name="Berg",
        legal_basis="contract",
    )
    unrelated = task_create(
        organisation=reach.organisation, actor=reach.organizer, title="Berg-Ausflug planen"
    )
    contact_erase(contact=person, actor=reach.admin)
    unrelated.refresh_from_db()
    assert unrelated.title == "Berg-Ausflug planen"
