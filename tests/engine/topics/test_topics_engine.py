"""German normalisation, near-duplicate suggestions and the breadth hint (pure Python)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quartier.engine.topics import Candidate, breadth, fold, similar, similarity, tokens


def test_umlauts_and_sharp_s_fold_to_ascii():
    assert fold("Straße über Äcker") == "strasse ueber aecker"


def test_stop_words_go_and_endings_are_stemmed():
    assert tokens("Mehr Bäume für die Straßen") == ["baeum", "strass"]


def test_it_suggests_the_card_that_says_the_same_in_other_words():
    cards = [
        Candidate("1", "Mehr Bäume pflanzen"),
        Candidate("2", "Radwege sicherer machen"),
        Candidate("3", "Straßenfest im Sommer"),
    ]
    assert [m.key for m in similar("Baum pflanzen", cards)] == ["1"]
    assert [m.key for m in similar("sichere Radwege", cards)] == ["2"]
    assert similar("Kita-Plätze", cards) == []
    assert similar("   ", cards) == []


def test_generic_and_very_short_topics_get_a_hint_specific_ones_do_not():
    assert breadth("Integration").too_broad and breadth("Integration").reason == "generic"
    assert breadth("Umwelt und Klima").reason == "generic"
    assert breadth("Spielplatz").reason == "short"
    assert not breadth("Sichere Radwege zur Grundschule").too_broad
    # More detail in the text makes a short title fine.
    assert not breadth("Umwelt", "Müll im Park an der Lindenstraße sammeln").too_broad


@given(st.text(max_size=80), st.text(max_size=80))
def test_similarity_is_symmetric_and_bounded(a, b):
    score = similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert abs(score - similarity(b, a)) < 1e-9


@given(st.text(min_size=1, max_size=80))
def test_a_text_with_content_is_most_similar_to_itself(text):
    if tokens(text):
        assert similarity(text, text) == 1.0
