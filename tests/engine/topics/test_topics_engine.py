"""German normalisation, near-duplicate suggestions and the breadth hint (pure Python)."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from quartier.engine.topics import Candidate, breadth, fold, similar, similarity, tokens

DATA = Path(__file__).parent / "data"


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


def test_generic_topics_get_a_hint_concrete_ones_do_not_however_short():
    assert breadth("Integration").too_broad and breadth("Integration").reason == "generic"
    assert breadth("Umwelt und Klima").generic_words == ("Umwelt", "Klima")
    assert breadth("Verkehr in Ottensen").too_broad  # a place does not make a theme concrete
    assert breadth("Bessere Mobilität").too_broad
    assert breadth("Nachbarschaft stärken").too_broad
    assert breadth("Umweltbildungsangebote").too_broad  # a compound of theme parts
    for concrete in ("Badesee", "Waldkita", "Sitzbank", "Busspur", "Straßenbahn", "Tempo 30"):
        assert not breadth(concrete).too_broad, concrete
    assert not breadth("Sichere Radwege zur Grundschule").too_broad
    # More detail in the text makes a broad title fine.
    assert not breadth("Umwelt", "Müll im Park an der Lindenstraße sammeln").too_broad


def test_the_breadth_hint_is_right_in_at_least_four_of_five_cases_on_the_labelled_titles():
    rows = list(csv.DictReader((DATA / "breadth_titles.csv").open(encoding="utf-8")))
    assert len(rows) >= 200
    flagged = [r for r in rows if breadth(r["title"]).too_broad]
    broad = [r for r in rows if r["too_broad"] == "1"]
    precision = sum(r["too_broad"] == "1" for r in flagged) / len(flagged)
    recall = sum(breadth(r["title"]).too_broad for r in broad) / len(broad)
    assert precision >= 0.8 and recall >= 0.8


@given(st.text(max_size=80), st.text(max_size=80))
def test_similarity_is_symmetric_and_bounded(a, b):
    score = similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert abs(score - similarity(b, a)) < 1e-9


@given(st.text(min_size=1, max_size=80))
def test_a_text_with_content_is_most_similar_to_itself(text):
    if tokens(text):
        assert similarity(text, text) == 1.0
