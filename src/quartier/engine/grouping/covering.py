"""Exact check: can R rounds seat everyone so that every pair meets at least once?

The local search finds plans but cannot show that fewer rounds are impossible. For small
groups this CP-SAT model can: ``x[p, r, t]`` seats person p at table t in round r, and for
every pair some round must seat both at one table. Symmetry breaking keeps it small and
is sound because nobody has met before: round 0 is fixed (people are interchangeable) and
person 0 sits at the first table of its size in every later round (equal-size tables are
interchangeable). An INFEASIBLE answer therefore proves that R rounds are not enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from quartier.engine.grouping.solving import FEASIBLE, INFEASIBLE, OPTIMAL, Budget, make_solver


@dataclass(frozen=True)
class CoverOutcome:
    """``rounds`` (tables of person indices) when found; ``impossible`` only when proven."""

    rounds: list[list[list[int]]] | None
    impossible: bool


def cover_all_pairs(
    n: int, sizes: Sequence[int], rounds: int, *, seed: int, time_limit: float
) -> CoverOutcome:
    """Look for ``rounds`` rounds at tables of ``sizes`` in which every pair meets."""
    tables = len(sizes)
    model = cp_model.CpModel()
    x = {
        (p, r, t): model.new_bool_var(f"x{p}_{r}_{t}")
        for p in range(n)
        for r in range(rounds)
        for t in range(tables)
    }
    for p in range(n):
        for r in range(rounds):
            model.add_exactly_one([x[p, r, t] for t in range(tables)])
    for r in range(rounds):
        for t in range(tables):
            model.add(sum(x[p, r, t] for p in range(n)) == sizes[t])
    first_table: list[int] = []
    start = 0
    for t, size in enumerate(sizes):
        first_table += [t] * size
        for p in range(start, start + size):
            model.add(x[p, 0, t] == 1)
        start += size
    leaders = {t for t in range(tables) if t == 0 or sizes[t] != sizes[t - 1]}
    for r in range(1, rounds):  # ``sizes`` lists equal sizes next to each other
        for t in range(tables):
            if t not in leaders:
                model.add(x[0, r, t] == 0)
    for p in range(n):
        for q in range(p + 1, n):
            if first_table[p] == first_table[q]:
                continue  # they met in round 0
            both = []
            for r in range(1, rounds):
                for t in range(tables):
                    y = model.new_bool_var("")
                    model.add_implication(y, x[p, r, t])
                    model.add_implication(y, x[q, r, t])
                    both.append(y)
            if not both:
                return CoverOutcome(None, True)  # one round, and they sit apart in it
            model.add_bool_or(both)
    solver = make_solver(seed, time_limit)
    status = solver.solve(model)
    if status in (OPTIMAL, FEASIBLE):
        plan = [
            [[p for p in range(n) if solver.boolean_value(x[p, r, t])] for t in range(tables)]
            for r in range(rounds)
        ]
        return CoverOutcome(plan, False)
    return CoverOutcome(None, status == INFEASIBLE)


def maximal_patterns(n: int, table_min: int, table_max: int) -> list[tuple[int, ...]]:
    """Seating patterns (sizes, largest first) in which no two tables could be merged.

    Merging two tables only adds meetings, so some optimal plan uses only such patterns;
    fixing round 0 to each of them in turn is therefore a sound reduction.
    """
    out: list[tuple[int, ...]] = []

    def extend(left: int, cap: int, sizes: list[int]) -> None:
        if left == 0:
            if len(sizes) < 2 or sizes[-1] + sizes[-2] > table_max:
                out.append(tuple(sizes))
            return
        for s in range(min(cap, left), table_min - 1, -1):
            extend(left - s, s, [*sizes, s])

    extend(n, table_max, [])
    return out


def cover_within_bounds(
    n: int,
    table_min: int,
    table_max: int,
    rounds: int,
    *,
    seed: int,
    time_limit: float,
    budget: Budget | None = None,
) -> CoverOutcome:
    """Like :func:`cover_all_pairs`, but every round may use any seating pattern in bounds.

    Round 0 is fixed to each maximal pattern in turn (people are interchangeable); in later
    rounds tables are ordered by their lowest person, so person p sits at a table <= p.
    ``impossible`` is a proof for the problem as stated, not for one pattern. The solves
    share ``budget`` (deterministic work; by default one derived from ``time_limit``).
    """
    patterns = maximal_patterns(n, table_min, table_max)
    if not patterns:
        return CoverOutcome(None, True)
    budget = budget or Budget(time_limit)
    proven = True
    for pattern in patterns:
        outcome = _cover_from(n, pattern, table_min, table_max, rounds, seed, budget)
        if outcome.rounds is not None:
            return outcome
        proven = proven and outcome.impossible
        if not outcome.impossible and budget.exhausted():
            return CoverOutcome(None, False)
    return CoverOutcome(None, proven)


def _cover_from(
    n: int,
    first: tuple[int, ...],
    table_min: int,
    table_max: int,
    rounds: int,
    seed: int,
    budget: Budget,
) -> CoverOutcome:
    tables = -(-n // table_min) if table_min > 1 else n
    tables = min(tables, n)
    model = cp_model.CpModel()
    first_table: list[int] = []
    for t, size in enumerate(first):
        first_table += [t] * size
    x = {
        (p, r, t): model.new_bool_var("")
        for p in range(n)
        for r in range(1, rounds)
        for t in range(min(tables, p + 1))
    }
    for p in range(n):
        for r in range(1, rounds):
            model.add_exactly_one([x[p, r, t] for t in range(min(tables, p + 1))])
    for r in range(1, rounds):
        for t in range(tables):
            members = [x[p, r, t] for p in range(t, n)]
            if not members:
                continue
            used = model.new_bool_var("")
            model.add(sum(members) >= table_min).only_enforce_if(used)
            model.add(sum(members) <= table_max).only_enforce_if(used)
            model.add(sum(members) == 0).only_enforce_if(~used)
    for p in range(n):
        for q in range(p + 1, n):
            if first_table[p] == first_table[q]:
                continue
            both = []
            for r in range(1, rounds):
                for t in range(min(tables, p + 1)):
                    y = model.new_bool_var("")
                    model.add_implication(y, x[p, r, t])
                    model.add_implication(y, x[q, r, t])
                    both.append(y)
            if not both:
                return CoverOutcome(None, True)
            model.add_bool_or(both)
    solver = budget.solver(seed)
    status = budget.solve(solver, model)
    if status in (OPTIMAL, FEASIBLE):
        plan = [[list(range(sum(first[:t]), sum(first[: t + 1]))) for t in range(len(first))]]
        for r in range(1, rounds):
            tables_r = [
                [p for p in range(n) if (p, r, t) in x and solver.boolean_value(x[p, r, t])]
                for t in range(tables)
            ]
            plan.append([t for t in tables_r if t])
        return CoverOutcome(plan, False)
    return CoverOutcome(None, status == INFEASIBLE)
