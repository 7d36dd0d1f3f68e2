"""The live event room in several browsers at once: a moderator, two phones, a projector.

Runs against the real ASGI application (HTTP + websockets) in a thread; every screen
follows the others through the websocket, and reloads show the same truth.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.events.test_events_dots_browser import merge_in_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _phone_join(new_page, server, event, name):
    phone = new_page(**PHONE)
    phone.goto(f"{server.url}/j/")
    phone.locator("#code").fill(event.display_code)
    phone.locator("form button[type=submit]").click()
    phone.locator("#display_name").fill(name)
    phone.locator("form[data-join-form] button[type=submit]").click()
    expect(phone.locator("[data-live]")).to_have_attribute("data-live-connected", "1")
    return phone


def _switch_phase(console, key):
    console.locator(f"form.phase-switch button[value={key}]").click()
    console.wait_for_load_state()


def _no_horizontal_scroll(page):
    page.wait_for_load_state()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_whole_event_across_four_screens(
    asgi_server, asgi_login, new_page, event, moderator, admin, assert_accessible
):
    console = new_page()
    asgi_login(console, moderator.email)
    console.goto(f"{asgi_server.url}{event.get_absolute_url()}")
    expect(console.locator("h1")).to_have_text(event.title)

    projector = new_page(width=1600, height=900)
    asgi_login(projector, admin.email)
    projector.goto(f"{asgi_server.url}{event.get_absolute_url()}projector/")
    expect(projector.locator(".code").first).to_have_text(event.display_code)
    expect(projector.locator("img.qr")).to_have_attribute(
        "src", re.compile(r"^data:image/svg\+xml")
    )
    assert_accessible(projector)

    anna = _phone_join(new_page, asgi_server, event, "Anna")
    ben = _phone_join(new_page, asgi_server, event, "Ben")
    expect(projector.locator("[data-field=present]")).to_have_text("2")
    assert_accessible(anna)

    # The moderator opens the wall; every screen follows.
    _switch_phase(console, "wall")
    for screen in (anna, ben):
        expect(screen.locator("#card-title")).to_be_visible()
    expect(projector.locator("[data-wall]")).to_be_visible()

    # A card posted on one phone appears on the other phone and on the projector.
    anna.locator("#card-title").fill("Sichere Radwege zur Grundschule")
    anna.locator("form[data-live-form=post] button[type=submit]").click()
    expect(ben.locator(".topic-card", has_text="Sichere Radwege zur Grundschule")).to_be_visible()
    expect(
        projector.locator(".topic-card", has_text="Sichere Radwege zur Grundschule")
    ).to_be_visible()
    expect(anna.locator("#card-title")).to_have_value("")

    # While Ben types a similar topic, the existing card is suggested; a broad one gets a hint.
    ben.locator("#card-title").fill("Radwege Grundschule")
    expect(ben.locator("#suggestions .similar")).to_contain_text("Sichere Radwege zur Grundschule")
    ben.locator("#card-title").fill("Umwelt")
    expect(ben.locator("#suggestions .hint")).to_be_visible()
    ben.locator("#card-title").fill("Mehr Fahrradständer am Bahnhof")
    ben.locator("form[data-live-form=post] button[type=submit]").click()
    expect(anna.locator(".topic-card", has_text="Fahrradständer")).to_be_visible()
    _no_horizontal_scroll(anna)
    assert_accessible(ben)

    # A plain reload shows the same truth.
    anna.reload()
    expect(anna.locator(".topic-card")).to_have_count(2)

    # Voting: both vote, the tallies are live.
    _switch_phase(console, "voting")
    console.locator("#voting form button.primary").click()
    console.wait_for_load_state()
    radwege = anna.locator(".topic-card", has_text="Radwege")
    staender = anna.locator(".topic-card", has_text="Fahrradständer")
    expect(radwege.locator("form[data-live-form=vote] button")).to_be_visible()
    radwege.locator("form[data-live-form=vote] button").click()
    expect(radwege.locator("[data-field=mine]")).to_have_text("1")
    ben.locator(".topic-card", has_text="Fahrradständer").locator(
        "form[data-live-form=vote] button"
    ).click()
    expect(staender.locator("[data-field=votes]")).to_have_text("1")
    expect(
        ben.locator(".topic-card", has_text="Radwege").locator("[data-field=votes]")
    ).to_have_text("1")

    # The moderator merges the second card into the first: its vote moves along.
    staender_card = event.cards.get(title__contains="Fahrradständer")
    merge_in_console(console, staender_card, "Sichere Radwege zur Grundschule")
    expect(anna.locator(".topic-card", has_text="Fahrradständer")).to_have_count(0)
    expect(
        ben.locator(".topic-card", has_text="Radwege").locator("[data-field=votes]")
    ).to_have_text("2")
    assert_accessible(console)

    # Closing the vote freezes it: the phones show the result and can no longer vote.
    console.locator("#voting form button.danger").click()
    console.wait_for_load_state()
    for screen in (anna, ben):
        expect(screen.locator("ol.results")).to_contain_text("Sichere Radwege zur Grundschule")
        expect(screen.locator("form[data-live-form=vote]")).to_have_count(0)
    expect(projector.locator("ol.results")).to_contain_text("2")

    # Topic groups: a group with one place; the second phone is refused.
    _switch_phase(console, "groups")
    console.locator("#group-card").select_option(index=1)
    console.locator("#group-room").select_option(label="Saal")
    console.locator("#group-slot").select_option(label="14:00")
    console.locator("#group-capacity").fill("1")
    console.locator("form.group-form button[type=submit]").click()
    console.wait_for_load_state()
    expect(anna.locator("[data-group]")).to_have_count(1)
    expect(projector.locator(".projector-table")).to_contain_text("Saal")
    ben.locator("[data-group]")  # Ben's screen still offers the join button...
    anna.locator("form[data-live-form=group] button").click()
    expect(anna.locator("[data-group] .badge")).to_be_visible()
    expect(ben.locator("[data-group] [data-field=full]")).to_be_visible()
    ben.locator("form[data-live-form=group] button").click()
    expect(ben.locator("[data-live-status]")).to_contain_text(re.compile("voll|full"))
    assert event.topic_groups.get().members.count() == 1
    _no_horizontal_scroll(ben)
    assert_accessible(ben)
    assert_accessible(projector)


def test_the_room_works_without_javascript(asgi_server, browser, event, admin):
    """Posting and voting are plain HTML forms; the page is the truth after each submit."""
    from quartier.events.services import event_set_phase

    event_set_phase(event=event, actor=admin, phase="wall")
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(f"{asgi_server.url}/j/{event.join_code}/")
        page.locator("input[name=anonymous]").check()
        page.locator("form[data-join-form] button[type=submit]").click()
        page.locator("#card-title").fill("Nachbarschaftsgarten")
        page.locator("form[data-live-form=post] button[type=submit]").click()
        expect(page.locator(".topic-card", has_text="Nachbarschaftsgarten")).to_be_visible()
        # The browser's "resubmit" repeats the token: still one card.
        assert event.cards.count() == 1
    finally:
        context.close()
