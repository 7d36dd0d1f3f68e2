"""A steering-group meeting in the browser: attendance, agenda, decisions and tasks."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_steering_group_records_attendance_agenda_decisions_and_tasks(
    live_server: Any,
    new_page: Any,
    login: Any,
    assert_accessible: Any,
    make_meeting: Any,
    organizer: Any,
) -> None:
    from quartier.meetings.services.meetings import invitees_add

    meeting = make_meeting(
        "team_meeting", actor=organizer, title="Steuerungsgruppe Sitzung 7", moderator=organizer
    )
    invitees_add(meeting=meeting, actor=organizer, names=["Ruth Albers", "Jens Marx"])
    page = new_page()
    login(page, organizer.email)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}run/")
    page.get_by_role("button", name="Treffen starten").click()
    page.get_by_role("button", name="Ruth Albers als anwesend markieren").click()
    assert page.get_by_role("button", name="Ruth Albers als abwesend markieren").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Nächste Phase").click()
    assert page.locator(".phase-heading").inner_text() == "Tagesordnung"
    page.get_by_label("Tagesordnungspunkt", exact=True).fill("Jugendkonferenz planen")
    page.get_by_role("button", name="Tagesordnungspunkt hinzufügen").click()
    page.get_by_role("textbox", name="Beschluss").fill("Wir laden die Jugendzentren im Mai ein.")
    page.get_by_label("Zum Tagesordnungspunkt").select_option(label="Jugendkonferenz planen")
    page.get_by_role("button", name="Beschluss festhalten").click()
    assert page.get_by_text("Beschluss: Wir laden die Jugendzentren im Mai ein.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Nächste Phase").click()
    page.get_by_label("Nächster Schritt").fill("Saal im Jugendzentrum reservieren")
    page.get_by_label("Wer kümmert sich?").select_option(label=organizer.full_name)
    page.get_by_label("Fällig am").fill("2030-05-02")
    page.get_by_role("button", name="Nächsten Schritt hinzufügen").click()
    assert page.get_by_text("Saal im Jugendzentrum reservieren").first.is_visible()
    page.get_by_role("link", name="Protokoll", exact=True).last.click()
    body = page.locator(".protocol-body").inner_text()
    assert (
        "1. Jugendkonferenz planen" in body
        and page.locator(".protocol-body h4", has_text="1. Jugendkonferenz planen").is_visible()
        and "Ruth Albers" in body
        and "Jens Marx" not in body
    )
    assert "Saal im Jugendzentrum reservieren — Olaf Organisator" in body
    assert_accessible(page)
