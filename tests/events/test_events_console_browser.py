"""The console with a big wall: 300 cards, a merge picker that searches, similar cards
grouped for merging, and bulk actions, clicked through in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.events.test_events_projector_browser import wall_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_console_with_300_cards_stays_light_and_its_tools_work(
    asgi_server, asgi_login, new_page, event, moderator, admin, assert_accessible
):
    from quartier.events.services import event_set_phase
    from quartier.wall.models import Card, CardStatus

    event_set_phase(event=event, actor=admin, phase="wall")
    cards = wall_of(event, 48, [20, 14, 9, 5])
    category = event.categories.order_by("order")[4]
    duplicates = ["Tempo 30 vor der Schule", "Tempo-30-Zone vor Schulen", "Mehr Mülleimer im Park"]
    duplicates += ["Mehr Mülleimer am Park"]
    Card.objects.bulk_create(
        Card(event=event, category=category, title=title)
        for title in duplicates + [f"Spielstraße Nummer {i}" for i in range(248)]
    )
    console = new_page(width=1280, height=900)
    asgi_login(console, moderator.email)
    response = console.goto(f"{asgi_server.url}{event.get_absolute_url()}")
    html = response.text()
    assert console.locator(".console-card").count() == 300
    assert html.count("<option") < 400  # was one merge list of every card per card
    assert len(html) < 600_000

    # The merge picker searches: a few matches instead of 299 options.
    source = next(c for c in cards if c.title == "Mehr Bänke am Park")
    row = console.locator(f"#mod-card-{source.pk}")
    row.locator("summary").click()
    expect(row.locator(".card-tools")).to_be_visible(timeout=20_000)
    expect(row.locator("fieldset legend")).to_have_text(re.compile("Ähnliche Karten"))
    row.locator("input[type=search]").fill("Marktplatz Bänke")
    expect(row.locator("fieldset input[type=radio]")).to_have_count(1)
    row.locator("label", has_text="Mehr Bänke am Marktplatz").locator("input").check()
    row.locator("form[action$='/merge/'] button[type=submit]").click()
    console.wait_for_load_state()
    expect(console.locator(f"#mod-card-{source.pk}")).to_have_count(0)
    assert Card.objects.get(pk=source.pk).status == CardStatus.MERGED

    # Similar cards come as groups, each merged with one click.
    console.locator("details.similar-toggle summary").click()
    group = console.locator(".similar-group").first
    expect(group).to_be_visible(timeout=20_000)
    for pair in ("Tempo-30-Zone vor Schulen", "Mehr Mülleimer am Park"):
        expect(console.locator(".similar-group", has_text=pair)).to_have_count(1)
    ticked = group.locator("input[type=checkbox]").count()
    assert ticked >= 2
    before = Card.objects.filter(event=event, status=CardStatus.VISIBLE).count()
    group.locator("button[type=submit]").click()
    console.wait_for_load_state()
    after = Card.objects.filter(event=event, status=CardStatus.VISIBLE).count()
    assert after == before - (ticked - 1)

    # Bulk: tick three cards and hide them with one reason.
    chosen = list(Card.objects.filter(title__startswith="Spielstraße Nummer 1")[:3])
    for card in chosen:
        console.locator(f"#tick-{card.pk}").check()
    console.locator("#bulk-action").select_option("hide")
    console.locator("#bulk-reason").fill("Doppelt")
    console.locator("#bulk-form button[type=submit]").click()
    console.wait_for_load_state()
    for card in chosen:
        card.refresh_from_db()
        assert card.status == CardStatus.HIDDEN and card.hidden_reason == "Doppelt"
    assert_accessible(console)
