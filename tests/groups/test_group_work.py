"""A standing group that works: members with roles, tasks with owners and due dates,
the next meeting with invitations, a log, an e-mail to all members, and a public page
with a "mitmachen" request that the moderator accepts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from quartier.core.errors import DomainError
from quartier.followups.models import Task
from quartier.groups import services
from quartier.groups.models import GroupMember, JoinRequest
from quartier.processes.services import publication_set
from quartier.reach.services import contact_create

pytestmark = pytest.mark.django_db


def _contact(organisation, admin, name, email=""):
    return contact_create(
        organisation=organisation,
        actor=admin,
        full_name=name,
        email=email,
        legal_basis="consent",
        consent_given_on=date(2026, 1, 1),
    )


@pytest.fixture
def group(process, organisation, admin, make_member):
    moderator = make_member(organisation, "moderator", email="key@example.org", name="Kim Key")
    return services.group_create(
        process=process,
        actor=admin,
        title="Repair-Café",
        goal="Dinge reparieren statt wegwerfen",
        mission="Einmal im Monat im Jugendhaus",
        moderator=moderator,
        contacts=[
            _contact(organisation, admin, "Anna", "anna@example.org"),
            _contact(organisation, admin, "Ben", "ben@example.org"),
            _contact(organisation, admin, "Cem"),  # phone only
        ],
    )


def test_creating_a_group_counts_its_members_and_logs_them(group):
    assert group.members.count() == 4
    assert group.members.filter(role="moderator", user=group.moderator).exists()
    assert group.log.filter(kind="joined").count() == 4


def test_tasks_belong_to_the_group_with_owner_and_due_date(group, admin):
    anna = group.members.get(contact__full_name="Anna")
    task = services.group_task_add(
        group=group,
        actor=admin,
        title="Werkzeug besorgen",
        owner_member=anna,
        due_on=date(2026, 12, 1),
    )
    assert task.source_type == "groups.group" and task.source_id == str(group.pk)
    assert task.owner_contact == anna.contact and task.process == group.process
    services.group_task_done(group=group, task=task, actor=admin)
    task.refresh_from_db()
    assert (
        task.status == "done" and group.log.filter(kind="task", text="Werkzeug besorgen").exists()
    )
    with pytest.raises(DomainError):
        services.group_task_add(group=group, actor=admin, title="  ")


def test_a_task_owner_from_another_group_is_refused(group, process, admin):
    other = services.group_create(process=process, actor=admin, title="Andere", contacts=[])
    outsider = GroupMember.objects.create(group=other, user=admin)
    with pytest.raises(DomainError) as caught:
        services.group_task_add(group=group, actor=admin, title="X", owner_member=outsider)
    assert caught.value.code == "task_owner"


def test_the_next_meeting_invites_every_member_by_e_mail(group, admin):
    starts = timezone.now() + timedelta(days=7)
    meeting = services.group_meeting_plan(
        group=group, actor=admin, title="Treffen im Dezember", starts_at=starts, place="Jugendhaus"
    )
    assert meeting.group == group and meeting.format_key == "small_group"
    assert meeting.invitees.count() == 4
    addresses = sorted(address for message in mail.outbox for address in message.to)
    assert addresses == ["anna@example.org", "ben@example.org", "key@example.org"]
    assert all(message.attachments for message in mail.outbox)  # the calendar file
    with pytest.raises(DomainError):
        services.group_meeting_plan(
            group=group,
            actor=admin,
            title="",
            starts_at=timezone.now() - timedelta(hours=1),
            place="",
        )


def test_a_message_reaches_every_member_with_an_address_separately(group, admin):
    message = services.group_message_send(
        group=group, actor=admin, subject="Nächster Termin", body="Wir treffen uns am Freitag."
    )
    assert message.recipients == 3 and message.without_email == 1
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@example.org",
        "ben@example.org",
        "key@example.org",
    ]
    assert all(len(m.to) == 1 and m.subject == "[Repair-Café] Nächster Termin" for m in mail.outbox)
    assert "Wir treffen uns am Freitag." in mail.outbox[0].body
    assert group.log.filter(kind="message").exists()
    with pytest.raises(DomainError):
        services.group_message_send(group=group, actor=admin, subject="", body="x")


@pytest.mark.django_db(transaction=True)
def test_a_message_waits_for_the_worker_and_a_rolled_back_one_never_leaves(group, admin):
    from django.db import transaction
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from quartier.cli import main

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        services.group_message_send(group=group, actor=admin, subject="Termin", body="Freitag.")
        assert mail.outbox == [] and DBTaskResult.objects.count() == 3
        with pytest.raises(RuntimeError), transaction.atomic():
            services.group_message_send(group=group, actor=admin, subject="Nie", body="Nie.")
            raise RuntimeError("the request failed after the message was queued")
        assert DBTaskResult.objects.count() == 3
        assert main(["worker", "--batch", "--no-schedule"]) == 0
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@example.org",
        "ben@example.org",
        "key@example.org",
    ]
    assert all(m.reply_to == [admin.email] for m in mail.outbox)


def test_an_erased_member_gets_no_mail(group, admin):
    from quartier.reach.models import Contact

    Contact.objects.filter(full_name="Anna").update(erased_at=timezone.now(), email="")
    message = services.group_message_send(group=group, actor=admin, subject="S", body="B")
    assert message.recipients == 2


def test_the_last_moderator_cannot_be_removed_while_no_one_else_looks_after_it(
    process, admin, organisation
):
    group = services.group_create(process=process, actor=admin, title="Ohne", contacts=[])
    anna = services.member_add(
        group=group, actor=admin, contact=_contact(organisation, admin, "Anna"), role="moderator"
    )[0]
    with pytest.raises(DomainError) as caught:
        services.member_remove(member=anna, actor=admin)
    assert caught.value.code == "last_moderator"


def test_removing_a_member_is_logged_without_the_name(group, admin):
    ben = group.members.get(contact__full_name="Ben")
    services.member_remove(member=ben, actor=admin)
    entry = group.log.get(kind="left")
    assert "Ben" not in entry.text and group.members.count() == 3


def test_the_public_page_needs_the_group_and_the_process_to_publish(client, group, admin):
    org, slug = group.process.organisation.slug, group.process.slug
    detail = reverse("groups:public_detail", args=[org, slug, group.pk])
    listing = reverse("groups:public_list", args=[org, slug])
    assert client.get(listing).status_code == 404
    publication_set(process=group.process, actor=admin, page="groups", published=True)
    assert "Repair-Café" not in client.get(listing).content.decode()
    assert client.get(detail).status_code == 404
    services.group_publish(group=group, actor=admin, published=True)
    assert "Repair-Café" in client.get(listing).content.decode()
    page = client.get(detail).content.decode()
    assert "Dinge reparieren" in page and "anna@example.org" not in page


def test_a_group_without_a_goal_cannot_publish(process, admin):
    group = services.group_create(process=process, actor=admin, title="Leer")
    with pytest.raises(DomainError) as caught:
        services.group_publish(group=group, actor=admin, published=True)
    assert caught.value.code == "group_goal_missing"


def test_mitmachen_request_accepted_makes_a_contact_and_member(client, group, admin):
    services.group_publish(group=group, actor=admin, published=True)
    publication_set(process=group.process, actor=admin, page="groups", published=True)
    org, slug = group.process.organisation.slug, group.process.slug
    detail = reverse("groups:public_detail", args=[org, slug, group.pk])
    client.post(detail, {"name": "Jo", "contact": "kein-kontakt", "consent": "on"})
    assert not JoinRequest.objects.exists()  # neither an address nor a phone number
    mail.outbox.clear()
    client.post(detail, {"name": "Jo", "contact": "jo@example.org", "consent": "on"})
    request = JoinRequest.objects.get()
    assert [m.to for m in mail.outbox] == [["key@example.org"]]  # reaches the moderator
    assert "Jo" in mail.outbox[0].body and "jo@example.org" not in mail.outbox[0].body
    client.force_login(group.moderator)
    page = client.get(reverse("groups:detail", args=[org, group.pk])).content.decode()
    assert "jo@example.org" in page
    client.post(reverse("groups:decide", args=[org, group.pk, request.pk]), {"decision": "accept"})
    member = group.members.get(contact__email="jo@example.org")
    assert member.contact.legal_basis == "consent" and member.contact.consent_given_on
    request.refresh_from_db()
    assert request.status == "accepted"


def test_an_address_that_sent_ten_requests_is_asked_to_wait(client, group, admin):
    services.group_publish(group=group, actor=admin, published=True)
    publication_set(process=group.process, actor=admin, page="groups", published=True)
    org, slug = group.process.organisation.slug, group.process.slug
    detail = reverse("groups:public_detail", args=[org, slug, group.pk])
    for number in range(10):
        client.post(
            detail, {"name": f"Jo {number}", "contact": f"jo{number}@example.org", "consent": "on"}
        )
    assert JoinRequest.objects.count() == 10
    page = client.post(
        detail, {"name": "Jo 11", "contact": "jo11@example.org", "consent": "on"}
    ).content.decode()
    assert "Zu viele Anfragen" in page and JoinRequest.objects.count() == 10
    assert 'value="jo11@example.org"' in page  # what was typed is kept for later


def test_a_closed_group_takes_no_requests(client, group, admin):
    services.group_publish(group=group, actor=admin, published=True)
    publication_set(process=group.process, actor=admin, page="groups", published=True)
    services.group_update(
        group=group, actor=admin, title=group.title, goal=group.goal, mission="", is_open=False
    )
    with pytest.raises(DomainError) as caught:
        services.join_request_create(
            group=group, name="Jo", contact_details="jo@example.org", consent=True
        )
    assert caught.value.code == "group_closed"
    url = reverse(
        "groups:public_detail", args=[group.process.organisation.slug, group.process.slug, group.pk]
    )
    page = client.get(url).content.decode()
    assert "nimmt zurzeit keine neuen Mitglieder auf" in page and 'name="consent"' not in page


def test_the_group_page_shows_goal_members_tasks_meeting_and_log(client, group, admin):
    services.group_task_add(group=group, actor=admin, title="Flyer drucken")
    services.group_meeting_plan(
        group=group,
        actor=admin,
        title="Dezembertreffen",
        starts_at=timezone.now() + timedelta(days=3),
        place="Jugendhaus",
    )
    services.group_log_note(group=group, actor=admin, text="Erster Reparaturabend: 12 Geräte")
    client.force_login(admin)
    html = client.get(reverse("groups:detail", args=[group.process.organisation.slug, group.pk]))
    text = html.content.decode()
    for expected in (
        "Dinge reparieren statt wegwerfen",
        "Anna",
        "Moderation",
        "Flyer drucken",
        "Dezembertreffen",
        "Erster Reparaturabend: 12 Geräte",
        "3 von 4 Mitgliedern sind per E-Mail erreichbar.",
    ):
        assert expected in text, expected


def test_form_posts_add_a_task_and_send_a_message(client, group, admin):
    org = group.process.organisation.slug
    client.force_login(group.moderator)
    anna = group.members.get(contact__full_name="Anna")
    response = client.post(
        reverse("groups:task_add", args=[org, group.pk]),
        {"title": "Aufräumen", "owner": anna.pk, "due_on": "2026-12-24"},
    )
    assert response["Location"].endswith("#tasks")
    task = Task.objects.get(title="Aufräumen")
    assert task.due_on == date(2026, 12, 24) and task.owner_contact == anna.contact
    client.post(reverse("groups:task_done", args=[org, group.pk, task.pk]))
    task.refresh_from_db()
    assert task.status == "done"
    client.post(
        reverse("groups:message_send", args=[org, group.pk]), {"subject": "Hallo", "body": "Text"}
    )
    assert len(mail.outbox) == 3
    client.post(
        reverse("groups:meeting_plan", args=[org, group.pk]),
        {
            "title": "Treffen",
            "starts_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Café",
        },
    )
    assert group.meetings.count() == 1


def test_a_reminder_goes_to_every_invitee_once(group, admin):
    from quartier.groups.services import meeting_reminder_send
    from quartier.meetings.services.replies import meeting_reminders_send

    tomorrow = timezone.localtime() + timedelta(days=1)
    soon = services.group_meeting_plan(
        group=group,
        actor=admin,
        title="Morgen",
        starts_at=tomorrow.replace(hour=18, minute=0, second=0, microsecond=0),
        place="Jugendhaus",
        send=False,
    )
    later = services.group_meeting_plan(
        group=group,
        actor=admin,
        title="Nächste Woche",
        starts_at=timezone.now() + timedelta(days=7),
        place="",
        send=False,
    )
    # The worker's day-before reminder covers group meetings too.
    assert meeting_reminders_send() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@example.org",
        "ben@example.org",
        "key@example.org",
    ]
    assert all("Morgen" in m.subject for m in mail.outbox)
    assert meeting_reminders_send() == 0  # not twice
    reminder = meeting_reminder_send(meeting=later, actor=admin)  # by hand, a week ahead
    assert reminder.recipients == 3 and len(mail.outbox) == 6
    with pytest.raises(DomainError) as caught:
        meeting_reminder_send(meeting=later, actor=admin)
    assert caught.value.code == "reminded"
    assert soon.invitees.filter(reminded_at__isnull=False).count() == 3
    assert later.invitees.filter(reminded_at__isnull=False).count() == 3


def test_a_moderator_adds_someone_who_took_part_in_the_process(
    client, group, admin, organisation, event, join
):
    from quartier.reach.services import participation_record

    took_part = _contact(organisation, admin, "Dilek", "dilek@example.org")
    participation_record(
        contact=took_part,
        source=event,
        kind="event",
        role="attendee",
        occurred_at=event.starts_at,
        process=group.process,
    )
    stranger = _contact(organisation, admin, "Fremd", "fremd@example.org")
    org = organisation.slug
    client.force_login(admin)
    page = client.get(reverse("groups:detail", args=[org, group.pk])).content.decode()
    assert "Dilek" in page and "Fremd" not in page
    url = reverse("groups:member_add", args=[org, group.pk])
    client.post(url, {"contact": stranger.pk})
    assert not group.members.filter(contact=stranger).exists()
    client.post(url, {"contact": took_part.pk})
    assert group.members.filter(contact=took_part).exists()
    assert took_part.participations.filter(kind="group").exists()
