"""Invitations anyone can answer without an account, the reminder the day before, and
the finished protocol by e-mail (never the confidential cases)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from tests.meetings.conftest import SECRET, SECRET_TITLE

pytestmark = pytest.mark.django_db


def _reply_path(message: Any) -> str:
    return re.search(r"https?://[^/\s]+(/reply/[^\s]+/)", message.body).group(1)


@pytest.fixture
def invited(make_meeting: Any, admin: Any, reach_contacts: Any) -> Any:
    from quartier.meetings.services.invitations import invitations_send
    from quartier.meetings.services.meetings import invitees_add

    tomorrow = timezone.localtime() + timedelta(days=1)
    meeting = make_meeting("team_meeting", title="Hofgespräch", starts_at=tomorrow)
    invitees_add(meeting=meeting, actor=admin, contacts=reach_contacts)
    mail.outbox.clear()
    invitations_send(meeting=meeting, actor=admin)
    return meeting


@pytest.fixture
def reach_contacts(organisation: Any, admin: Any) -> list[Any]:
    from quartier.reach.services import contact_create

    return [
        contact_create(
            organisation=organisation,
            actor=admin,
            full_name="Gül Öztürk",
            email="guel@example.org",
            legal_basis="contract",
        ),
        contact_create(
            organisation=organisation,
            actor=admin,
            full_name="Emma Brown",
            email="emma@example.org",
            languages="en, de",
            legal_basis="contract",
        ),
    ]


def test_an_invitee_answers_from_the_e_mail_without_an_account(client, invited):
    german = next(m for m in mail.outbox if m.to == ["guel@example.org"])
    english = next(m for m in mail.outbox if m.to == ["emma@example.org"])
    assert german.subject == "Einladung: Hofgespräch" and "Hallo Gül Öztürk" in german.body
    assert english.subject == "Invitation: Hofgespräch" and "Hello Emma Brown" in english.body
    path = _reply_path(german)
    page = client.get(path)
    assert page.status_code == 200 and "Hofgespräch" in page.content.decode()
    client.post(path, {"answer": "decline"})
    invitee = invited.invitees.get(email="guel@example.org")
    assert invitee.response == "declined"
    assert client.get(path.replace("/reply/", "/reply/x")).status_code == 404  # forged link


def test_the_day_before_only_those_who_did_not_decline_are_reminded(client, invited):
    from quartier.core.schedule import enqueue_periodic_jobs

    client.post(
        _reply_path(next(m for m in mail.outbox if m.to == ["guel@example.org"])),
        {"answer": "decline"},
    )
    mail.outbox.clear()
    enqueue_periodic_jobs()
    assert [m.to for m in mail.outbox] == [["emma@example.org"]]
    assert mail.outbox[0].subject == "Tomorrow: Hofgespräch"
    enqueue_periodic_jobs()
    assert len(mail.outbox) == 1


def test_the_finished_protocol_goes_to_the_participants_without_the_cases(
    consultation: Any, admin: Any, participants: list[Any], django_capture_on_commit_callbacks
):
    from quartier.meetings.services.consultation import case_submit
    from quartier.meetings.services.meetings import meeting_finish
    from quartier.meetings.services.protocol import protocol_finalize, protocol_get_or_create

    case_submit(meeting=consultation, actor=participants[0], title=SECRET_TITLE, text=SECRET)
    meeting_finish(meeting=consultation, actor=admin)
    protocol = protocol_get_or_create(meeting=consultation, actor=admin)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        protocol_finalize(protocol=protocol, actor=admin, send=True)
    assert len(mail.outbox) == 14
    for message in mail.outbox:
        assert "Protokoll" in message.subject
        assert SECRET not in message.body and SECRET_TITLE not in message.body
