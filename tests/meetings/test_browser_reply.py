"""An invitee without an account answers the invitation on a phone, from the e-mail link."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_invitee_accepts_from_the_e_mail_without_an_account(
    live_server: Any, new_page: Any, assert_accessible: Any, make_meeting: Any, admin: Any
) -> None:
    from quartier.meetings.services.invitations import invitations_send
    from quartier.meetings.services.meetings import invitees_add
    from quartier.reach.services import contact_create

    guest = contact_create(
        organisation=admin.memberships.get().organisation,
        actor=admin,
        full_name="Gül Öztürk",
        email="guel@example.org",
        legal_basis="contract",
    )
    meeting = make_meeting(
        "team_meeting", title="Hofgespräch", starts_at=timezone.now() + timedelta(days=3)
    )
    invitees_add(meeting=meeting, actor=admin, contacts=[guest])
    mail.outbox.clear()
    invitations_send(meeting=meeting, actor=admin)
    path = re.search(r"https?://[^/\s]+(/reply/[^\s]+/)", mail.outbox[0].body).group(1)

    phone = new_page(width=360, height=740)
    phone.goto(live_server.url + path)
    assert phone.get_by_role("heading", name="Hofgespräch").is_visible()
    assert phone.get_by_role("link", name="Anmelden").is_visible()  # not logged in
    assert_accessible(phone)
    phone.get_by_role("button", name="Ich komme").click()
    assert phone.get_by_text("Danke, Gül Öztürk: Sie haben zugesagt.").is_visible()
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert meeting.invitees.get().response == "accepted"
    phone.get_by_role("button", name="Ich kann nicht kommen").click()
    assert phone.get_by_text("Sie haben abgesagt.").is_visible()
    assert meeting.invitees.get().response == "declined"
