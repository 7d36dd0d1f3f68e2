"""The header search on a phone: type, read the grouped hits, open one."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_organizer_searches_from_the_header_on_a_phone_and_opens_a_person(
    live_server: Any, new_page: Any, login: Any, world: Any, assert_accessible: Any
) -> None:
    page = new_page(width=360, height=740)
    login(page, world.organizer.email)
    page.goto(f"{live_server.url}/o/{world.organisation.slug}/")
    box = page.get_by_role("searchbox", name="In dieser Organisation suchen")
    box.fill("mül")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Suche", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Menschen (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Orte (1)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    page.get_by_role("link", name="Gisela Müller").click()
    expect(page.get_by_role("heading", name="Gisela Müller", level=1)).to_be_visible()
    assert_accessible(page)

    box = page.get_by_role("searchbox", name="In dieser Organisation suchen")
    box.fill("Quastenflosser")
    box.press("Enter")
    expect(page.get_by_text("Nichts gefunden für „Quastenflosser“")).to_be_visible()
    assert_accessible(page)
