"""Soft hyphens for the projector: long words break at their syllables even in a browser
without a hyphenation dictionary."""

from __future__ import annotations

import uuid

import pytest

from quartier.events.hyphenation import SOFT_HYPHEN, soft_hyphens


def test_a_long_compound_gets_a_soft_hyphen_at_each_syllable():
    assert soft_hyphens("Nachbarschaftshilfe", "de") == SOFT_HYPHEN.join(
        ["Nach", "bar", "schafts", "hilfe"]
    )


def test_short_words_numbers_and_hyphens_stay_as_they_are():
    text = "Mehr Bänke am Park 2025, Spiel-Ecke"
    assert soft_hyphens(text, "de") == text


def test_only_long_words_are_marked_and_the_text_reads_the_same_without_them():
    text = "Sichere Radwege zur Grundschule und Straßenbahnhaltestellen"
    marked = soft_hyphens(text, "de")
    assert marked.replace(SOFT_HYPHEN, "") == text
    assert "Radwege" in marked  # seven letters: left alone
    assert f"Stra{SOFT_HYPHEN}ßen{SOFT_HYPHEN}bahn" in marked


def test_the_site_language_is_used_when_none_is_given(settings):
    settings.LANGUAGE_CODE = "de"
    assert soft_hyphens("Verkehrsberuhigung") == soft_hyphens("Verkehrsberuhigung", "de")


@pytest.mark.django_db
def test_live_card_entries_carry_the_hyphenated_title_for_the_projector(event, admin):
    from quartier.events.models import LiveEntry
    from quartier.events.services import event_set_phase
    from quartier.wall.services import card_post

    event_set_phase(event=event, actor=admin, phase="wall")
    card_post(
        event=event,
        participant=None,
        title="Nachbarschaftshilfe",
        text="Einkaufsbegleitung",
        category_id=event.categories.first().pk,
        token=uuid.uuid4(),
    )
    entry = LiveEntry.objects.filter(event=event, kind="card").latest("seq")
    assert entry.payload["title"] == "Nachbarschaftshilfe"
    assert entry.payload["title_hyphenated"] == soft_hyphens("Nachbarschaftshilfe", "de")
    assert SOFT_HYPHEN in entry.payload["text_hyphenated"]
