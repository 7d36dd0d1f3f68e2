"""Every dot counts: five phones support and vote on the same cards while the moderator
merges and splits cards, and every phone ends up showing exactly what is stored."""

from __future__ import annotations

from uuid import uuid4

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
NAMES = ["Anna", "Ben", "Cem", "Dana", "Emil"]


def _phone_join(new_page, server, event, name):
    phone = new_page(**PHONE)
    phone.goto(f"{server.url}/j/{event.join_code}/")
    phone.locator("#display_name").fill(name)
    phone.locator("form[data-join-form] button[type=submit]").click()
    expect(phone.locator("[data-live]")).to_have_attribute("data-live-connected", "1")
    return phone


def _settled(phones, event):
    """Every queued action confirmed and every live entry applied on every phone."""
    event.refresh_from_db()
    for phone in phones:
        expect(phone.locator("[data-live]")).to_have_attribute("data-live-pending", "0")
    event.refresh_from_db()
    for phone in phones:
        expect(phone.locator("[data-live]")).to_have_attribute(
            "data-live-applied", str(event.last_seq), timeout=15_000
        )


def _card(phone, title):
    return phone.locator(".topic-card", has=phone.locator("h4", has_text=title))


def _open_card_tools(console, card):
    row = console.locator(f"#mod-card-{card.pk}")
    row.locator("summary").click()
    expect(row.locator(".card-tools")).to_be_visible()  # loaded when opened
    return row


def merge_in_console(console, card, target_title, *, while_typing=None):
    """The merge picker: type a word of the other card, pick it, merge.

    ``while_typing`` runs after the word is typed and its results are shown (phones
    voting meanwhile); the console must then redraw its live regions at least once and
    keep the picker as it was: the typed word, the results, focus and caret."""
    row = _open_card_tools(console, card)
    search = row.locator("input[type=search]")
    word = target_title.split()[0]
    search.press_sequentially(word, delay=40)
    pick = row.locator("label", has_text=target_title).locator("input[type=radio]")
    expect(pick).to_be_visible()
    if while_typing is not None:
        root = console.locator("[data-live]").first
        before = int(root.get_attribute("data-live-refreshes") or 0)
        while_typing()
        console.wait_for_function(
            "n => Number(document.querySelector('[data-live]').dataset.liveRefreshes || 0) > n",
            arg=before,
            timeout=15_000,
        )
        expect(search).to_have_value(word)
        expect(search).to_be_focused()
        assert search.evaluate("el => [el.selectionStart, el.selectionEnd]") == [len(word)] * 2
        expect(pick).to_be_visible()
    pick.check()
    row.locator("form[action$='/merge/'] button[type=submit]").click()
    console.wait_for_load_state()
    expect(console.locator(f"#mod-card-{card.pk}")).to_have_count(0)


def test_five_phones_every_support_and_dot_is_stored_and_shown_through_a_merge_and_a_split(
    asgi_server, asgi_login, new_page, event, moderator, admin, assert_accessible
):
    from quartier.events.services import event_set_phase
    from quartier.wall.models import Card, Supporter, Vote
    from quartier.wall.services import card_post

    event_set_phase(event=event, actor=admin, phase="wall")
    category = event.categories.first()
    for title in ("Radwege", "Bänke", "Spielplatz und Grillplatz", "Sitzecken"):
        card_post(
            event=event, participant=None, title=title, category_id=category.pk, token=uuid4()
        )

    console = new_page()
    asgi_login(console, moderator.email)
    console.goto(f"{asgi_server.url}{event.get_absolute_url()}")
    phones = [_phone_join(new_page, asgi_server, event, name) for name in NAMES]

    # --- supporting while the moderator splits a card ---------------------------------
    for index, phone in enumerate(phones):
        _card(phone, "Radwege").locator("form[data-live-form=support] button").click()
        _card(phone, "Bänke").locator("form[data-live-form=support] button").click()
        if index == 2:
            row = _open_card_tools(console, Card.objects.get(title="Spielplatz und Grillplatz"))
            row.locator("textarea[name=titles]").fill("Spielplatz\nGrillplatz")
            row.locator("form[action$='/split/'] button").click()
            console.wait_for_load_state()
    _settled(phones, event)
    for title in ("Radwege", "Bänke"):
        stored = Supporter.objects.filter(card__title=title).count()
        assert stored == len(phones)
        for phone in phones:
            expect(_card(phone, title).locator("[data-field=supporters]")).to_have_text(str(stored))
    for phone in phones:
        expect(_card(phone, "Grillplatz")).to_have_count(1)
        expect(_card(phone, "Spielplatz")).to_have_count(1)

    # --- voting while the moderator merges "Sitzecken" into "Bänke" -------------------
    console.locator("form.phase-switch button[value=voting]").click()
    console.wait_for_load_state()
    console.locator("#vote-dots").fill("6")
    console.locator("#vote-per-card").fill("3")
    console.locator("#voting form button.primary").click()
    console.wait_for_load_state()
    for phone in phones:  # the phase and the open vote reload every phone by themselves
        expect(_card(phone, "Radwege").locator("form[data-live-form=vote] button")).to_be_visible()
        expect(phone.locator("[data-live]")).to_have_attribute("data-live-connected", "1")

    plan = ["Radwege", "Bänke", "Radwege", "Sitzecken", "Grillplatz", "Bänke"]

    def vote_round(title):
        for phone in phones:
            button = _card(phone, title).locator("form[data-live-form=vote] button")
            if button.count():  # after the merge the card is gone from the phone
                button.click()

    for step, title in enumerate(plan):
        if step == 2:  # the moderator types into the merge picker while every phone votes
            merge_in_console(
                console,
                Card.objects.get(title="Sitzecken"),
                "Bänke",
                while_typing=lambda title=title: vote_round(title),
            )
        else:
            vote_round(title)
    # One phone takes a dot back.
    _settled(phones, event)
    _card(phones[0], "Radwege").locator("form[data-live-form=unvote] button").click()
    _settled(phones, event)

    assert not Card.objects.filter(title="Sitzecken", status="visible").exists()
    visible = Card.objects.filter(event=event, status="visible")
    assert Vote.objects.filter(card__event=event).count() > 20
    for card in visible:
        stored = Vote.objects.filter(card=card).count()
        for phone in phones:
            expect(_card(phone, card.title).locator("[data-field=votes]")).to_have_text(str(stored))
    for phone, name in zip(phones, NAMES, strict=True):
        mine = Vote.objects.filter(participant__display_name=name, participant__event=event)
        expect(phone.locator("[data-field=dots-left]")).to_have_text(str(6 - mine.count()))
        for card in visible:
            expect(_card(phone, card.title).locator("[data-field=mine]")).to_have_text(
                str(mine.filter(card=card).count())
            )
    # Every click counted, except the dots on "Sitzecken" after it was merged away (the
    # phone is told the card is gone); Anna took one dot back from "Radwege".
    assert Vote.objects.filter(card__title="Radwege").count() == 5 * 2 - 1
    assert Vote.objects.filter(card__title="Bänke").count() == 5 * 2
    assert Vote.objects.filter(card__title="Grillplatz").count() == 5
    for phone in phones:  # the dots went over the phones' sockets, none over HTTP
        root = phone.locator("[data-live]")
        assert int(root.get_attribute("data-live-sent-socket") or 0) >= 4
        assert root.get_attribute("data-live-sent-http") is None
    # A reload shows the same truth as the live screen.
    phones[1].reload()
    for card in visible:
        expect(_card(phones[1], card.title).locator("[data-field=votes]")).to_have_text(
            str(Vote.objects.filter(card=card).count())
        )
    assert_accessible(phones[0])
