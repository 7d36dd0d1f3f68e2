"""Infeasible quotas are explained in words with the smallest relaxation."""

from __future__ import annotations

import pytest

from quartier.engine.sortition import (
    InfeasibleQuotasError,
    explain_infeasibility,
    find_distribution,
    make_problem,
)
from tests.engine.sortition.sortition_instances import build_problem


def test_it_says_when_the_minimums_of_a_category_exceed_the_panel() -> None:
    rows = [{"gender": g} for g in "fm" * 20]
    problem = build_problem(rows, [("gender", "f", 16, 20), ("gender", "m", 16, 20)], 30)
    explanation = explain_infeasibility(problem)
    messages = [c.message for c in explanation.conflicts]
    assert "the minimums of category 'gender' add up to 32 but the panel has 30 seats" in messages
    assert explanation.relaxation is not None
    assert explanation.relaxation.total_change == 2


def test_it_says_when_too_few_people_have_a_value() -> None:
    rows = [{"age": "16-24"}] * 3 + [{"age": "25+"}] * 20
    problem = build_problem(rows, [("age", "16-24", 5, 10), ("age", "25+", 0, 10)], 10)
    explanation = explain_infeasibility(problem)
    assert "only 3 people have age=16-24 but the minimum is 5" in [
        c.message for c in explanation.conflicts
    ]
    relaxation = explanation.relaxation
    assert relaxation is not None
    [change] = relaxation.changes
    assert (change.category, change.value, change.new_min) == ("age", "16-24", 3)
    assert change.describe() == "lower the minimum of age=16-24 from 5 to 3"


def test_it_explains_household_conflicts() -> None:
    rows = [{"age": "young", "home": f"h{i // 2}"} for i in range(6)] + [
        {"age": "old", "home": f"o{i}"} for i in range(6)
    ]
    problem = build_problem(rows, [("age", "young", 4, 6), ("age", "old", 0, 6)], 6, "home")
    explanation = explain_infeasibility(problem)
    codes = {c.code for c in explanation.conflicts}
    assert "too_few_households_for_value" in codes
    assert any("live in only 3 households" in c.message for c in explanation.conflicts)


def test_it_finds_a_relaxation_for_quotas_that_only_clash_together() -> None:
    rows = [{"g": "f", "a": "young"}] * 5 + [{"g": "m", "a": "old"}] * 5
    quotas = [("g", "f", 3, 5), ("g", "m", 0, 5), ("a", "young", 0, 1), ("a", "old", 0, 5)]
    problem = build_problem(rows, quotas, 4)
    explanation = explain_infeasibility(problem)
    assert [c.code for c in explanation.conflicts] == ["quotas_interact"]
    assert explanation.relaxation is not None
    assert explanation.relaxation.total_change == 2


def test_selection_raises_with_the_explanation() -> None:
    rows = [{"gender": g} for g in "fm" * 20]
    problem = build_problem(rows, [("gender", "f", 16, 20), ("gender", "m", 16, 20)], 30)
    with pytest.raises(InfeasibleQuotasError) as caught:
        find_distribution(problem)
    assert caught.value.code == "infeasible_quotas"
    assert "add up to 32" in caught.value.message
    assert "lower the minimum" in caught.value.message


def test_it_says_when_the_pool_is_smaller_than_the_panel() -> None:
    problem = build_problem([{"g": "a"}] * 3, [("g", "a", 0, 5)], 5)
    explanation = explain_infeasibility(problem)
    assert explanation.conflicts[0].message == (
        "the pool has only 3 people who can be selected but the panel has 5 seats"
    )
    assert explanation.relaxation is None


def test_it_respects_flexible_bounds_in_the_relaxation() -> None:
    from quartier.engine.sortition import Person, Quota

    people = [Person(str(i), {"age": "young" if i < 3 else "old"}) for i in range(20)]
    quotas = [Quota("age", "young", 5, 10, min_flex=4), Quota("age", "old", 0, 10)]
    problem = make_problem(people, quotas, 10)
    assert explain_infeasibility(problem).relaxation is None
