"""Suggested themes of an interview campaign clicked through in Chromium at 360 px."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.topics.test_interview_themes import ANSWERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_adopts_a_suggested_theme_and_sees_it_counted(
    live_server, login, new_page, organisation, admin, assert_accessible
):
    from quartier.interviews.services import campaign_create, interview_record

    campaign = campaign_create(
        organisation=organisation,
        actor=admin,
        title="Was fehlt im Kiez?",
        opening_question="Was fehlt Ihnen hier?",
    )
    question = campaign.questions.get()
    for text in ANSWERS:
        interview_record(
            campaign=campaign,
            interviewer=admin,
            held_on=date(2026, 11, 20),
            answers={question.pk: text},
            client_token=str(uuid.uuid4()),
        )
    page = new_page(width=360, height=740)
    login(page, admin.email)
    page.goto(f"{live_server.url}/o/{organisation.slug}/interviews/{campaign.pk}/review/")
    page.get_by_role("link", name="Themenvorschläge aus den Antworten").click()
    page.locator("#k").fill("2")
    page.get_by_role("button", name="Neu gruppieren").click()
    dogs = page.locator(".theme-list > li", has_text="Hundewiese")
    expect(dogs.locator("input[type=checkbox]")).to_have_count(3)
    assert_accessible(page)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    dogs.get_by_label("Mehr Platz für Hunde zum Rennen.").uncheck()
    dogs.get_by_label("Name des Themas").fill("Hunde")
    dogs.get_by_role("button", name="Als Thema für die angekreuzten Antworten übernehmen").click()
    expect(page.locator(".messages")).to_contain_text("Thema „Hunde“ bei 2 Antworten ergänzt")
    assert_accessible(page)
    page.goto(f"{live_server.url}/o/{organisation.slug}/interviews/{campaign.pk}/review/")
    expect(page.locator("#theme-counts")).to_contain_text("Hunde: 2")
