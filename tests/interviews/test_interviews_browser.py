"""An interview campaign in a real Chromium: guide, answers on a phone, joint review."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_interview_campaign_runs_from_the_guide_to_the_review(
    live_server, new_page, login, reach, assert_accessible
):
    page = new_page()
    login(page, reach.organizer.email)
    page.goto(f"{live_server.url}/o/{reach.organisation.slug}/interviews/")
    assert_accessible(page)
    page.get_by_role("link", name="Neue Kampagne").first.click()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Alle erreichen 2026")
    page.get_by_label("Einstiegsfrage").fill("Was verstehen Sie unter Integration?")
    page.get_by_label("Weitere Fragen").fill("Wo erleben Sie Miteinander?\nWas fehlt Ihnen?")
    page.get_by_label("Ziel: Anzahl der Interviews").fill("50")
    page.get_by_label("Mo Moderat").check()
    page.get_by_role("button", name="Kampagne speichern").click()
    assert page.get_by_text("0 von 50 Interviews (0 %)").is_visible()
    assert_accessible(page)
    campaign_url = page.url

    # The moderator enters two interviews on a phone.
    phone = new_page(width=360, height=740)
    login(phone, reach.moderator.email)
    for number, (person, answer) in enumerate(
        [
            ("Ayşe Yıldız", "Dass alle mitmachen können, egal woher."),
            ("", "Sprache lernen und Nachbarn kennen."),
        ],
        start=1,
    ):
        phone.goto(campaign_url)
        phone.get_by_role("link", name="Interview eingeben").click()
        phone.wait_for_load_state()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        assert_accessible(phone)
        if person:
            phone.get_by_label("Interviewte Person").select_option(label=person)
        phone.get_by_label("Was verstehen Sie unter Integration?").fill(answer)
        phone.get_by_label("Was fehlt Ihnen?").fill("Ein Treffpunkt im Quartier")
        phone.get_by_role("button", name="Interview speichern").click()
        assert phone.get_by_text(f"Interview {number} gespeichert. Danke!").is_visible()
    assert phone.get_by_text("2 von 50 Interviews (4 %)").is_visible()
    phone.wait_for_load_state()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)

    # Joint reading: answers side by side, tagged with themes (htmx), counted.
    page.goto(campaign_url)
    page.get_by_role("link", name="Antworten gemeinsam lesen").click()
    opening = page.get_by_role("region", name="Was verstehen Sie unter Integration?")
    assert opening.get_by_text("Dass alle mitmachen können").is_visible()
    assert opening.get_by_text("Sprache lernen und Nachbarn kennen.").is_visible()
    assert_accessible(page)
    first = opening.locator("article").first
    first.get_by_label("Neues Thema").fill("Teilhabe")
    first.get_by_role("button", name="Themen für Interview 1 speichern").click()
    expect(first.get_by_text("Gespeichert.")).to_be_visible()
    expect(first.get_by_label("Teilhabe")).to_be_checked()
    expect(page.locator("#theme-counts").get_by_text("Teilhabe: 1")).to_be_visible()  # at once
    page.reload()
    second = (
        page.get_by_role("region", name="Was verstehen Sie unter Integration?")
        .locator("article")
        .nth(1)
    )
    second.get_by_label("Teilhabe").check()
    second.get_by_role("button", name="Themen für Interview 2 speichern").click()
    expect(second.get_by_text("Gespeichert.")).to_be_visible()
    expect(page.locator("#theme-counts").get_by_text("Teilhabe: 2")).to_be_visible()
    assert_accessible(page)
    page.goto(campaign_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.get_by_role("link", name="Leitfaden bearbeiten").click()
    assert page.get_by_label("Einstiegsfrage").is_disabled()
    assert_accessible(page)
