"""An online opinion map clicked through in Chromium at 360 px: the team member starts it
from the process overview and moderates; one signed-in resident and one anonymous
browser answer through the link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _no_horizontal_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def _answer_all(page, agree_with_more: bool):
    while page.locator(".statement-card").count():
        text = page.locator(".statement-text").inner_text()
        agree = text.startswith("Mehr") == agree_with_more or text.startswith("Ein Park")
        page.get_by_role("button", name="Zustimmen" if agree else "Ablehnen").click()
        page.wait_for_load_state()


def test_an_online_opinion_map_with_two_residents_and_a_moderator(
    live_server, login, new_page, process, admin, make_user, assert_accessible
):
    team = new_page(**PHONE)
    login(team, admin.email)
    team.goto(f"{live_server.url}{process.get_absolute_url()}")
    team.get_by_role("link", name="Meinungslandkarte starten oder öffnen").click()
    assert_accessible(team)
    _no_horizontal_scroll(team)
    team.locator("#question").fill("Wie soll der Nordpark werden?")
    team.locator("#statements").fill(
        "Mehr Bänke\nMehr Bäume\nWeniger Parkplätze\nEin Park für alle Generationen"
    )
    team.get_by_label("alle mit dem Link (eine Stimme pro Browser)").check()
    team.get_by_role("button", name="Meinungslandkarte starten").click()
    expect(team.locator("h1")).to_have_text("Wie soll der Nordpark werden?")
    staff_url = team.url
    link = team.locator("strong.url").inner_text()
    assert "/opinions/" in link
    assert_accessible(team)
    _no_horizontal_scroll(team)

    # An anonymous browser answers through the link and proposes a statement.
    anna = new_page(**PHONE)
    anna.goto(link)
    expect(anna.locator(".statement-text")).to_have_text("Mehr Bänke")
    assert_accessible(anna)
    _no_horizontal_scroll(anna)
    anna.locator("#statement-text").fill("Mehr Trinkbrunnen im Park")
    anna.get_by_role("button", name="Zur Moderation senden").click()
    expect(anna.locator(".messages")).to_contain_text("Moderation")

    # The team accepts it.
    team.goto(staff_url)
    pending = team.locator(".pending-statement", has_text="Mehr Trinkbrunnen im Park")
    pending.get_by_role("button", name=re.compile("^Annehmen")).click()
    expect(team.locator(".messages")).to_contain_text("angenommen")

    # A signed-in resident answers too; both see the map once done.
    ben = new_page(**PHONE)
    resident = make_user(email="ben@example.org", name="Ben Bewohner")
    login(ben, resident.email)
    ben.goto(link)
    _answer_all(ben, agree_with_more=False)
    _answer_all(anna, agree_with_more=True)
    for page in (anna, ben):
        page.reload()
        expect(page.locator("#done-heading")).to_be_visible()
        expect(page.locator(".opinion-map svg path")).to_have_count(2)
        assert_accessible(page)
        _no_horizontal_scroll(page)

    # The team sees both voices, the groups, common ground and differences.
    team.goto(staff_url)
    expect(team.locator(".page-head .meta")).to_contain_text("2 Teilnehmende")
    expect(team.locator(".opinion-map svg path")).to_have_count(2)
    expect(team.locator(".statement-lines").first).to_contain_text("Ein Park für alle Generationen")
    assert_accessible(team)
    _no_horizontal_scroll(team)

    # Closing the map stops answering through the link.
    team.get_by_role("button", name="Abstimmung beenden").click()
    anna.goto(link)
    expect(anna.locator(".alert.info")).to_contain_text("beendet")
