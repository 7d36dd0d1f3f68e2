"""Printing the small groups of a collegial consultation (poster and slips)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def _url(meeting: Any, kind: str) -> str:
    return reverse(
        "meetings:groups_pdf",
        args=[meeting.process.organisation.slug, meeting.process.slug, meeting.pk, kind],
    )


def test_the_groups_print_as_a_poster_naming_every_member(
    client: Any, consultation: Any, participants: list[Any], admin: Any
) -> None:
    from quartier.meetings.services.consultation import (
        case_submit,
        cases_select,
        consultation_split,
    )

    case_submit(meeting=consultation, actor=participants[0], title="Fall", text="Text")
    cases_select(meeting=consultation, actor=admin, count=1)
    consultation_split(meeting=consultation, actor=admin, groups=2)
    client.force_login(admin)
    response = client.get(_url(consultation, "poster"))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Gruppe 1" in text and "Gruppe 2" in text
    for invitee in consultation.invitees.all():
        assert invitee.name.split()[0] in text
    slips = client.get(_url(consultation, "slips"))
    assert len(PdfReader(io.BytesIO(slips.content)).pages) >= 1
    assert client.get(_url(consultation, "cards")).status_code == 404
