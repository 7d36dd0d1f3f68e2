"""Matching suggestions by skill, time and neighbourhood (plain Python, no database)."""

from __future__ import annotations

from quartier.volunteers.matching import Side, shared_skills, suggest, suggestions


def test_skills_match_by_word_and_stem_across_case_and_umlauts():
    assert shared_skills("Fotografie, Pressearbeit", "fotografieren und Texte") == ["fotografie"]
    assert shared_skills("Getränke verkaufen", "Getraenke") == ["getraenke verkaufen"]
    assert shared_skills("Tische stellen", "kochen") == []


def test_a_need_with_skills_ignores_offers_without_a_shared_skill():
    need = Side(1, "Website", ["weekend"], "Nordkiez")
    assert suggest(need, Side(7, "Kuchen backen", ["weekend"], "Nordkiez")) is None


def test_score_adds_skill_time_and_neighbourhood_and_says_why():
    need = Side(1, "Fotos, Presse", ["weekend", "weekday_evening"], "Nordkiez")
    offer = Side(7, "Fotos", ["weekend"], "nordkiez")
    found = suggest(need, offer)
    assert found is not None
    assert (found.score, found.skills, found.times, found.same_neighbourhood) == (
        3 + 2 + 1,
        ["fotos"],
        ["weekend"],
        True,
    )


def test_times_that_do_not_fit_rule_an_offer_out():
    need = Side(1, "Tische stellen", ["weekend"], "")
    assert suggest(need, Side(2, "Tische stellen", ["weekday_day"], "")) is None
    assert suggest(need, Side(3, "Tische stellen", [], "")) is not None  # no times given: ask


def test_best_offers_come_first_and_are_limited_per_need():
    need = Side(1, "Fotos", ["weekend"], "Nordkiez")
    offers = [
        Side(10, "Fotos", [], ""),
        Side(11, "Fotos", ["weekend"], "Nordkiez"),
        Side(12, "Fotos", ["weekend"], "Südkiez"),
    ]
    ranked = suggestions([need], offers, limit=2)
    assert [(s.offer, s.score) for s in ranked] == [(11, 6), (12, 5)]


def test_a_need_without_skills_is_matched_on_time_and_place():
    need = Side(1, "", ["weekend"], "Nordkiez")
    assert [s.offer for s in suggestions([need], [Side(4, "alles", ["weekend"], "Süd")])] == [4]
    assert suggestions([need], [Side(5, "alles", [], "Süd")]) == []


def test_the_skill_index_finds_exactly_what_comparing_every_pair_finds():
    import random

    rng = random.Random(7)
    skills = [
        "Fotografie",
        "fotografieren",
        "Presse",
        "Website bauen",
        "Tische",
        "Getränke",
        "Übersetzen",
    ]
    times = ["weekday_day", "weekday_evening", "weekend"]

    def side(key, count):
        return Side(
            key,
            ", ".join(rng.sample(skills, count)),
            rng.sample(times, rng.randint(0, 2)),
            rng.choice(["Nordkiez", "Südkiez", ""]),
        )

    needs = [side(i, rng.randint(0, 2)) for i in range(15)]
    offers = [side(100 + i, rng.randint(1, 3)) for i in range(60)]
    everything = sorted(
        (s.need, s.offer, s.score)
        for need in needs
        for offer in offers
        if (s := suggest(need, offer)) is not None
    )
    indexed = sorted((s.need, s.offer, s.score) for s in suggestions(needs, offers, limit=1000))
    assert indexed == everything and everything
