"""LEXIMIN over the LP relaxation, decomposed into panels, and the fallback when it is not one."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.engine.sortition import (
    AuditRecord,
    Person,
    Quota,
    SelectionProblem,
    decomposition,
    make_problem,
    select,
    verify,
)
from quartier.engine.sortition import leximin as leximin_module
from quartier.engine.sortition.decomposition import decompose
from quartier.engine.sortition.leximin import find_leximin
from quartier.engine.sortition.panel_polytope import satisfies
from quartier.engine.sortition.person_types import build_types
from quartier.engine.sortition.relaxation import relaxed_leximin
from tests.engine.sortition.sortition_instances import random_problem
from tests.engine.sortition.test_sortition_certificate import exact_quota_problem

FAST = settings(max_examples=25, deadline=None, derandomize=True)


def odd_cycle_problem() -> SelectionProblem:
    """Three yes/no categories, two seats, each value exactly once: the relaxation lets
    every type have a third of a seat, but the only panel is {110, 001}."""
    people = [
        Person(pid, {"a": pid[1], "b": pid[2], "c": pid[3]})
        for pid in ("p110", "p011", "p101", "p000", "p001")
    ]
    quotas = [Quota(c, v, 1, 1) for c in "abc" for v in "01"]
    return make_problem(people, quotas, 2)


def test_the_decomposition_reproduces_the_relaxations_seats_with_feasible_panels() -> None:
    pool = build_types(exact_quota_problem(n=80, seed=11))
    relaxed = relaxed_leximin(pool)
    assert relaxed is not None
    found = decompose(pool, relaxed.seats)
    assert found.reached
    assert all(satisfies(pool, counts) for counts in found.panels)
    weights = np.clip(found.weights, 0.0, None)
    assert abs(weights.sum() - 1.0) < 1e-9
    seats = sum(w * counts for w, counts in zip(weights, found.panels, strict=True))
    assert np.allclose(seats, relaxed.seats, atol=1e-7)


def test_relaxation_levels_fix_every_type_once_with_duals_summing_to_one() -> None:
    pool = build_types(exact_quota_problem())
    relaxed = relaxed_leximin(pool)
    assert relaxed is not None
    fixed = np.concatenate([level.fixed for level in relaxed.levels])
    assert sorted(fixed.tolist()) == list(range(pool.count))
    values = [level.value for level in relaxed.levels]
    assert values == sorted(values)
    for level in relaxed.levels:
        assert abs(float(level.duals[level.open_types].sum()) - 1.0) < 1e-9
        assert np.all(level.duals >= 0.0)


@FAST
@given(st.integers(0, 10_000), st.booleans())
def test_relaxation_first_gives_the_same_leximin_as_the_level_search(
    seed: int, homes: bool
) -> None:
    pool = build_types(random_problem(seed, households=homes))
    first = find_leximin(pool)
    levels = find_leximin(pool, relaxation_first=False)
    assert np.allclose(first.type_probabilities, levels.type_probabilities, atol=1e-6)
    assert first.gap <= 1e-6


def test_the_exact_quota_pool_is_solved_by_the_relaxation_without_the_level_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def level_search_must_not_run(*args: object) -> None:
        raise AssertionError("the level search ran")

    monkeypatch.setattr(leximin_module, "cover_types", level_search_must_not_run)
    pool = build_types(exact_quota_problem())
    found = find_leximin(pool)
    assert found.gap <= 1e-7 and len(found.certificates) > 1


def test_a_relaxation_that_is_no_lottery_falls_back_to_the_level_search() -> None:
    problem = odd_cycle_problem()
    pool = build_types(problem)
    relaxed = relaxed_leximin(pool)
    assert relaxed is not None and relaxed.levels[0].value == pytest.approx(1 / 3)
    assert not decompose(pool, relaxed.seats).reached
    found = find_leximin(pool)
    assert found.probabilities == pytest.approx(
        {"p110": 1.0, "p001": 1.0, "p011": 0.0, "p101": 0.0, "p000": 0.0}
    )
    assert set(found.unreachable) == {
        t for t, ptype in enumerate(pool.types) if ptype.members[0] in {"p011", "p101", "p000"}
    }


def test_a_certificate_from_the_relaxation_verifies_and_a_tampered_one_is_rejected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem = exact_quota_problem(n=50, k=8, seed=21)
    monkeypatch.setattr(leximin_module, "cover_types", None)  # the level search would fail
    assert problem.panel_size == 8
    record = select(problem, seed="2 7 1 8", panels=100).audit
    outcome = verify(AuditRecord.from_json(record.to_json()), problem)
    assert outcome.ok, outcome.message()
    tampered = json.loads(record.to_json())
    level = tampered["certificates"][-1]
    level["upper"] = level["value"] - 0.01  # a bound below the attained value
    issues = {
        issue.code for issue in verify(AuditRecord.from_json(json.dumps(tampered)), problem).issues
    }
    assert "certificate_bound" in issues


def test_several_steered_cpsat_panels_per_round_still_reproduce_the_seats(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(decomposition, "DIVERSE_FROM", 0)  # as on pools of 500+ types
    pool = build_types(exact_quota_problem(n=90, seed=4))
    relaxed = relaxed_leximin(pool)
    assert relaxed is not None
    found = decompose(pool, relaxed.seats)
    assert found.reached
    assert all(satisfies(pool, counts) for counts in found.panels)
    seats = sum(w * counts for w, counts in zip(found.weights, found.panels, strict=True))
    assert np.allclose(seats, relaxed.seats, atol=1e-7)
