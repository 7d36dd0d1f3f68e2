"""The projector with a real wall: 100 cards on a 1920×1080 screen, readable from the back
of the room, one column per category that has cards, German hyphenation, live updates."""

from __future__ import annotations

import itertools
import random
import re
import uuid

import pytest
from playwright.sync_api import expect

from quartier.events.hyphenation import SOFT_HYPHEN, soft_hyphens
from tests.events.test_events_dots_browser import _phone_join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Where each card's text lines break: the character before every line start, and
# whether any of the card's text is wider than the card.
LINE_BREAKS = """() => {
  const shown = [...document.querySelectorAll('[data-wall] .topic-card')].filter(c => !c.hidden);
  return shown.map(card => {
    const befores = [];
    for (const el of card.querySelectorAll('h4, .topic-text')) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let node, lastTop = null;
      while ((node = walker.nextNode())) {
        for (let i = 0; i < node.data.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          // the last box: a broken soft hyphen's glyph comes first
          const rect = [...range.getClientRects()].filter(r => r.width > 0).pop();
          if (!rect) continue;
          if (lastTop !== null && rect.top > lastTop + 2) befores.push(node.data[i - 1] || ' ');
          lastTop = rect.top;
        }
      }
    }
    const box = card.getBoundingClientRect();
    const overflow = [...card.querySelectorAll('h4, .topic-text')].some(
      el => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > box.right + 1
    );
    return {title: card.querySelector('h4').textContent, befores, overflow};
  });
}"""

PLACES = ["Marktplatz", "Grundschule", "Bahnhof", "Stadtteilbibliothek", "Lindenstraße", "Park"]
WISHES = [
    "Mehr Bänke am",
    "Sichere Radwege zur",
    "Nachbarschaftshilfe rund um den",
    "Straßenbahnhaltestellenüberdachung am",
    "Repair-Café in der Nähe vom",
    "Begegnungsfest für alle am",
    "Kostenlose Sprachkurse nahe der",
    "Trinkwasserbrunnen am",
]


def wall_of(event, count, counts_per_category):
    """``count`` cards with titles shaped like real ones, spread unevenly over categories,
    with dots from 40 people."""
    from quartier.events.models import Participant
    from quartier.wall.models import Card, Vote, Voting
    from quartier.wall.services import card_post

    rng = random.Random(7)
    categories = list(event.categories.order_by("order"))
    titles = (f"{w} {p}" for w, p in itertools.product(WISHES, PLACES))
    for category, n in zip(categories, counts_per_category, strict=False):
        for _ in range(n):
            card_post(
                event=event,
                participant=None,
                title=next(titles),
                category_id=category.pk,
                token=uuid.uuid4(),
            )
    cards = list(Card.objects.filter(event=event))
    assert len(cards) == count
    voting = Voting.objects.get(event=event)
    people = Participant.objects.bulk_create(
        Participant(event=event, display_name=f"P{i}") for i in range(40)
    )
    Vote.objects.bulk_create(
        Vote(voting=voting, card=rng.choice(cards), participant=person, dot=dot)
        for person in people
        for dot in range(1, 4)
    )
    return cards


def test_the_projector_shows_100_cards_readably_on_one_full_hd_screen(
    asgi_server, asgi_login, new_page, event, admin, tmp_path, assert_accessible
):
    from quartier.events.services import event_set_phase
    from quartier.wall.models import Card

    event_set_phase(event=event, actor=admin, phase="wall")
    wall_of(event, 48, [20, 14, 9, 5])  # the fifth category stays empty
    projector = new_page(width=1920, height=1080)
    asgi_login(projector, admin.email)
    projector.goto(f"{asgi_server.url}{event.get_absolute_url()}projector/")
    wall = projector.locator("[data-wall]")
    expect(wall).to_have_attribute("data-fit", re.compile(r"\d+"))

    # A phone posts the rest live: the projector takes them in and fits again.
    phone = _phone_join(new_page, asgi_server, event, "Anna")
    category = event.categories.order_by("order")[4]
    for i in range(52):
        Card.objects.create(event=event, category=category, title=f"Spielstraße {i}")
    phone.locator("#card-title").fill("Nachbarschaftsgartenprojekt im Hinterhof")
    phone.locator("#card-category").select_option(str(category.pk))
    phone.locator("form[data-live-form=post] button[type=submit]").click()
    live_card = projector.locator(".topic-card", has_text="Nachbarschaftsgartenprojekt")
    expect(live_card).to_have_count(1)
    # The card that arrived live carries the soft hyphens too (the server sends them).
    hyphenated = soft_hyphens("Nachbarschaftsgartenprojekt im Hinterhof", "de")
    assert hyphenated.startswith(f"Nach{SOFT_HYPHEN}bar{SOFT_HYPHEN}schafts")
    expect(live_card.locator("h4")).to_have_text(hyphenated)
    projector.reload()  # the 52 cards made without live entries appear on a reload
    expect(wall).to_have_attribute("data-fit", re.compile(r"\d+"))
    assert projector.locator(".topic-card").count() == 101

    facts = projector.evaluate(
        """() => {
        const wall = document.querySelector('[data-wall]');
        const cols = [...wall.querySelectorAll('.wall-column')].filter(c => c.offsetWidth > 0);
        const shown = [...wall.querySelectorAll('.topic-card')].filter(c => !c.hidden);
        const h4 = shown[0].querySelector('h4');
        return {
          scrollHeight: document.documentElement.scrollHeight,
          scrollWidth: document.documentElement.scrollWidth,
          columns: cols.length,
          columnWidths: cols.map(c => c.getBoundingClientRect().width),
          emptyShown: cols.filter(c => !c.querySelector('.topic-card:not([hidden])')).length,
          lowest: Math.max(...shown.map(c => c.getBoundingClientRect().bottom)),
          titlePx: parseFloat(getComputedStyle(h4).fontSize),
          hyphens: getComputedStyle(h4).hyphens,
          lang: document.documentElement.lang,
          brokenWords: shown.filter(c => {
            const t = c.querySelector('h4'); return t.scrollWidth > t.clientWidth + 1;
          }).length,
          pages: cols.map(c => Number(c.dataset.pages || 1)),
          shown: shown.length,
        };
    }"""
    )
    assert facts["scrollHeight"] <= 1080 and facts["scrollWidth"] <= 1920  # one screen
    assert facts["columns"] == 5 and facts["emptyShown"] == 0  # no empty column
    assert sum(facts["columnWidths"]) > 0.9 * 1920 - 2 * 32  # the width is used
    assert facts["lowest"] <= 1080
    assert facts["titlePx"] >= 22  # large type, readable from the back of a hall
    assert facts["hyphens"] == "auto" and facts["lang"] == "de"
    assert facts["brokenWords"] == 0
    # Every card is on screen, or on a later page of its column.
    assert facts["shown"] == 101 or max(facts["pages"]) > 1
    # The cards carry their current dots.
    top = max(Card.objects.filter(event=event), key=lambda c: c.votes.count())
    expect(projector.locator(f"[data-card='{top.pk}'] [data-field=votes]")).to_have_text(
        str(top.votes.count())
    )
    # No card's text is wider than its card, and long compounds break only at their
    # syllables (a soft hyphen), between words or at a hyphen: never mid-syllable.
    lines = projector.evaluate(LINE_BREAKS)
    assert len(lines) == facts["shown"]
    assert [card["title"] for card in lines if card["overflow"]] == []
    mid_word = [
        (card["title"], card["befores"])
        for card in lines
        if any(before not in (" ", SOFT_HYPHEN, "-") for before in card["befores"])
    ]
    assert mid_word == []
    hyphenated = [card["title"] for card in lines if SOFT_HYPHEN in card["befores"]]
    assert hyphenated, [(card["title"], card["befores"]) for card in lines]
    # A 34-letter compound is wider than any column at projector type: it must break,
    # and it breaks at a syllable.
    compound = [
        card
        for card in lines
        if "Straßenbahnhaltestellenüberdachung" in card["title"].replace(SOFT_HYPHEN, "")
    ]
    assert compound and all(SOFT_HYPHEN in card["befores"] for card in compound)
    shot = tmp_path / "projector-100-cards.png"
    projector.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    assert_accessible(projector)
