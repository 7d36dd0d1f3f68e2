"""Duplicates that respect meaning: labelled pairs, titles against detailed cards.

The sentence encoder loads from its installed package (no network). Pairs marked "same"
must be suggested as the same topic; pairs marked "opposite" never may be.
"""

from __future__ import annotations

import pytest

from quartier.engine.topics import CardIndex, Embedder, direction, opposite

# (typed title, existing card title, existing card text)
SAME = [
    ("Radweg", "Fahrradweg", ""),
    ("Fahrräder abstellen", "Fahrrad abstellen", ""),
    ("Plätze zum Sitzen", "Platz zum Sitzen", ""),
    ("Mehr Bäume pflanzen", "Baum pflanzen", ""),
    (
        "Tempo 30",
        "Tempo 30",
        "Auf der Hauptstraße fahren die Autos zu schnell, Kinder kreuzen "
        "hier auf dem Schulweg. Wir wünschen uns Tempo 30 zwischen Markt und Schule, mit "
        "Blitzer und besserer Beleuchtung am Zebrastreifen, damit alle sicher ankommen.",
    ),
    ("Tempo 30 vor der Schule", "Tempo 30 vor der Schule!", "Lange Begründung " * 20),
    ("Kletterfelsen", "Kletter / Boulderfelsen", "Ein Boulderfelsen wäre schön."),
    ("Hundeauslaufplatz", "Hundeauslaufplätze", ""),
    ("Sichere Radwege zur Schule", "Radwege zur Schule sicherer machen", ""),
    ("Badesee", "Badesee anlegen", "Ein See zum Baden und Schwimmen auf dem Feld."),
    ("Gemeinschaftsgarten", "Gemeinschaftsgärten", ""),
    ("Öffentliche Toiletten", "Mehr öffentliche Toiletten", ""),
]

OPPOSITE = [
    ("Mehr Parkplätze", "Weniger Parkplätze"),
    ("Keine Sitzmöglichkeiten schaffen", "Sitzmöglichkeiten schaffen"),
    ("Tempo 30 einführen", "Tempo 30 abschaffen"),
    ("Gegen die Bebauung", "Bebauung des Feldes"),
    ("Hunde ohne Leine", "Hunde an die Leine"),
    ("Autos nicht erlauben", "Autos erlauben"),
    ("Grillen verbieten", "Grillplätze für alle"),
    ("Kein Zaun", "Zaun um die Hundewiese"),
]

DIFFERENT = [
    ("Badesee", "Spielplatz"),
    ("Tempo 30", "Gemeinschaftsgarten"),
    ("Hundeauslaufplatz", "Kinderbauernhof"),
    ("Straßenfest im Sommer", "Sichere Radwege zur Schule"),
]


@pytest.fixture(scope="module")
def embedder():
    model = Embedder()
    assert model.semantic is not None, "the sentence encoder package is a dependency"
    return model


def _suggest(embedder, typed, title, text=""):
    index = CardIndex.build(embedder, [("card", title, text), ("other", "Straßenfest", "")])
    return {s.key: s for s in index.suggest(typed, limit=5, threshold=0.0)}["card"]


@pytest.mark.parametrize(("typed", "title", "text"), SAME)
def test_it_treats_edits_plurals_and_compounds_as_the_same_topic(embedder, typed, title, text):
    found = _suggest(embedder, typed, title, text)
    assert found.same, f"{typed!r} vs {title!r}: {found.score}"


@pytest.mark.parametrize(("typed", "title"), OPPOSITE)
def test_it_never_calls_opposites_the_same(embedder, typed, title):
    assert opposite(typed, title)
    found = _suggest(embedder, typed, title)
    assert found.opposite and not found.same


@pytest.mark.parametrize(("typed", "title"), DIFFERENT)
def test_unrelated_topics_are_not_the_same(embedder, typed, title):
    assert not _suggest(embedder, typed, title).same


def test_the_exact_title_of_a_detailed_card_finds_it_first(embedder):
    cards = [
        (str(i), title, text)
        for i, (title, text) in enumerate(
            [
                ("Tempo 30", "Autos fahren zu schnell durch die Wohnstraßen. " * 8),
                ("Tempolimit auf der Autobahn", ""),
                ("Radwege ausbauen", "Breite, sichere Radwege auf allen Hauptstraßen. " * 5),
                ("Spielplatz am Kanal", "Der alte Spielplatz braucht neue Geräte. " * 5),
            ]
        )
    ]
    index = CardIndex.build(embedder, cards)
    for key, title, _text in cards:
        assert index.suggest(title)[0].key == key
    assert index.suggest("tempo 30!")[0].key == "0"


def test_without_the_encoder_the_lexical_fallback_still_matches_and_respects_negation():
    lexical = Embedder(auto=False)
    assert lexical.semantic is None
    index = CardIndex.build(
        lexical,
        [("a", "Fahrradweg", ""), ("b", "Weniger Parkplätze", ""), ("c", "Badesee", "")],
    )
    assert index.suggest("Radweg")[0].key == "a"
    parking = {s.key: s for s in index.suggest("Mehr Parkplätze")}
    assert parking["b"].opposite and not parking["b"].same
    assert index.suggest("   ") == []


def test_direction_flips_for_each_negation_word():
    assert direction("Parkplätze") == 1
    assert direction("Keine Parkplätze") == -1
    assert direction("Nicht weniger Parkplätze") == 1
    assert direction("Radweg bauen") == 1  # "weg" inside a word is no negation


def test_suggestions_can_be_restricted_to_visible_cards(embedder):
    index = CardIndex.build(embedder, [("a", "Badesee", ""), ("b", "Badesee", "")])
    assert [s.key for s in index.suggest("Badesee", allowed=[False, True])] == ["b"]


def test_rows_have_the_layout_the_embedder_announces(embedder):
    rows = embedder.embed([("Badesee", ""), ("Tempo 30", "Text")])
    assert rows.shape == (2, embedder.dim)
    with pytest.raises(ValueError):
        CardIndex(embedder, ["a"], rows, [1, 1])
