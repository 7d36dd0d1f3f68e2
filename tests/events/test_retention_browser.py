"""The organizer sets the retention period in the console on a phone-sized screen and the
deletion date moves; a phone joining sees the date in its privacy note."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _german_date(moment):
    with override("de"):
        return date_format(timezone.localtime(moment))


def test_the_organizer_shortens_the_period_and_the_phone_sees_the_date(
    asgi_server, asgi_login, new_page, event, admin, assert_accessible
):
    console = new_page(width=360, height=800)
    asgi_login(console, admin.email)
    console.goto(f"{asgi_server.url}{event.get_absolute_url()}#retention")
    panel = console.locator("#retention")
    expect(panel).to_contain_text(_german_date(event.starts_at + timedelta(days=90)))
    panel.get_by_label("Daten der Teilnehmenden aufbewahren (Tage)").fill("30")
    panel.get_by_role("button", name="Aufbewahrungsfrist speichern").click()
    shortened = _german_date(event.starts_at + timedelta(days=30))
    expect(console.locator("#retention [data-retention-date]")).to_have_text(
        f"Daten der Teilnehmenden werden am {shortened} gelöscht."
    )
    # the whole console fits a 360 px screen, the bulk-action select included
    box = panel.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert console.evaluate("document.documentElement.scrollWidth") <= 361
    assert_accessible(console)

    phone = new_page(width=360, height=740)
    phone.goto(f"{asgi_server.url}/j/{event.join_code}/")
    expect(phone.locator(".privacy [data-retention-date]")).to_contain_text(shortened)
    assert_accessible(phone)
