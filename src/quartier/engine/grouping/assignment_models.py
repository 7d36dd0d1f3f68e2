"""The per-cap assignment model, solved by HiGHS (MIP) or CP-SAT.

For a rank cap W, only (participant, group) pairs with rank <= W get a variable. Each
participant fills ``attendance`` places (or leaves some empty at a penalty when allowed),
at most one per slot; a group is open or closed, and open groups hold between
``max(minimum, 1)`` and ``capacity`` people; slots may have a total capacity. Objective:
the sum of ranks.

Why two backends: without minimum sizes this is a transportation problem whose LP
relaxation is integral, and with them it stays nearly so. HiGHS exploits that directly
(the 500-participant, three-slot benchmark solves in a fraction of a second), while
single-worker CP-SAT can take minutes to close the gap. CP-SAT remains available and
the tests check that both agree. Both run single-threaded with a fixed seed, so results
are reproducible unless the time limit cuts a solve short.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import highspy
import numpy as np
from ortools.sat.python import cp_model

from quartier.engine.grouping.solving import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    cut_by_clock,
    make_solver,
)

if TYPE_CHECKING:
    from quartier.engine.grouping.assignment import TopicGroup


@dataclass(frozen=True)
class CapProblem:
    """Everything the per-cap model needs, with groups and participants as indices."""

    groups: tuple[TopicGroup, ...]
    people: int
    attendance: int
    slots: tuple[str, ...]
    slot_capacity: Mapping[str, int]
    ranks: Mapping[tuple[int, int], int]
    unassigned_rank: int
    allow_unassigned: bool

    def pairs(self, cap: int) -> list[tuple[int, int]]:
        return [key for key, rank in self.ranks.items() if rank <= cap]

    def with_missing(self, cap: int) -> bool:
        return self.allow_unassigned and cap >= self.unassigned_rank


@dataclass(frozen=True)
class CapOutcome:
    """``chosen`` pairs when a plan was found; ``infeasible`` only when proven."""

    chosen: frozenset[tuple[int, int]] | None
    infeasible: bool
    optimal: bool
    bound: float
    work: float = 0.0  # CP-SAT deterministic time used (HiGHS: 0)
    clock_hit: bool = False  # the wall-clock limit, not a work limit, ended the solve


def solve_with_cpsat(
    problem: CapProblem, cap: int, seed: int, time_limit: float, work: float | None = None
) -> CapOutcome:
    """CP-SAT with LP relaxations on (linearization level 2), one worker, fixed seed, cut
    by ``work`` deterministic seconds (``time_limit`` is the wall-clock safety net)."""
    model = cp_model.CpModel()
    pairs = problem.pairs(cap)
    x = {key: model.new_bool_var(f"x{key[0]}_{key[1]}") for key in pairs}
    by_person: dict[int, list[int]] = {i: [] for i in range(problem.people)}
    by_group: dict[int, list[int]] = {k: [] for k in range(len(problem.groups))}
    for i, k in pairs:
        by_person[i].append(k)
        by_group[k].append(i)
    cost = [problem.ranks[key] * var for key, var in x.items()]
    for i in range(problem.people):
        places = sum(x[i, k] for k in by_person[i])
        if problem.with_missing(cap):
            missing = model.new_int_var(0, problem.attendance, f"missing{i}")
            model.add(places + missing == problem.attendance)
            cost.append(problem.unassigned_rank * missing)
        else:
            model.add(places == problem.attendance)
        for slot in problem.slots:
            in_slot = [x[i, k] for k in by_person[i] if problem.groups[k].slot == slot]
            if len(in_slot) > 1:
                model.add_at_most_one(in_slot)
    for k, group in enumerate(problem.groups):
        if not by_group[k]:
            continue
        is_open = model.new_bool_var(f"open{k}")
        size = sum(x[i, k] for i in by_group[k])
        model.add(size <= group.capacity * is_open)
        model.add(size >= max(group.minimum, 1) * is_open)
    for slot, limit in problem.slot_capacity.items():
        in_slot = [var for (_, k), var in x.items() if problem.groups[k].slot == slot]
        if in_slot:
            model.add(sum(in_slot) <= limit)
    model.minimize(sum(cost))
    solver = make_solver(seed, time_limit, work=work)
    solver.parameters.linearization_level = 2
    status = solver.solve(model)
    used, hit = solver.deterministic_time, cut_by_clock(solver, status)
    if status in (OPTIMAL, FEASIBLE):
        chosen = frozenset(key for key, var in x.items() if solver.boolean_value(var))
        bound = float(solver.best_objective_bound)
        return CapOutcome(chosen, False, status == OPTIMAL, bound, used, hit)
    return CapOutcome(None, status == INFEASIBLE, False, float("nan"), used, hit)


def solve_with_highs(
    problem: CapProblem, cap: int, seed: int, time_limit: float, work: float | None = None
) -> CapOutcome:
    """HiGHS branch-and-cut, one thread, fixed random seed.

    HiGHS has no deterministic work limit, so ``work`` is ignored: a solve that finishes
    (optimal or infeasible, the usual case here) is reproducible, and one cut by the wall
    clock says so in ``clock_hit``."""
    pairs = problem.pairs(cap)
    group_count = len(problem.groups)
    missing = problem.with_missing(cap)
    n_x = len(pairs)
    open_col = n_x  # then one "open" column per group, then one "missing" column per person
    missing_col = n_x + group_count
    n_cols = missing_col + (problem.people if missing else 0)

    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("random_seed", int(seed) % (2**31 - 1))
    highs.setOptionValue("time_limit", max(0.01, float(time_limit)))
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.0)

    lower = np.zeros(n_cols)
    upper = np.ones(n_cols)
    cost = np.zeros(n_cols)
    for j, key in enumerate(pairs):
        cost[j] = problem.ranks[key]
    if missing:
        upper[missing_col:] = problem.attendance
        cost[missing_col:] = problem.unassigned_rank
    highs.addVars(n_cols, lower, upper)
    columns = np.arange(n_cols, dtype=np.int32)
    highs.changeColsCost(n_cols, columns, cost)
    highs.changeColsIntegrality(n_cols, columns, np.array([highspy.HighsVarType.kInteger] * n_cols))

    inf = highspy.kHighsInf
    by_person: dict[int, list[int]] = {i: [] for i in range(problem.people)}
    by_group: dict[int, list[int]] = {k: [] for k in range(group_count)}
    by_person_slot: dict[tuple[int, str], list[int]] = {}
    by_slot: dict[str, list[int]] = {}
    for j, (i, k) in enumerate(pairs):
        slot = problem.groups[k].slot
        by_person[i].append(j)
        by_group[k].append(j)
        by_person_slot.setdefault((i, slot), []).append(j)
        by_slot.setdefault(slot, []).append(j)

    def row(low: float, high: float, cols: list[int], coefs: list[float]) -> None:
        highs.addRow(low, high, len(cols), np.array(cols, dtype=np.int32), np.array(coefs))

    for i in range(problem.people):
        cols = by_person[i] + ([missing_col + i] if missing else [])
        row(problem.attendance, problem.attendance, cols, [1.0] * len(cols))
    for cols in by_person_slot.values():
        if len(cols) > 1:
            row(-inf, 1.0, cols, [1.0] * len(cols))
    for k, group in enumerate(problem.groups):
        cols = by_group[k]
        if not cols:
            row(0.0, 0.0, [open_col + k], [1.0])
            continue
        ones = [1.0] * len(cols)
        row(-inf, 0.0, [*cols, open_col + k], [*ones, -float(group.capacity)])
        row(0.0, inf, [*cols, open_col + k], [*ones, -float(max(group.minimum, 1))])
    for slot, limit in problem.slot_capacity.items():
        cols = by_slot.get(slot, [])
        if cols:
            row(-inf, float(limit), cols, [1.0] * len(cols))

    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    hit = status == highspy.HighsModelStatus.kTimeLimit
    if status == highspy.HighsModelStatus.kInfeasible:
        return CapOutcome(None, True, False, float("nan"))
    if info.primal_solution_status != 2:  # 2 = a feasible solution exists
        return CapOutcome(None, False, False, float("nan"), clock_hit=hit)
    values = highs.getSolution().col_value
    chosen = frozenset(key for j, key in enumerate(pairs) if values[j] > 0.5)
    optimal = status == highspy.HighsModelStatus.kOptimal
    return CapOutcome(chosen, False, optimal, float(info.mip_dual_bound), clock_hit=hit)
