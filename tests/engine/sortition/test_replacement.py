"""Replacing a cancelled panel member with the others fixed."""

from __future__ import annotations

from collections import Counter

from quartier.engine.sortition import Person, Quota
from quartier.engine.sortition.replacement import draw_replacement, relax

QUOTAS = (
    Quota("sex", "f", 2, 2),
    Quota("sex", "m", 1, 1),
    Quota("age", "young", 1, 2),
    Quota("age", "old", 1, 2),
)
FIXED = (Person("a", {"sex": "f", "age": "young"}), Person("b", {"sex": "m", "age": "old"}))
CANDIDATES = (
    Person("c", {"sex": "f", "age": "old"}),
    Person("d", {"sex": "f", "age": "young"}),
    Person("e", {"sex": "m", "age": "young"}),  # would break the sex quota
    Person("g", {"sex": "f", "age": "old"}),
)


def test_only_candidates_that_keep_every_quota_can_be_drawn():
    result = draw_replacement(
        quotas=QUOTAS, fixed=FIXED, candidates=CANDIDATES, seed="42", number=1
    )
    assert result.fitting == ("c", "d", "g")
    assert result.chosen == result.fitting[result.index]
    assert result.relaxation == ()


def test_the_draw_is_reproducible_and_ignores_the_order_of_the_candidates():
    first = draw_replacement(quotas=QUOTAS, fixed=FIXED, candidates=CANDIDATES, seed="7", number=2)
    again = draw_replacement(
        quotas=QUOTAS, fixed=FIXED, candidates=CANDIDATES[::-1], seed="7", number=2
    )
    assert (first.chosen, first.digest) == (again.chosen, again.digest)


def test_every_fitting_candidate_is_equally_likely_over_seeds():
    # LEXIMIN with one seat and the others fixed is the uniform lottery over the fitting
    # candidates; over many seeds each of the three is drawn about a third of the time.
    chosen = Counter(
        draw_replacement(
            quotas=QUOTAS, fixed=FIXED, candidates=CANDIDATES, seed=str(seed), number=1
        ).chosen
        for seed in range(3000)
    )
    assert set(chosen) == {"c", "d", "g"}
    assert all(900 <= count <= 1100 for count in chosen.values()), chosen


def test_without_a_fitting_candidate_the_smallest_relaxation_is_proposed():
    only_men = (Person("e", {"sex": "m", "age": "young"}), Person("h", {"sex": "m", "age": "old"}))
    result = draw_replacement(quotas=QUOTAS, fixed=FIXED, candidates=only_men, seed="1", number=1)
    assert result.chosen is None
    # Either man needs the same two moves (women: minimum 2 -> 1, men: maximum 1 -> 2);
    # the age quotas hold for both.
    assert [(c.category, c.value, c.new_min, c.new_max) for c in result.relaxation] == [
        ("sex", "f", 1, 2),
        ("sex", "m", 1, 2),
    ]
    relaxed = relax(QUOTAS, result.relaxation)
    again = draw_replacement(quotas=relaxed, fixed=FIXED, candidates=only_men, seed="1", number=1)
    assert again.fitting == ("e", "h") and again.chosen in {"e", "h"}


def test_the_relaxation_prefers_the_fewest_extra_seats():
    fixed = (Person("a", {"sex": "f", "age": "young"}), Person("b", {"sex": "f", "age": "young"}))
    quotas = (Quota("sex", "f", 2, 2), Quota("sex", "m", 1, 1), Quota("age", "young", 0, 2))
    candidates = (
        Person("x", {"sex": "f", "age": "young"}),  # f over by 1, young over by 1, m under
        Person("y", {"sex": "f", "age": "old"}),  # f over by 1, m under by 1
    )
    result = draw_replacement(quotas=quotas, fixed=fixed, candidates=candidates, seed="s", number=1)
    assert [(c.category, c.value) for c in result.relaxation] == [("sex", "f"), ("sex", "m")]


def test_with_nobody_left_there_is_nothing_to_propose():
    result = draw_replacement(quotas=QUOTAS, fixed=FIXED, candidates=(), seed="1", number=1)
    assert (result.chosen, result.relaxation) == (None, ())
