"""How phones send their actions: over the open websocket, and as the HTTP form post with
the same client token when the socket is blocked or its answer never comes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.events.test_events_dots_browser import PHONE, _card, _phone_join, _settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SOCKET = re.compile(r"/ws/events/")


def _sent(phone, via):
    return int(phone.locator("[data-live]").get_attribute(f"data-live-sent-{via}") or 0)


def _post(phone, title):
    phone.locator("#card-title").fill(title)
    phone.locator("form[data-live-form=post] button[type=submit]").click()


def test_phones_send_over_the_socket_and_fall_back_to_http_when_it_is_blocked_or_silent(
    asgi_server, new_page, event, admin, assert_accessible
):
    from quartier.events.services import event_set_phase
    from quartier.wall.models import Card, Supporter, Vote
    from quartier.wall.services import voting_open

    event_set_phase(event=event, actor=admin, phase="wall")
    anna = _phone_join(new_page, asgi_server, event, "Anna")

    # Cem's network lets no websocket through: the page still works over HTTP.
    cem = new_page(**PHONE)
    cem.context.route_web_socket(SOCKET, lambda ws: ws.close())
    cem.goto(f"{asgi_server.url}/j/{event.join_code}/")
    cem.locator("#display_name").fill("Cem")
    cem.locator("form[data-join-form] button[type=submit]").click()
    expect(cem.locator("[data-live]")).to_have_attribute("data-live-connected", "0")

    # Ben's socket delivers his frames; later nothing comes back on it any more (a
    # half-open connection): the answers to his frames are lost too.
    silent = {"on": False}

    def go_silent_later(ws):
        server = ws.connect_to_server()
        server.on_message(lambda message: None if silent["on"] else ws.send(message))

    ben = new_page(**PHONE)
    ben.context.route_web_socket(SOCKET, go_silent_later)
    ben.goto(f"{asgi_server.url}/j/{event.join_code}/")
    ben.locator("#display_name").fill("Ben")
    ben.locator("form[data-join-form] button[type=submit]").click()
    expect(ben.locator("[data-live]")).to_have_attribute("data-live-connected", "1")

    _post(anna, "Radwege")
    expect(anna.locator("[data-live-status]")).to_contain_text("an der Wand")
    expect(_card(ben, "Radwege")).to_have_count(1)
    _card(anna, "Radwege").locator("form[data-live-form=support] button").click()
    _settled([anna], event)
    assert (_sent(anna, "socket"), _sent(anna, "http")) == (2, 0)

    _post(cem, "Bänke")
    expect(cem.locator("[data-live-status]")).to_contain_text("an der Wand")
    expect(_card(anna, "Bänke")).to_have_count(1)  # Anna's socket brings Cem's card
    assert (_sent(cem, "socket"), _sent(cem, "http")) == (0, 1)

    # The server stores Ben's card from the socket frame; the answer is lost, so after 8 s
    # of silence the page sends the same action over HTTP and the server answers it again
    # without acting twice.
    silent["on"] = True
    _post(ben, "Bäume")
    expect(_card(anna, "Bäume")).to_have_count(1)
    expect(ben.locator("[data-live]")).to_have_attribute("data-live-pending", "1")
    expect(ben.locator("[data-live-status]")).to_contain_text("wird gesendet")
    expect(ben.locator("[data-live]")).to_have_attribute("data-live-pending", "0", timeout=20_000)
    expect(ben.locator("[data-live-status]")).to_contain_text("an der Wand")
    assert (_sent(ben, "socket"), _sent(ben, "http")) == (1, 1)
    assert Card.objects.filter(title="Bäume").count() == 1
    assert Supporter.objects.count() == 1

    # Dots: over the socket the answer carries the ballot, as over HTTP.
    event_set_phase(event=event, actor=admin, phase="voting")
    voting_open(event=event, actor=admin, dots=3, max_per_card=2)
    cem.reload()  # without a socket the page would notice the new phase at its next poll
    for phone in (anna, cem):
        expect(_card(phone, "Radwege").locator("form[data-live-form=vote] button")).to_be_visible()
    expect(anna.locator("[data-live]")).to_have_attribute("data-live-connected", "1")
    _card(anna, "Radwege").locator("form[data-live-form=vote] button").click()
    _card(cem, "Radwege").locator("form[data-live-form=vote] button").click()
    expect(cem.locator("[data-live]")).to_have_attribute("data-live-pending", "0")
    _settled([anna], event)  # Cem's page has no socket: it shows only its own answers
    for phone in (anna, cem):
        expect(phone.locator("[data-field=dots-left]")).to_have_text("2")
        expect(_card(phone, "Radwege").locator("[data-field=mine]")).to_have_text("1")
    expect(_card(anna, "Radwege").locator("[data-field=votes]")).to_have_text("2")
    assert (_sent(anna, "socket"), _sent(anna, "http")) == (1, 0)  # counted since the reload
    assert (_sent(cem, "socket"), _sent(cem, "http")) == (0, 1)
    assert Vote.objects.filter(card__title="Radwege").count() == 2
    assert_accessible(anna)
