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

from quartier.engine.grouping.solving import FEASIBLE, INFEASIBLE, OPTIMAL, make_solver


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
