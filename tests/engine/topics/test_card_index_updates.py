"""A wall's index follows the wall card by card without rebuilding it.

Each answer of an updated index is compared with an index built from scratch on the
same cards: updates must never change what a query finds.
"""

from __future__ import annotations

import numpy as np
import pytest

from quartier.engine.topics import CardIndex, Embedder
from quartier.engine.topics.polarity import direction

CARDS = [
    ("1", "Mehr Bänke am Kanal", "Zum Ausruhen beim Spaziergang."),
    ("2", "Radweg an der Schule", "Sicher mit dem Fahrrad zur Schule fahren."),
    ("3", "Badesee", ""),
    ("4", "Weniger Parkplätze", "Mehr Platz für Menschen statt Autos."),
    ("5", "Tempo 30 vor der Kita", ""),
    ("6", "Gemeinschaftsgarten", "Gemüse gemeinsam anbauen."),
    ("7", "Öffentliche Toiletten im Park", ""),
    ("8", "Spielplatz erneuern", "Die Schaukel ist kaputt."),
]
QUERIES = ["Sitzbänke am Kanal", "Fahrradweg zur Schule", "Mehr Parkplätze", "Toilette"]


@pytest.fixture(scope="module", params=["encoder", "letters only"])
def embedder(request):
    return Embedder() if request.param == "encoder" else Embedder(auto=False)


@pytest.fixture(scope="module")
def rows(embedder):
    return {key: embedder.embed([(title, text)])[0] for key, title, text in CARDS}


def _index(embedder, rows, keys):
    titles = {key: title for key, title, _ in CARDS}
    return CardIndex(
        embedder,
        list(keys),
        np.vstack([rows[k] for k in keys]) if keys else np.zeros((0, embedder.dim)),
        [direction(titles[k]) for k in keys],
    )


def _added(rows, keys):
    titles = {key: title for key, title, _ in CARDS}
    return {
        "keys": list(keys),
        "rows": np.vstack([rows[k] for k in keys]),
        "directions": [direction(titles[k]) for k in keys],
    }


def _answers(index):
    return [
        [(s.key, round(s.score, 3), s.same, s.opposite) for s in index.suggest(q, limit=8)]
        for q in QUERIES
    ]


def test_adding_and_dropping_cards_answers_like_an_index_built_from_scratch(embedder, rows):
    start = _index(embedder, rows, ["1", "2", "3", "4"])
    updated = start.changed(drop=["2"], **_added(rows, ["5", "6"]))
    updated = updated.changed(**_added(rows, ["7"]))
    updated = updated.changed(drop=["3"], **_added(rows, ["2"]))  # "2" comes back, edited
    expected = _index(embedder, rows, ["1", "4", "5", "6", "7", "2"])
    assert updated.keys == expected.keys
    assert _answers(updated) == _answers(expected)
    assert np.allclose(updated.rows, expected.rows)
    assert list(updated.directions) == list(expected.directions)


def test_an_update_leaves_the_index_it_came_from_unchanged(embedder, rows):
    start = _index(embedder, rows, ["1", "2", "3"])
    before = _answers(start)
    first = start.changed(drop=["1"], **_added(rows, ["4", "5"]))
    second = start.changed(**_added(rows, ["6", "7", "8"]))  # from the same, older index
    assert _answers(start) == before and start.keys == ["1", "2", "3"]
    assert _answers(first) == _answers(_index(embedder, rows, ["2", "3", "4", "5"]))
    assert _answers(second) == _answers(_index(embedder, rows, ["1", "2", "3", "6", "7", "8"]))


def test_dropping_most_cards_compacts_the_index(embedder, rows, monkeypatch):
    monkeypatch.setattr("quartier.engine.topics.vectors.COMPACT_AFTER", 2)
    keys = [k for k, _, _ in CARDS]
    start = _index(embedder, rows, keys)
    masked = start.changed(drop=keys[:2])  # a few masked rows: the arrays are shared
    assert masked.nbytes == start.nbytes and len(masked) == 6
    left = masked.changed(drop=keys[2:6])
    assert left.keys == keys[6:] and len(left) == 2
    assert left.nbytes < start.nbytes / 3  # only the live rows were copied
    assert _answers(left) == _answers(_index(embedder, rows, keys[6:]))


def test_an_emptied_wall_suggests_nothing(embedder, rows):
    empty = _index(embedder, rows, ["1"]).changed(drop=["1"])
    assert len(empty) == 0 and empty.suggest("Bänke am Kanal") == []
    refilled = empty.changed(**_added(rows, ["1"]))
    assert [s.key for s in refilled.suggest("Bänke am Kanal")] == ["1"]


def test_allowed_cards_are_counted_among_the_current_ones(embedder, rows):
    index = _index(embedder, rows, ["1", "2", "3"]).changed(drop=["2"])
    assert index.keys == ["1", "3"]
    found = index.suggest("Bänke am Kanal", allowed=[False, True])
    assert "1" not in [s.key for s in found]
