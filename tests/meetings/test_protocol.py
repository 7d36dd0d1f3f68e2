"""Protocols: generated from the meeting, corrected, finalized and versioned; PDF and Markdown."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.fixture
def held_meeting(make_meeting: Any, admin: Any) -> Any:
    from quartier.meetings.services import content
    from quartier.meetings.services.meetings import attendance_set, invitees_add, meeting_finish

    meeting = make_meeting(
        title="Kleingruppengespräch Gemeindesaal", place="Gemeindesaal St. Marien", moderator=admin
    )
    invitees_add(meeting=meeting, actor=admin, names=["Agnes Wiesner", "Cem Aydın", "Elif Şahin"])
    for invitee in meeting.invitees.all():
        attendance_set(invitee=invitee, actor=admin, attended=True)
    content.topic_add(meeting=meeting, actor=admin, title="Busverbindung am Abend")
    content.concern_add(
        meeting=meeting, actor=admin, title="Spielplatz gesperrt", shared_by=6, readiness=5
    )
    content.summary_save(
        meeting=meeting, actor=admin, summary="Viele wollen den Spielplatz zurück."
    )
    content.next_step_add(
        meeting=meeting,
        actor=admin,
        title="Unterschriften sammeln",
        owner_name="Agnes Wiesner",
        due_on=timezone.localdate() + timedelta(days=14),
    )
    meeting_finish(meeting=meeting, actor=admin)
    return meeting


def test_the_protocol_comes_out_of_the_meeting(held_meeting: Any, admin: Any) -> None:
    from quartier.meetings.services.protocol import protocol_get_or_create

    body = protocol_get_or_create(meeting=held_meeting, actor=admin).body
    for expected in (
        "# Protokoll: Kleingruppengespräch Gemeindesaal",
        "Agnes Wiesner",
        "3 Personen",
        "Busverbindung am Abend",
        "| Spielplatz gesperrt | 6 | 5 |",
        "Viele wollen den Spielplatz zurück.",
        "Unterschriften sammeln — Agnes Wiesner",
        "Stadtteilzentrum Nord",
    ):
        assert expected in body, expected


def test_participants_can_be_shown_only_as_a_count(make_meeting: Any, admin: Any) -> None:
    from quartier.meetings.services.meetings import invitees_add
    from quartier.meetings.services.protocol import protocol_get_or_create

    meeting = make_meeting(settings={"protocol_participants": "count"})
    invitees_add(meeting=meeting, actor=admin, names=["Geheime Person", "Noch Jemand"])
    body = protocol_get_or_create(meeting=meeting, actor=admin).body
    assert "2 Personen" in body and "Geheime Person" not in body


def test_the_pdf_is_a_real_a4_document_with_the_organisation(
    client: Any, held_meeting: Any, admin: Any
) -> None:
    from pypdf import PdfReader

    client.login(email=admin.email, password=PASSWORD)
    url = reverse(
        "meetings:protocol_pdf",
        args=[held_meeting.organisation.slug, held_meeting.process.slug, held_meeting.pk],
    )
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    text = _pdf_text(response.content)
    for expected in (
        "Stadtteilzentrum Nord",
        "Protokoll",
        "Spielplatz gesperrt",
        "Handlungsbereitschaft",
        "Unterschriften sammeln",
        "Agnes Wiesner",
        "Seite 1",
    ):
        assert expected in text, expected


def test_corrections_after_finalizing_are_kept_as_versions(held_meeting: Any, admin: Any) -> None:
    from quartier.core.errors import DomainError
    from quartier.meetings.services import protocol as services

    protocol = services.protocol_get_or_create(meeting=held_meeting, actor=admin)
    services.protocol_correct(
        protocol=protocol, actor=admin, body=protocol.body + "\nErgänzung im Entwurf."
    )
    assert protocol.versions.count() == 0
    services.protocol_finalize(protocol=protocol, actor=admin)
    with pytest.raises(DomainError):
        services.protocol_correct(protocol=protocol, actor=admin, body="Neu", reason="")
    with pytest.raises(DomainError):
        services.protocol_regenerate(protocol=protocol, actor=admin)
    services.protocol_correct(
        protocol=protocol,
        actor=admin,
        body=protocol.body.replace("6", "7"),
        reason="Zahl korrigiert",
    )
    versions = list(protocol.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert "| Spielplatz gesperrt | 6 | 5 |" in versions[0].body
    assert (
        "| Spielplatz gesperrt | 7 | 5 |" in versions[1].body
        and versions[1].reason == "Zahl korrigiert"
    )


def test_old_versions_can_be_downloaded(client: Any, held_meeting: Any, admin: Any) -> None:
    from quartier.meetings.services import protocol as services

    protocol = services.protocol_get_or_create(meeting=held_meeting, actor=admin)
    services.protocol_finalize(protocol=protocol, actor=admin)
    services.protocol_correct(
        protocol=protocol, actor=admin, body="# Protokoll\n\nKorrigiert.", reason="Test"
    )
    client.login(email=admin.email, password=PASSWORD)
    base = reverse(
        "meetings:protocol_md",
        args=[held_meeting.organisation.slug, held_meeting.process.slug, held_meeting.pk],
    )
    assert "Spielplatz" in client.get(base + "?version=1").content.decode()
    assert "Korrigiert." in client.get(base).content.decode()
    pdf = client.get(base.replace("protocol.md", "protocol.pdf") + "?version=2").content
    assert "Korrigiert." in _pdf_text(pdf)


def test_team_meeting_protocol_has_agenda_decisions_attendance_and_tasks(
    make_meeting: Any, admin: Any
) -> None:
    from quartier.meetings.services import content
    from quartier.meetings.services.meetings import attendance_set, invitees_add
    from quartier.meetings.services.protocol import protocol_get_or_create

    meeting = make_meeting("team_meeting", title="Steuerungsgruppe Sitzung 3")
    invitees_add(meeting=meeting, actor=admin, names=["Ruth Albers", "Jens Marx"])
    attendance_set(invitee=meeting.invitees.get(name="Ruth Albers"), actor=admin, attended=True)
    item = content.agenda_item_add(meeting=meeting, actor=admin, title="Jugendkonferenz")
    content.decision_add(
        meeting=meeting, actor=admin, agenda_item=item, text="Wir laden im Mai ein."
    )
    content.next_step_add(
        meeting=meeting,
        actor=admin,
        title="Saal reservieren",
        owner=admin,
        due_on=timezone.localdate(),
    )
    body = protocol_get_or_create(meeting=meeting, actor=admin).body
    assert "### 1. Jugendkonferenz" in body and "Beschluss: Wir laden im Mai ein." in body
    assert "Ruth Albers" in body and "Jens Marx" not in body  # only who attended
    assert "Saal reservieren" in body


def test_an_uncorrected_draft_follows_the_meeting_and_a_corrected_one_stays(
    make_meeting: Any, admin: Any
) -> None:
    from quartier.meetings.services import content
    from quartier.meetings.services import protocol as services

    meeting = make_meeting()
    services.protocol_get_or_create(meeting=meeting, actor=admin)
    content.topic_add(meeting=meeting, actor=admin, title="Später ergänztes Thema")
    protocol = services.protocol_get_or_create(meeting=meeting, actor=admin)
    assert "Später ergänztes Thema" in protocol.body
    services.protocol_correct(protocol=protocol, actor=admin, body="# Protokoll\n\nVon Hand.")
    content.topic_add(meeting=meeting, actor=admin, title="Noch ein Thema")
    assert services.protocol_get_or_create(meeting=meeting, actor=admin).body == (
        "# Protokoll\n\nVon Hand.\n"
    )
