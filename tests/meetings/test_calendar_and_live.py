"""Calendar export, invitation e-mails, and the websocket that keeps screens in sync."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db(transaction=True)


def _run(coroutine: Any) -> Any:
    """Run a coroutine on its own loop in a worker thread: Playwright's sync API may already
    own an event loop in this thread when browser tests ran first."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=30)


async def _close_connections() -> None:
    """The communicator keeps the consumer's database connections open; close them so the
    test database can be dropped (PostgreSQL refuses while sessions remain)."""
    from channels.db import database_sync_to_async
    from django.db import connections

    await database_sync_to_async(connections.close_all)()


def _communicator(meeting: Any, user: Any) -> Any:
    """``channels.testing.WebsocketCommunicator`` without importing ``channels.testing``, whose
    package import pulls in daphne (not a dependency here) for the live-server test case."""
    import importlib.util
    import sys
    import types

    if "channels.testing" not in sys.modules:
        spec = importlib.util.find_spec("channels")
        assert spec is not None and spec.submodule_search_locations
        package = types.ModuleType("channels.testing")
        package.__path__ = [f"{spec.submodule_search_locations[0]}/testing"]
        sys.modules["channels.testing"] = package
    from channels.testing.websocket import WebsocketCommunicator

    from quartier.meetings.consumers import MeetingConsumer

    communicator = WebsocketCommunicator(MeetingConsumer.as_asgi(), f"/ws/meetings/{meeting.pk}/")
    communicator.scope["user"] = user
    communicator.scope["url_route"] = {"kwargs": {"meeting_id": meeting.pk}}
    return communicator


def test_the_ics_file_describes_the_meeting(make_meeting: Any, admin: Any) -> None:
    from icalendar import Calendar

    from quartier.meetings.calendar import meeting_ics

    meeting = make_meeting(
        title="Kleingruppengespräch", place="Gemeindesaal St. Marien", moderator=admin
    )
    event = next(iter(Calendar.from_ical(meeting_ics(meeting)).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Kleingruppengespräch"
    assert str(event["LOCATION"]) == "Gemeindesaal St. Marien"
    assert event.decoded("DTSTART") == meeting.starts_at
    minutes = (event.decoded("DTEND") - event.decoded("DTSTART")).total_seconds() / 60
    assert minutes == 100  # the sum of the phase plan


def test_invitations_go_out_with_the_calendar_attached(
    make_meeting: Any, admin: Any, make_member: Any
) -> None:
    from quartier.meetings.services.invitations import invitations_send

    guest = make_member(
        admin.memberships.first().organisation, "participant", email="gast@example.org"
    )
    meeting = make_meeting(title="Treffen am Mainufer", invite_users=[guest])
    mail.outbox.clear()
    assert invitations_send(meeting=meeting, actor=admin) == 1
    message = mail.outbox[0]
    assert message.to == ["gast@example.org"]
    assert message.subject == "Einladung: Treffen am Mainufer"
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "Treffen am Mainufer" in (content if isinstance(content, str) else content.decode())
    assert invitations_send(meeting=meeting, actor=admin, only_new=True) == 0


def test_the_websocket_tells_screens_when_the_timer_changes(make_meeting: Any, admin: Any) -> None:
    from quartier.meetings.services.facilitation import timer_start

    meeting = make_meeting()

    async def scenario() -> dict[str, Any]:
        communicator = _communicator(meeting, admin)
        connected, _ = await communicator.connect()
        assert connected
        from channels.db import database_sync_to_async

        await database_sync_to_async(timer_start)(meeting=meeting, actor=admin)
        message = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        await _close_connections()
        return message

    message = _run(scenario())
    assert message["type"] == "changed" and message["version"] >= 1


def test_the_websocket_refuses_people_who_may_not_see_the_meeting(
    make_meeting: Any, make_member: Any, organisation: Any
) -> None:
    meeting = make_meeting()
    outsider = make_member(organisation, "participant")

    async def scenario() -> bool:
        communicator = _communicator(meeting, outsider)
        connected, _ = await communicator.connect()
        await _close_connections()
        return connected

    assert _run(scenario()) is False


def test_the_meeting_page_sends_invitations_and_offers_the_calendar_file(
    client: Any, make_meeting: Any, admin: Any, make_member: Any, organisation: Any
) -> None:
    from django.urls import reverse

    from tests.conftest import PASSWORD

    guest = make_member(organisation, "participant", email="gast2@example.org")
    meeting = make_meeting(title="Treffen mit Kalender", invite_users=[guest])
    client.login(email=admin.email, password=PASSWORD)
    args = [meeting.organisation.slug, meeting.process.slug, meeting.pk]
    mail.outbox.clear()
    response = client.post(reverse("meetings:invite", args=args), follow=True)
    assert "1 Einladungen versendet." in response.content.decode()
    assert mail.outbox[0].to == ["gast2@example.org"]
    ics = client.get(reverse("meetings:calendar", args=args))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Treffen mit Kalender" in ics.content


def test_guidance_is_shown_in_english_when_english_is_chosen(
    client: Any, make_meeting: Any, admin: Any
) -> None:
    from django.urls import reverse

    from quartier.meetings.services.facilitation import timer_start
    from tests.conftest import PASSWORD

    meeting = make_meeting()
    timer_start(meeting=meeting, actor=admin)
    client.login(email=admin.email, password=PASSWORD)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    url = reverse(
        "meetings:run", args=[meeting.organisation.slug, meeting.process.slug, meeting.pk]
    )
    html = client.get(url).content.decode()
    assert "Introductions" in html and "Everyone says their name" in html
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    html = client.get(url).content.decode()
    assert "Vorstellungsrunde" in html and "Alle sagen ihren Namen" in html
