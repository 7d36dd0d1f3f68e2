"""LEXIMIN, MAXIMIN, NASH and LEGACY on random small instances, against brute force."""

from __future__ import annotations

import itertools
from collections import Counter

import highspy
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.engine.sortition import SelectionProblem, find_distribution
from quartier.engine.sortition.person_types import build_types
from tests.engine.sortition.sortition_instances import random_problem

FAST = settings(max_examples=25, deadline=None, derandomize=True)


def panel_is_valid(problem: SelectionProblem, panel: tuple[str, ...]) -> bool:
    by_id = {p.id: p for p in problem.people}
    if len(set(panel)) != problem.panel_size:
        return False
    for q in problem.quotas:
        count = sum(1 for i in panel if by_id[i].features[q.category] == q.value)
        if not q.min <= count <= q.max:
            return False
    homes = Counter(problem.household_of(by_id[i]) for i in panel)
    homes.pop(None, None)
    return all(c <= 1 for c in homes.values())


def all_feasible_panels(problem: SelectionProblem) -> list[tuple[str, ...]]:
    ids = [p.id for p in problem.people]
    return [
        combo
        for combo in itertools.combinations(ids, problem.panel_size)
        if panel_is_valid(problem, combo)
    ]


def support_as_people(problem: SelectionProblem, algorithm: str) -> list[tuple[str, ...]]:
    """Every person panel the type panels in the support can turn into."""
    distribution = find_distribution(problem, algorithm)
    pool = distribution.pool
    panels = []
    for counts in distribution.panels:
        choices = [
            itertools.combinations(ptype.members, x)
            for ptype, x in zip(pool.types, counts, strict=True)
        ]
        for parts in itertools.product(*choices):
            panels.append(tuple(pid for part in parts for pid in part))
    return panels


def brute_force_leximin(problem: SelectionProblem) -> dict[str, float]:
    """Independent LEXIMIN: explicit panels, and a probe LP per person to decide fixing."""
    panels = all_feasible_panels(problem)
    ids = [p.id for p in problem.people]
    member = np.array([[1.0 if i in panel else 0.0 for panel in panels] for i in ids])
    can_sit = member.sum(axis=1) > 0
    fixed: dict[int, float] = {i: 0.0 for i in range(len(ids)) if not can_sit[i]}

    def solve(objective_person: int | None, floor: float | None) -> float:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        n = len(panels)
        h.addVars(n + 1, np.zeros(n + 1), np.ones(n + 1))
        h.addRow(1.0, 1.0, n, np.arange(n, dtype=np.int32), np.ones(n))
        for i in range(len(ids)):
            row = member[i]
            if i in fixed:
                h.addRow(fixed[i] - 1e-9, 1.0, n, np.arange(n, dtype=np.int32), row)
            elif floor is None:
                idx = np.arange(n + 1, dtype=np.int32)
                h.addRow(0.0, 2.0, n + 1, idx, np.concatenate((row, [-1.0])))
            else:
                h.addRow(floor - 1e-9, 1.0, n, np.arange(n, dtype=np.int32), row)
        cost = np.zeros(n + 1)
        if objective_person is None:
            cost[n] = 1.0
        else:
            cost[:n] = member[objective_person]
        h.changeColsCost(n + 1, np.arange(n + 1, dtype=np.int32), cost)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.run()
        return float(h.getInfo().objective_function_value)

    while len(fixed) < len(ids):
        z = solve(None, None)
        newly = []
        for i in range(len(ids)):
            if i not in fixed and solve(i, z) <= z + 1e-7:
                newly.append(i)
        for i in newly:
            fixed[i] = z
    return {ids[i]: fixed[i] for i in range(len(ids))}


@FAST
@given(st.integers(0, 10_000), st.booleans())
def test_every_panel_in_the_support_meets_the_quotas_and_household_rule(
    seed: int, homes: bool
) -> None:
    problem = random_problem(seed, households=homes)
    for algorithm in ("leximin", "nash"):
        for panel in support_as_people(problem, algorithm):
            assert panel_is_valid(problem, panel)


@FAST
@given(st.integers(0, 10_000), st.booleans())
def test_probabilities_sum_to_the_panel_size(seed: int, homes: bool) -> None:
    problem = random_problem(seed, households=homes)
    for algorithm in ("leximin", "maximin", "nash", "legacy"):
        distribution = find_distribution(problem, algorithm)
        assert abs(sum(distribution.probabilities.values()) - problem.panel_size) < 1e-6
        assert abs(sum(distribution.weights) - 1.0) < 1e-9


@FAST
@given(st.integers(0, 10_000), st.booleans())
def test_leximin_minimum_equals_maximin_minimum(seed: int, homes: bool) -> None:
    problem = random_problem(seed, households=homes)
    leximin = find_distribution(problem, "leximin")
    maximin = find_distribution(problem, "maximin")
    assert abs(leximin.min_probability - maximin.min_probability) <= 1e-6
    assert leximin.gap <= 1e-6


@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.integers(0, 10_000), st.booleans())
def test_leximin_matches_brute_force_on_tiny_instances(seed: int, homes: bool) -> None:
    problem = random_problem(seed, households=homes)
    expected = brute_force_leximin(problem)
    found = find_distribution(problem, "leximin").probabilities
    for pid, probability in expected.items():
        assert abs(found[pid] - probability) <= 1e-6, (pid, found[pid], probability)


@FAST
@given(st.integers(0, 10_000))
def test_nash_is_at_least_as_good_as_leximin_on_the_product(seed: int) -> None:
    problem = random_problem(seed)
    nash = find_distribution(problem, "nash")
    leximin = find_distribution(problem, "leximin")

    def log_product(probabilities: dict[str, float]) -> float:
        return float(sum(np.log(v) for v in probabilities.values() if v > 1e-9))

    selectable = [p for p, v in leximin.probabilities.items() if v > 1e-9]
    assert all(nash.probabilities[p] > 1e-9 for p in selectable)
    assert log_product(nash.probabilities) >= log_product(leximin.probabilities) - 1e-4


def test_members_of_a_type_get_equal_probability(small_problem: SelectionProblem) -> None:
    distribution = find_distribution(small_problem, "leximin")
    pool = build_types(small_problem)
    for ptype in pool.types:
        values = {distribution.probabilities[i] for i in ptype.members}
        assert len(values) == 1


def test_leximin_gives_everybody_in_a_balanced_pool_the_same_chance() -> None:
    from tests.engine.sortition.sortition_instances import build_problem

    rows = [{"g": "a"} for _ in range(10)] + [{"g": "b"} for _ in range(10)]
    problem = build_problem(rows, [("g", "a", 2, 2), ("g", "b", 2, 2)], 4)
    distribution = find_distribution(problem, "leximin")
    assert all(abs(p - 0.2) < 1e-9 for p in distribution.probabilities.values())


def test_excluded_people_are_never_selected_and_included_always_are() -> None:
    from quartier.engine.sortition import make_problem
    from tests.engine.sortition.sortition_instances import build_problem

    base = build_problem([{"g": "a"} for _ in range(6)], [("g", "a", 0, 3)], 3)
    problem = make_problem(base.people, base.quotas, 3, include={"1"}, exclude={"2"})
    distribution = find_distribution(problem, "leximin")
    assert distribution.probabilities["1"] == 1.0
    assert distribution.probabilities["2"] == 0.0
    assert abs(distribution.probabilities["3"] - 0.5) < 1e-9
