"""The console's tools for big walls on the server: merge candidates, similar groups,
bulk actions and the card tools fragment."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from quartier.wall import selectors
from quartier.wall.models import Card, CardStatus
from quartier.wall.services import card_post

pytestmark = pytest.mark.django_db


def _cards(event, category, titles):
    return [
        Card.objects.get(
            pk=card_post(
                event=event, participant=None, title=t, category_id=category.pk, token=uuid.uuid4()
            )["card"]
        )
        for t in titles
    ]


def test_similar_cards_are_grouped_and_unrelated_ones_are_not(event, category):
    tempo, zone, muell, muell2, _garten = _cards(
        event,
        category,
        [
            "Tempo 30 vor der Schule",
            "Tempo-30-Zone vor Schulen",
            "Mehr Mülleimer im Park",
            "Mehr Mülleimer am Park",
            "Gemeinschaftsgarten",
        ],
    )
    groups = selectors.similar_card_groups(event=event)
    assert sorted(sorted(c.pk for c in g) for g in groups) == sorted(
        [sorted([tempo.pk, zone.pk]), sorted([muell.pk, muell2.pk])]
    )


def test_the_merge_picker_finds_cards_by_typed_words_or_by_similarity(event, category):
    radweg, schule, baum = _cards(
        event, category, ["Sichere Radwege", "Sichere Radwege zur Schule", "Mehr Bäume"]
    )
    typed = selectors.merge_candidates(event=event, card=radweg, query="bäume")
    assert typed == [baum]
    suggested = selectors.merge_candidates(event=event, card=radweg)
    assert suggested[0] == schule and radweg not in suggested


def test_bulk_actions_hide_and_merge_and_need_a_reason_to_hide(client, moderator, event, category):
    a, b, c = _cards(event, category, ["Bänke", "Sitzbänke", "Brunnen"])
    client.force_login(moderator)
    url = reverse("wall:cards_bulk", args=[event.process.organisation.slug, event.pk])
    client.post(url, {"action": "hide", "cards": [c.pk]})
    assert Card.objects.get(pk=c.pk).status == CardStatus.VISIBLE  # no reason given
    client.post(url, {"action": "hide", "cards": [c.pk], "reason": "Doppelt"})
    assert Card.objects.get(pk=c.pk).status == CardStatus.HIDDEN
    client.post(url, {"action": "merge", "cards": [a.pk, b.pk]})
    assert Card.objects.get(pk=b.pk).merged_into_id == a.pk


def test_the_card_tools_are_a_fragment_for_the_console_and_a_page_without_script(
    client, moderator, event, category
):
    (card,) = _cards(event, category, ["Bänke"])
    client.force_login(moderator)
    url = reverse("wall:card_tools", args=[event.process.organisation.slug, event.pk, card.pk])
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    page = client.get(url).content.decode()
    assert "<html" not in fragment and "/merge/" in fragment
    assert "<html" in page and "/merge/" in page
    similar = reverse("wall:similar_groups", args=[event.process.organisation.slug, event.pk])
    assert client.get(similar, HTTP_HX_REQUEST="true").status_code == 200
