"""An opinion map clicked through in Chromium: a moderator, three phones, a projector."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _phone_join(new_page, server, event, name):
    phone = new_page(**PHONE)
    phone.goto(f"{server.url}/j/{event.join_code}/")
    phone.locator("#display_name").fill(name)
    phone.locator("form[data-join-form] button[type=submit]").click()
    phone.wait_for_load_state()
    return phone


def _answer_all(phone, agree_first_half: bool):
    while phone.locator(".statement-card").count():
        text = phone.locator(".statement-text").inner_text()
        agree = text.startswith("Mehr") == agree_first_half or text.startswith("Ein schöner")
        phone.get_by_role("button", name="Zustimmen" if agree else "Ablehnen").click()
        phone.wait_for_load_state()


def _no_horizontal_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_opinion_map_from_question_to_projector(
    asgi_server, asgi_login, new_page, event, moderator, assert_accessible
):
    console = new_page()
    asgi_login(console, moderator.email)
    console.goto(f"{asgi_server.url}{event.get_absolute_url()}")
    console.get_by_role("link", name="Meinungslandkarten").click()
    assert_accessible(console)
    console.locator("#question").fill("Wie soll der Marktplatz werden?")
    console.locator("#statements").fill(
        "Mehr Bänke\nMehr Bäume\nWeniger Parkplätze\nWeniger Autos\nEin schöner Platz für alle"
    )
    console.get_by_role("button", name="Meinungslandkarte starten").click()
    expect(console.locator("h1")).to_have_text("Wie soll der Marktplatz werden?")
    staff_url = console.url

    # The phones find the map in the room, answer, and one proposes a statement.
    phones = [_phone_join(new_page, asgi_server, event, n) for n in ("Anna", "Ben", "Cem", "Dana")]
    anna = phones[0]
    anna.get_by_role("link", name="Wie soll der Marktplatz werden?").click()
    expect(anna.locator(".statement-text")).to_have_text("Mehr Bänke")
    assert_accessible(anna)
    _no_horizontal_scroll(anna)
    anna.locator("#statement-text").fill("Ein Trinkbrunnen am Markt")
    anna.get_by_role("button", name="Zur Moderation senden").click()
    expect(anna.locator(".messages")).to_contain_text("Moderation")

    # The moderator accepts it; it is then asked on the phones.
    console.goto(staff_url)
    pending = console.locator(".pending-statement", has_text="Ein Trinkbrunnen am Markt")
    pending.get_by_role("button", name=re.compile("^Annehmen")).click()
    expect(console.locator(".messages")).to_contain_text("angenommen")
    assert_accessible(console)

    vote_url = anna.url
    for n, phone in enumerate(phones):
        phone.goto(vote_url)
        _answer_all(phone, agree_first_half=n % 2 == 0)
        expect(phone.locator("#done-heading")).to_be_visible()
    phones[1].reload()
    expect(phones[1].locator(".opinion-map svg path")).to_have_count(4)
    assert_accessible(phones[1])
    _no_horizontal_scroll(phones[1])

    projector = new_page(width=1600, height=900)
    asgi_login(projector, moderator.email)
    projector.goto(f"{staff_url}projector/")
    expect(projector.locator(".opinion-map svg path")).to_have_count(4)
    expect(projector.locator(".opinion-legend > li")).to_have_count(2)
    expect(projector.locator(".statement-lines").first).to_contain_text(
        "Ein schöner Platz für alle"
    )
    assert_accessible(projector)

    # Closing the map stops voting on the phones.
    console.goto(staff_url)
    console.get_by_role("button", name="Abstimmung beenden").click()
    anna.goto(vote_url)
    expect(anna.locator(".alert.info")).to_contain_text("beendet")


def test_the_themes_page_is_reached_from_the_console_and_accessible(
    asgi_server, asgi_login, new_page, event, moderator, join, category, token, assert_accessible
):
    from quartier.wall import services as wall_services

    for title in ("Hundewiese", "Hundeauslaufplatz", "Badesee", "Schwimmteich"):
        wall_services.card_post(
            event=event, participant=join(), title=title, category_id=category.pk, token=token()
        )
    console = new_page(**PHONE)
    asgi_login(console, moderator.email)
    console.goto(f"{asgi_server.url}{event.get_absolute_url()}")
    console.get_by_role("link", name="Themen", exact=True).click()
    expect(console.locator("h1")).to_have_text("Themen der Wand")
    console.locator("#k").fill("2")
    console.get_by_role("button", name="Neu gruppieren").click()
    expect(console.locator(".theme-list > li")).to_have_count(2)
    assert_accessible(console)
    _no_horizontal_scroll(console)


def test_the_projector_shows_new_votes_by_the_live_channel_without_waiting_for_its_poll(
    asgi_server, asgi_login, new_page, event, moderator, assert_accessible
):
    from quartier.topics import opinion_services

    found = opinion_services.conversation_create(
        event=event,
        actor=moderator,
        question="Was braucht der Platz?",
        statements=["Mehr Bänke", "Mehr Bäume"],
    )
    projector = new_page(width=1600, height=900)
    asgi_login(projector, moderator.email)
    projector.goto(
        f"{asgi_server.url}/o/{event.process.organisation.slug}/events/{event.pk}"
        f"/opinions/{found.pk}/projector/"
    )
    expect(projector.locator("main[data-live-connected='1']")).to_have_count(1)
    expect(projector.locator(".projector-counts")).to_contain_text("0 Teilnehmende")
    assert_accessible(projector)

    phone = _phone_join(new_page, asgi_server, event, "Anna")
    phone.goto(f"{asgi_server.url}/e/{event.join_code}/opinions/{found.pk}/")
    phone.get_by_role("button", name="Zustimmen").click()
    phone.wait_for_load_state()
    # The poll runs every 30 s: seeing the vote within 6 s means the channel pushed it.
    expect(projector.locator(".projector-counts")).to_contain_text("1 Teilnehmende", timeout=6000)
    phone.get_by_role("button", name="Ablehnen").click()  # within 2 s: not pushed itself
    expect(projector.locator(".projector-counts")).to_contain_text("2 Stimmen", timeout=6000)
    assert_accessible(projector)


def test_the_cards_of_one_theme_are_merged_from_the_themes_page_after_confirming(
    asgi_server, asgi_login, new_page, event, moderator, join, category, token, assert_accessible
):
    from quartier.wall import services as wall_services
    from quartier.wall.models import Card, CardStatus

    for title in ("Hundewiese", "Hundeauslaufplatz", "Hunde-Auslauffläche", "Badesee"):
        wall_services.card_post(
            event=event, participant=join(), title=title, category_id=category.pk, token=token()
        )
    console = new_page(**PHONE)
    asgi_login(console, moderator.email)
    console.goto(f"{asgi_server.url}{event.get_absolute_url()}")
    console.get_by_role("link", name="Themen", exact=True).click()
    console.locator("#k").fill("2")
    console.get_by_role("button", name="Neu gruppieren").click()
    dogs = console.locator(".theme-list > li", has_text="Hundewiese")
    expect(dogs.locator("input[type=checkbox]")).to_have_count(3)
    assert_accessible(console)
    _no_horizontal_scroll(console)
    dogs.get_by_label("Hunde-Auslauffläche").uncheck()
    dogs.get_by_label("Diese Karte bleibt").select_option(label="Hundeauslaufplatz")
    dogs.get_by_role("button", name="Angekreuzte Karten zusammenführen …").click()
    expect(console.locator("h1")).to_have_text("Karten zusammenführen")
    expect(console.locator("main ul").last).to_have_text("Hundewiese")
    assert_accessible(console)
    _no_horizontal_scroll(console)
    console.get_by_role("button", name="Ja, 2 Karten zusammenführen").click()
    expect(console.locator(".messages")).to_contain_text("in „Hundeauslaufplatz“ zusammengeführt")
    assert_accessible(console)
    visible = set(
        Card.objects.filter(event=event, status=CardStatus.VISIBLE).values_list("title", flat=True)
    )
    assert visible == {"Hundeauslaufplatz", "Hunde-Auslauffläche", "Badesee"}
