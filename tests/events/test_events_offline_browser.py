"""A phone that loses its connection keeps its actions and sends them when it is back;
a phone that is too fast is told to wait and its action still arrives, once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.events.test_events_dots_browser import _card, _phone_join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_actions_made_offline_wait_on_the_phone_and_arrive_once_when_it_is_back(
    asgi_server, new_page, event, admin, category, assert_accessible
):
    from quartier.events.services import event_set_phase
    from quartier.wall.models import Card, Supporter

    event_set_phase(event=event, actor=admin, phase="wall")
    anna = _phone_join(new_page, asgi_server, event, "Anna")
    ben = _phone_join(new_page, asgi_server, event, "Ben")
    ben.locator("#card-title").fill("Bänke am Spielplatz")
    ben.locator("form[data-live-form=post] button[type=submit]").click()
    expect(_card(anna, "Bänke am Spielplatz")).to_have_count(1)

    anna.context.set_offline(True)
    anna.locator("#card-title").fill("Mehr Licht im Park")
    anna.locator("form[data-live-form=post] button[type=submit]").click()
    _card(anna, "Bänke am Spielplatz").locator("form[data-live-form=support] button").click()
    status = anna.locator("[data-live-status]")
    expect(status).to_contain_text(re.compile("wird gesendet"))
    expect(status).not_to_contain_text("an der Wand")  # nothing is confirmed while offline
    expect(anna.locator("[data-live]")).to_have_attribute("data-live-pending", "2")
    expect(anna.locator("#card-title")).to_have_value("")  # the text waits in the queue
    anna.wait_for_timeout(1500)
    assert not Card.objects.filter(title="Mehr Licht im Park").exists()
    assert not Supporter.objects.exists()
    assert_accessible(anna)

    anna.context.set_offline(False)
    expect(anna.locator("[data-live]")).to_have_attribute("data-live-pending", "0", timeout=20_000)
    expect(_card(ben, "Mehr Licht im Park")).to_have_count(1)
    expect(_card(ben, "Bänke am Spielplatz").locator("[data-field=supporters]")).to_have_text("1")
    expect(_card(anna, "Mehr Licht im Park")).to_have_count(1)
    assert Card.objects.filter(title="Mehr Licht im Park").count() == 1
    assert Supporter.objects.count() == 1


def test_a_phone_that_posts_too_fast_is_asked_to_wait_and_nothing_is_lost(
    asgi_server, new_page, event, admin, settings
):
    from quartier.events.services import event_set_phase
    from quartier.wall.models import Card

    settings.LIVE_LIMITS = {"post": (2, 1000, 4)}  # two cards per 4 seconds
    event_set_phase(event=event, actor=admin, phase="wall")
    anna = _phone_join(new_page, asgi_server, event, "Anna")
    for title in ("Radwege", "Bänke", "Bäume", "Brunnen"):
        anna.locator("#card-title").fill(title)
        anna.locator("form[data-live-form=post] button[type=submit]").click()
    expect(anna.locator("[data-live-status]")).to_contain_text(
        re.compile("Bitte warte \\d+ Sekunden")
    )
    expect(anna.locator("[data-live]")).to_have_attribute("data-live-pending", "0", timeout=20_000)
    for title in ("Radwege", "Bänke", "Bäume", "Brunnen"):
        expect(_card(anna, title)).to_have_count(1)
        assert Card.objects.filter(title=title).count() == 1
