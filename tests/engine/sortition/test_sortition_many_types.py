"""Pools where almost everybody is their own type exercise the exchange-based pricing."""

from __future__ import annotations

import random

import numpy as np

from quartier.engine.sortition import Person, Quota, find_distribution, make_problem
from quartier.engine.sortition.panel_polytope import satisfies
from quartier.engine.sortition.panel_swaps import SwapSearch
from quartier.engine.sortition.person_types import build_types


def many_types_problem(households: bool) -> object:
    rng = random.Random(11)
    categories = {
        "gender": ["f", "m"],
        "age": ["a", "b", "c", "d"],
        "district": ["n", "e", "s", "w"],
        "education": ["low", "mid", "high"],
        "housing": ["rent", "own"],
    }
    people = []
    for i in range(80):
        features = {c: rng.choice(v) for c, v in categories.items()}
        features["home"] = f"h{i // 2 if households and i < 30 else i}"
        people.append(Person(str(i), features))
    quotas = []
    for c, values in categories.items():
        for v in values:
            count = sum(1 for p in people if p.features[c] == v)
            quotas.append(Quota(c, v, int(count * 12 / 80 * 0.7), int(count * 12 / 80 * 1.3) + 1))
    return make_problem(people, quotas, 12, household_column="home" if households else None)


def test_leximin_on_a_pool_of_near_singleton_types_is_proven_optimal() -> None:
    for households in (False, True):
        problem = many_types_problem(households)
        leximin = find_distribution(problem, "leximin")  # type: ignore[arg-type]
        maximin = find_distribution(problem, "maximin")  # type: ignore[arg-type]
        assert leximin.gap <= 1e-6
        assert abs(leximin.min_probability - maximin.min_probability) <= 1e-6
        assert abs(sum(leximin.probabilities.values()) - 12) < 1e-6
        for panel in leximin.panels:
            assert satisfies(leximin.pool, np.array(panel))


def test_exchanges_keep_every_quota_and_household_rule() -> None:
    problem = many_types_problem(True)
    pool = build_types(problem)  # type: ignore[arg-type]
    search = SwapSearch(pool)
    start = np.array(find_distribution(problem, "maximin").panels[0])  # type: ignore[arg-type]
    rng = np.random.default_rng(0)
    for _ in range(30):
        weights = rng.random(pool.count)
        better = search.improve(start, weights)
        if better is not None:
            assert satisfies(pool, better)
            assert weights @ better > weights @ start
