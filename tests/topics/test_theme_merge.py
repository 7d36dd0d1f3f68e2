"""Merging the cards of one theme in one action, and themes in the event protocol."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from quartier.topics.services import theme_merge
from quartier.wall import services as wall_services
from quartier.wall.errors import WallError
from quartier.wall.models import Card, CardStatus, Supporter

pytestmark = pytest.mark.django_db


def _card(event, join, category, token, title):
    result = wall_services.card_post(
        event=event, participant=join(), title=title, category_id=category.pk, token=token()
    )
    return Card.objects.get(pk=result["card"])


def test_the_chosen_cards_of_a_theme_are_merged_into_the_one_kept(
    event, join, category, token, moderator
):
    dogs = [_card(event, join, category, token, t) for t in ("Hundewiese", "Hundeauslauf")]
    run = _card(event, join, category, token, "Hundeauslaufplatz")
    wall_services.card_support(card=run, participant=join("Pia"), token=token())
    kept = theme_merge(
        event=event, target_id=dogs[1].pk, card_ids=[c.pk for c in [*dogs, run]], actor=moderator
    )
    assert kept.pk == dogs[1].pk
    statuses = dict(Card.objects.filter(event=event).values_list("pk", "status"))
    assert statuses == {
        dogs[0].pk: CardStatus.MERGED,
        dogs[1].pk: CardStatus.VISIBLE,
        run.pk: CardStatus.MERGED,
    }
    assert Supporter.objects.filter(card=kept).count() == 1  # Pia's support moved along


def test_a_merge_with_a_card_no_longer_on_the_wall_changes_nothing(
    event, join, category, token, moderator
):
    a, b, gone = (_card(event, join, category, token, t) for t in ("Bank", "Bänke", "Sitzbank"))
    wall_services.card_hide(card=gone, actor=moderator, reason="doppelt")
    with pytest.raises(WallError) as refused:
        theme_merge(event=event, target_id=a.pk, card_ids=[a.pk, b.pk, gone.pk], actor=moderator)
    assert refused.value.code == "merge_few"
    assert Card.objects.filter(event=event, status=CardStatus.MERGED).count() == 0


def test_the_merge_is_confirmed_before_it_happens(event, join, category, token, moderator):
    a, b = (_card(event, join, category, token, t) for t in ("Badesee", "Schwimmteich"))
    client = Client()
    client.force_login(moderator)
    url = reverse("topics:theme_merge", args=[event.process.organisation.slug, event.pk])
    asked = client.get(url, {"cards": [a.pk, b.pk], "into": b.pk})
    assert asked.status_code == 200 and "nicht rückgängig" in asked.content.decode()
    assert Card.objects.get(pk=a.pk).status == CardStatus.VISIBLE
    done = client.post(url, {"cards": [a.pk, b.pk], "into": b.pk})
    assert done.status_code == 302
    assert Card.objects.get(pk=a.pk).status == CardStatus.MERGED


def test_participants_views_cannot_merge(event, join, category, token, organisation, make_member):
    a, b = (_card(event, join, category, token, t) for t in ("Badesee", "Schwimmteich"))
    client = Client()
    client.force_login(make_member(organisation, "moderator", email="fremd@example.org"))
    url = reverse("topics:theme_merge", args=[event.process.organisation.slug, event.pk])
    assert client.post(url, {"cards": [a.pk, b.pk], "into": b.pk}).status_code in (403, 404)
    assert Card.objects.get(pk=a.pk).status == CardStatus.VISIBLE


def test_the_protocol_lists_the_walls_themes(event, join, category, token, moderator):
    for title in ("Hundewiese", "Hundeauslaufplatz", "Badesee", "Schwimmteich"):
        _card(event, join, category, token, title)
    client = Client()
    client.force_login(moderator)
    response = client.get(
        reverse("events:protocol_pdf", args=[event.process.organisation.slug, event.pk])
    )
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Themen der Wand" in text
    assert all(t in text for t in ("Hundewiese", "Schwimmteich"))
