"""Meeting fixtures: a key person, invited participants, and meetings of each format."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest


@pytest.fixture
def key_person(organisation: Any, make_member: Any) -> Any:
    return make_member(
        organisation, "moderator", email="keyperson@example.org", name="Kira Schlüssel"
    )


@pytest.fixture
def organizer(organisation: Any, make_member: Any) -> Any:
    return make_member(organisation, "organizer", email="orga@example.org", name="Olaf Organisator")


@pytest.fixture
def participants(organisation: Any, make_member: Any) -> list[Any]:
    return [
        make_member(
            organisation,
            "participant",
            email=f"teilnehmer{i}@example.org",
            name=f"Teilnehmerin {i:02d}",
        )
        for i in range(1, 15)
    ]


@pytest.fixture
def starts_at() -> Any:
    from django.utils import timezone

    return (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)


@pytest.fixture
def make_meeting(process: Any, admin: Any, starts_at: Any) -> Any:
    from quartier.meetings.services.meetings import meeting_create

    def make(format_key: str = "small_group", actor: Any = None, **kwargs: Any) -> Any:
        kwargs.setdefault("title", "Treffen im Gemeindesaal")
        kwargs.setdefault("starts_at", starts_at)
        return meeting_create(
            process=process, actor=actor or admin, format_key=format_key, **kwargs
        )

    return make


@pytest.fixture
def consultation(make_meeting: Any, participants: list[Any], admin: Any) -> Any:
    """A consultation with 14 invited participants, all present."""
    from quartier.meetings.services.meetings import attendance_set

    meeting = make_meeting(
        "collegial_consultation",
        title="Kollegiale Beratung",
        invite_users=participants,
        moderator=admin,
    )
    for invitee in meeting.invitees.all():
        attendance_set(invitee=invitee, actor=admin, attended=True)
    return meeting


SECRET = "Geheimfall-Xylophon: mein Kollege Bertram trinkt im Dienst"
SECRET_TITLE = "Vertraulich-Quokka"
SECRET_NOTE = "Notiz-Zebrafink: Hypothese Überforderung"
