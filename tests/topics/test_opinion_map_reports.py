"""The opinion map in reports: the event protocol and the map's own PDF (read with pypdf)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from quartier.topics import opinion_selectors as selectors
from quartier.topics import opinion_services as services
from quartier.topics.report import map_drawing

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def two_camps(event, moderator, join):
    texts = [f"These {i}" for i in range(6)] + ["Wir wollen einen schönen Platz"]
    found = services.conversation_create(
        event=event, actor=moderator, question="Wie soll der Platz werden?", statements=texts
    )
    statements = list(selectors.accepted(conversation=found))
    for p in range(8):
        person = join(f"P{p}")
        for i, statement in enumerate(statements):
            agree = i == 6 or ((i < 3) == (p % 2 == 0))
            services.opinion_cast(statement=statement, participant=person, value=1 if agree else -1)
    return found


def test_the_event_protocol_carries_the_map_groups_common_ground_and_differences(
    two_camps, event, moderator
):
    client = Client()
    client.force_login(moderator)
    response = client.get(
        reverse("events:protocol_pdf", args=[event.process.organisation.slug, event.pk])
    )
    text = _text(response.content)
    assert "Meinungslandkarte: Wie soll der Platz werden?" in text
    assert "8 Teilnehmende" in text and "2 Meinungsgruppen" in text
    assert "Gruppe 1" in text and "Gruppe 2" in text
    assert "Gemeinsamkeiten" in text and "Wir wollen einen schönen Platz" in text
    assert "Worin sich die Gruppen unterscheiden" in text


def test_the_drawing_has_one_mark_per_participant_in_the_group_colours(two_camps):
    view = selectors.opinion_map_for(conversation=two_camps)
    drawing = map_drawing(view)
    marks = drawing.contents[1:]  # after the frame
    assert len(marks) == 8
    assert {m.fillColor.hexval() for m in marks} == {"0x1f5fa8", "0xb3261e"}


def test_a_process_map_has_its_own_report_for_the_team_only(process, admin, make_member):
    online = services.conversation_create(
        process=process, actor=admin, question="Was fehlt im Park?", statements=["Bänke"]
    )
    voice = services.respondent_for(conversation=online)
    services.opinion_cast(
        statement=selectors.accepted(conversation=online).get(), respondent=voice, value=1
    )
    args = [process.organisation.slug, process.slug, online.pk]
    team = Client()
    team.force_login(admin)
    response = team.get(reverse("topics:process_export_pdf", args=args))
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Meinungslandkarte: Was fehlt im Park?" in text and "1 Teilnehmende" in text
    outsider = Client()
    outsider.force_login(make_member(process.organisation, "moderator", email="x@example.org"))
    assert outsider.get(reverse("topics:process_export_pdf", args=args)).status_code == 404


def test_an_event_without_maps_keeps_its_protocol_as_it_was(event, moderator):
    client = Client()
    client.force_login(moderator)
    response = client.get(
        reverse("events:protocol_pdf", args=[event.process.organisation.slug, event.pk])
    )
    assert response.status_code == 200 and "Meinungslandkarte" not in _text(response.content)
