"""Phone participants' data goes with the event's retention period: names, tokens and pair
partners are deleted after the date, while cards, votes and topic groups stay as anonymous
content and contacts left with consent live on."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from quartier.audit.models import AuditEntry
from quartier.events.models import Event, PairSeat, Participant, Receipt
from quartier.events.retention import event_participants_purge, event_retention_set
from quartier.events.services import event_close, pairs_start_round
from quartier.groups.models import GroupMember, StayInTouch
from quartier.groups.services import stay_in_touch_record
from quartier.reach.models import Contact
from quartier.wall import services as wall
from quartier.wall.models import Card, Supporter, TopicGroupMember, Vote

pytestmark = pytest.mark.django_db


def _token() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def held(event, admin, join, category, in_phase):
    """An event that took place: named and anonymous phones, pairs, cards, a support,
    votes, a topic group that became a standing group, and one person who left details
    with consent. Then the event is closed."""
    anna, ben, anon = join("Anna"), join("Ben"), join("")
    pairs_start_round(event=event, actor=admin)
    in_phase("wall")
    first = wall.card_post(
        event=event, participant=anna, title="Mehr Bänke", category_id=category.pk, token=_token()
    )
    second = wall.card_post(
        event=event, participant=anon, title="Spielplatz", category_id=category.pk, token=_token()
    )
    wall.card_support(card=Card.objects.get(pk=first["card"]), participant=ben, token=_token())
    wall.voting_open(event=event, actor=admin)
    in_phase("voting")
    for person in (anna, ben, anon):
        wall.vote_cast(card=Card.objects.get(pk=first["card"]), participant=person, token=_token())
    wall.vote_cast(card=Card.objects.get(pk=second["card"]), participant=ben, token=_token())
    in_phase("groups")
    group = wall.topic_group_create(event=event, actor=admin, title="Bänke", host="Anna")
    for person in (anna, ben):
        wall.topic_group_join(group=group, participant=person, token=_token())
    standing = wall.topic_group_make_standing(
        group=group, actor=admin, goal="Bänke aufstellen", mission="", moderator=admin
    )
    stay_in_touch_record(
        participant=anna,
        name="Anna Keller",
        email="anna@example.org",
        consent=True,
        topic_group_ids=[group.pk],
    )
    event_close(event=event, actor=admin)
    event.refresh_from_db()
    return {"event": event, "standing": standing, "group": group}


def _counts(event):
    return {
        "participants": Participant.objects.filter(event=event).count(),
        "cards": Card.objects.filter(event=event).count(),
        "supporters": Supporter.objects.filter(card__event=event).count(),
        "votes": Vote.objects.filter(voting__event=event).count(),
        "group members": TopicGroupMember.objects.filter(topic_group__event=event).count(),
    }


def _after_retention(event):
    return event.participants_purge_on + timedelta(minutes=1)


def test_the_deletion_date_is_shown_from_the_start(client, event, admin):
    from django.utils.formats import date_format
    from django.utils.translation import override

    assert event.retention_days == 90
    with override("de"):
        expected = date_format(timezone.localtime(event.starts_at + timedelta(days=90)))
    client.force_login(admin)
    console = client.get(event.get_absolute_url()).content.decode()
    assert f"Daten der Teilnehmenden werden am {expected} gelöscht." in console
    join_page = client.get(reverse("events:join", args=[event.join_code])).content.decode()
    assert f"spätestens am {expected}" in join_page


def test_closing_the_event_counts_the_period_from_the_close(held):
    event = held["event"]
    assert event.participants_purge_on == event.closed_at + timedelta(days=90)


def test_nothing_is_purged_before_the_date(held):
    event = held["event"]
    before = _counts(event)
    counts = event_participants_purge(event=event, now=_after_retention(event) - timedelta(days=1))
    assert counts.total == 0
    assert set(Participant.objects.filter(event=event).values_list("display_name", flat=True)) == {
        "Anna",
        "Ben",
        "",
    }
    assert PairSeat.objects.filter(round__event=event).exists()
    assert Receipt.objects.filter(event=event).exists()
    assert _counts(event) == before
    event.refresh_from_db()
    assert event.participants_purged_at is None


def test_after_the_date_no_participant_row_has_a_name_or_a_link(held):
    event = held["event"]
    before = _counts(event)
    counts = event_participants_purge(event=event, now=_after_retention(event))
    assert counts.names == 2 and counts.pair_seats == 3 and counts.receipts > 0
    for row in Participant.objects.filter(event=event).values():
        assert row["display_name"] == "" and row["contact_id"] is None, row
        assert "Anna" not in str(row.values()) and "Ben" not in str(row.values())
    assert not Receipt.objects.filter(event=event).exists()
    assert not PairSeat.objects.filter(round__event=event).exists()
    assert held["group"].__class__.objects.get(pk=held["group"].pk).host == ""
    assert _counts(event) == before  # cards, supports, votes, memberships keep their counts
    assert set(Card.objects.filter(event=event).values_list("title", flat=True)) == {
        "Mehr Bänke",
        "Spielplatz",
    }
    entry = AuditEntry.objects.get(action="event.participants_purge")
    assert entry.data["names"] == 2 and "Anna" not in str(entry.data)


def test_consented_contacts_survive_the_purge(held):
    event = held["event"]
    event_participants_purge(event=event, now=_after_retention(event))
    anna = Contact.objects.get(full_name="Anna Keller")
    assert anna.email == "anna@example.org"
    record = StayInTouch.objects.get(event=event, contact=anna)
    assert record.participant is None and record.consent_text
    assert GroupMember.objects.filter(group=held["standing"], contact=anna).exists()


def test_the_periodic_job_purges_events_past_their_date_and_a_second_run_does_nothing(
    held, event, process, admin, join
):
    from quartier.core.schedule import enqueue_periodic_jobs
    from quartier.events.services import event_create

    past = held["event"]
    Event.objects.filter(pk=past.pk).update(closed_at=timezone.now() - timedelta(days=91))
    recent = event_create(
        process=process,
        actor=admin,
        format_key="open_space",
        title="Kiezversammlung",
        starts_at=timezone.now() - timedelta(days=2),
    )
    join("Cora", recent)
    enqueue_periodic_jobs()
    assert not Participant.objects.filter(event=past).exclude(display_name="").exists()
    assert Participant.objects.get(event=recent).display_name == "Cora"
    past.refresh_from_db()
    assert past.participants_purged_at is not None
    entries = AuditEntry.objects.filter(action="event.participants_purge").count()
    before = _counts(past)
    enqueue_periodic_jobs()
    assert AuditEntry.objects.filter(action="event.participants_purge").count() == entries == 1
    assert _counts(past) == before
    assert event_participants_purge(event=past).total == 0


def test_the_command_purges_by_hand(held, capsys):
    event = held["event"]
    Event.objects.filter(pk=event.pk).update(retention_days=1)
    Event.objects.filter(pk=event.pk).update(closed_at=timezone.now() - timedelta(days=2))
    call_command("purge_event_participants", "--dry-run")
    assert str(event.pk) in capsys.readouterr().out
    assert Participant.objects.filter(event=event, display_name="Anna").exists()
    call_command("purge_event_participants")
    assert "1" in capsys.readouterr().out
    assert not Participant.objects.filter(event=event).exclude(display_name="").exists()


def test_a_phone_session_from_before_the_purge_no_longer_acts(client, event, in_phase):
    client.post(
        reverse("events:join", args=[event.join_code]),
        {"display_name": "Dana", "client_token": _token()},
    )
    assert client.get(reverse("events:room", args=[event.join_code])).status_code == 200
    event_participants_purge(event=event, now=_after_retention(event))
    response = client.get(reverse("events:room", args=[event.join_code]))
    assert response.status_code == 302 and "/j/" in response["Location"]


def test_the_organizer_changes_the_period_and_the_date_moves(client, event, admin):
    client.force_login(admin)
    response = client.post(
        reverse("events:retention", args=[event.process.organisation.slug, event.pk]),
        {"days": "30"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.retention_days == 30
    assert event.participants_purge_on == event.starts_at + timedelta(days=30)
    assert AuditEntry.objects.filter(action="event.retention").exists()


def test_a_moderator_cannot_change_the_period(client, event, moderator, process):
    process.team_memberships.get_or_create(user=moderator)
    client.force_login(moderator)
    url = reverse("events:retention", args=[event.process.organisation.slug, event.pk])
    assert client.post(url, {"days": "1"}).status_code == 403
    event.refresh_from_db()
    assert event.retention_days == 90
    console = client.get(event.get_absolute_url()).content.decode()
    assert url not in console  # the form is shown only to those who may edit the event


@pytest.mark.parametrize("days", ["0", "731", "viele"])
def test_it_rejects_a_period_out_of_range(client, event, admin, days):
    client.force_login(admin)
    url = reverse("events:retention", args=[event.process.organisation.slug, event.pk])
    client.post(url, {"days": days})
    event.refresh_from_db()
    assert event.retention_days == 90


def test_the_service_rejects_a_period_out_of_range(event, admin):
    from quartier.core.errors import DomainError

    with pytest.raises(DomainError):
        event_retention_set(event=event, actor=admin, days=0)


def test_the_console_exports_and_plans_still_work_after_the_purge(client, held, admin):
    event = held["event"]
    event_participants_purge(event=event, now=_after_retention(event))
    client.force_login(admin)
    org, pk = event.process.organisation.slug, event.pk
    console = client.get(event.get_absolute_url())
    assert console.status_code == 200
    assert "Die Daten der Teilnehmenden wurden am" in console.content.decode()
    for url in (
        reverse("events:export_xlsx", args=[org, pk]),
        reverse("events:export_csv", args=[org, pk, "votes"]),
        reverse("events:protocol_pdf", args=[org, pk]),
        reverse("events:plan_pdf", args=[org, pk, "groups", "slips"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    votes = client.get(reverse("events:export_csv", args=[org, pk, "votes"]))
    body = b"".join(votes) if votes.streaming else votes.content
    assert "Mehr Bänke".encode() in body and b"Anna" not in body
