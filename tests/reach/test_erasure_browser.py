"""An admin erases a person in Chromium; then the whole database is searched for the name."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.reach.test_erasure_by_identity import counts, everywhere
from tests.reach.test_privacy import _rows_containing

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_admin_erases_a_person_and_the_name_is_nowhere_in_the_database(
    live_server, page, login, reach, assert_accessible
):
    person, meeting = everywhere(reach, "Günther Quastelweiß", "Quastelweiß")
    assert _rows_containing("Quastelweiß")
    before = counts(reach)
    login(page, reach.admin.email)
    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    page.get_by_role("link", name="Person löschen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Endgültig löschen").click()
    expect(page.get_by_text("Die Daten der Person wurden gelöscht")).to_be_visible()
    for needle in ("Quastelweiß", "Günther", "zettel@example.org", "0171 9998887", "Lindenweg"):
        assert _rows_containing(needle) == [], needle
    assert counts(reach) == before
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}protocol/")
    expect(page.locator(".protocol-body").first).to_contain_text("(gelöscht)")
    assert "Quastelweiß" not in page.content()
    assert_accessible(page)
