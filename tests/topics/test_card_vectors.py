"""Card vectors are stored once when a card is posted, and the wall's hint uses them."""

from __future__ import annotations

import pytest

from quartier.topics.adapters import embedder
from quartier.topics.models import CardVector
from quartier.topics.selectors import card_index, similar_cards
from quartier.wall import services as wall_services

pytestmark = pytest.mark.django_db


def _post(event, join, category, token, title, text=""):
    result = wall_services.card_post(
        event=event,
        participant=join(),
        title=title,
        text=text,
        category_id=category.pk,
        token=token(),
    )
    return event.cards.get(pk=result["card"])


def test_posting_a_card_stores_its_vector_after_the_commit(
    event, join, category, token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        card = _post(event, join, category, token, "Weniger Parkplätze")
    stored = CardVector.objects.get(card=card)
    assert stored.model == embedder().name and stored.direction == -1
    assert len(bytes(stored.vector)) == 2 * embedder().dim


def test_editing_a_card_replaces_its_vector(
    event, join, category, token, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        card = _post(event, join, category, token, "Badesee")
    before = bytes(CardVector.objects.get(card=card).vector)
    with django_capture_on_commit_callbacks(execute=True):
        wall_services.card_edit(
            card=card, actor=moderator, title="Spielplatz", text="", category_id=category.pk
        )
    assert bytes(CardVector.objects.get(card=card).vector) != before


def test_the_hint_finds_the_detailed_card_and_skips_opposites_and_hidden_cards(
    event, join, category, token, moderator
):
    detailed = _post(
        event,
        join,
        category,
        token,
        "Tempo 30",
        "Autos fahren viel zu schnell durch unsere Wohnstraßen, vor allem morgens. " * 4,
    )
    fewer = _post(event, join, category, token, "Weniger Parkplätze")
    hidden = _post(event, join, category, token, "Badesee")
    wall_services.card_hide(card=hidden, actor=moderator, reason="doppelt")
    assert CardVector.objects.count() == 0  # no commit in this test: the selector fills in
    assert similar_cards(event=event, title="Tempo 30")[0][0] == detailed
    assert fewer not in [c for c, _ in similar_cards(event=event, title="Mehr Parkplätze")]
    assert hidden not in [c for c, _ in similar_cards(event=event, title="Badesee")]
    assert CardVector.objects.count() == 2  # the visible cards


def test_the_cached_wall_follows_new_hidden_and_edited_cards(
    event, join, category, token, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        bench = _post(event, join, category, token, "Mehr Bänke am Kanal")
        lake = _post(event, join, category, token, "Badesee")
    assert similar_cards(event=event, title="Bänke am Kanal")[0][0] == bench  # now cached
    assert similar_cards(event=event, title="Badesee")[0][0] == lake
    wall_services.card_hide(card=lake, actor=moderator, reason="doppelt")  # no new vector
    assert similar_cards(event=event, title="Badesee") == []
    assert str(lake.pk) not in card_index(event=event).keys  # not only filtered: dropped
    with django_capture_on_commit_callbacks(execute=True):
        garden = _post(event, join, category, token, "Gemeinschaftsgarten")
        wall_services.card_edit(
            card=bench, actor=moderator, title="Trinkbrunnen", text="", category_id=category.pk
        )
    assert [c for c, _ in similar_cards(event=event, title="Gemeinschaftsgarten")] == [garden]
    assert similar_cards(event=event, title="Trinkbrunnen")[0][0] == bench
    assert bench not in [c for c, _ in similar_cards(event=event, title="Bänke am Kanal")]


def test_an_unchanged_wall_is_answered_without_reading_its_vectors(
    event, join, category, token, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_capture_on_commit_callbacks(execute=True):
        for title in ("Mehr Bänke am Kanal", "Badesee", "Tempo 30 vor der Kita"):
            _post(event, join, category, token, title)
    similar_cards(event=event, title="Badesee")
    with CaptureQueriesContext(connection) as queries:
        found = similar_cards(event=event, title="Bänke am Kanal")
    assert found and found[0][0].title == "Mehr Bänke am Kanal"
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "topics_cardvector" not in tables and len(queries.captured_queries) == 2
