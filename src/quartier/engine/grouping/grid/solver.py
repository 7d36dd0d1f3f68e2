"""Planning a grid with CP-SAT over sessions x slots, warm-started by the local search.

Objective: minimize interest conflicts. Two sessions wanted by ``w`` common participants
cost ``w`` when they share a slot.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from quartier.engine.grouping.errors import Infeasible, NoSolutionFound
from quartier.engine.grouping.grid.constraints import validate_grid
from quartier.engine.grouping.grid.explanations import explain_infeasibility, precheck
from quartier.engine.grouping.grid.lower_bound import conflict_lower_bound
from quartier.engine.grouping.grid.problem import (
    GridProblem,
    GridResult,
    _check_problem,
    _sessions_by_host,
)
from quartier.engine.grouping.grid.programme import plan_programme
from quartier.engine.grouping.grid.result import _result
from quartier.engine.grouping.grid.search import (
    _rooms_for,
    anneal_moves,
    greedy_grid,
    improve_slots,
)
from quartier.engine.grouping.solving import FEASIBLE, INFEASIBLE, OPTIMAL, Budget


def plan_grid(problem: GridProblem, *, seed: int = 0, time_limit: float = 10.0) -> GridResult:
    """A valid grid with as few interest conflicts as the time allows.

    Raises ``Infeasible`` with explanations naming the labelled constraints at fault.
    """
    budget = Budget(time_limit)
    _check_problem(problem)
    if problem.uses_programme_features:
        return plan_programme(problem, seed=seed, budget=budget)
    reasons = precheck(problem)
    if reasons:
        raise Infeasible("grid.infeasible", "No grid can satisfy these rules:", {}, reasons)
    model = cp_model.CpModel()
    y = _slot_model(model, problem)
    weights = problem.conflict_weights()
    both: dict[tuple[str, str, str], cp_model.IntVar] = {}
    for a, b in weights:
        for t in problem.slots:
            if (a, t) in y and (b, t) in y:
                both[a, b, t] = model.new_bool_var(f"c_{a}_{b}_{t}")
                model.add(y[a, t] + y[b, t] - 1 <= both[a, b, t])
    model.minimize(sum(weights[a, b] * var for (a, b, _), var in both.items()))
    start = greedy_grid(problem, seed=seed)
    if start is not None:
        # CP-SAT with one worker improves a dense conflict objective slowly, so a seeded
        # local search spends part of the budget first and hands its grid over as a hint.
        # Its moves are counted (a share of the nominal limit), never cut by the time left.
        slot_of = {pl.session: pl.slot for pl in start.placements}
        moves = min(300_000, 5_000 * len(problem.sessions), anneal_moves(time_limit))
        for reheat in range(3):  # fixed number of annealing runs, each from the best so far
            slot_of = improve_slots(
                problem,
                slot_of,
                seed=seed + reheat,
                time_limit=time_limit,
                moves=moves,
                deadline=budget.deadline,
            )
        start = _result(
            problem, _rooms_for(problem, slot_of), 0.0, budget, "local-search", proven=False
        )
        for (sid, t), var in y.items():
            model.add_hint(var, slot_of[sid] == t)
        for (a, b, t), var in both.items():
            model.add_hint(var, slot_of[a] == t and slot_of[b] == t)
    floor = conflict_lower_bound(problem)  # before the solve, so the wall clock counts it
    solver = budget.solver(seed, share=0.4 if start is not None else 1.0)
    solver.parameters.keep_all_feasible_solutions_in_presolve = True  # keeps the hint valid
    status = budget.solve(solver, model)
    if status == INFEASIBLE:
        core = explain_infeasibility(problem, seed=seed, time_limit=max(1.0, time_limit / 2))
        raise Infeasible("grid.infeasible", "No grid can satisfy these rules together:", {}, core)
    if status not in (OPTIMAL, FEASIBLE):
        if start is not None:
            return _result(problem, start.placements, 0.0, budget, "greedy", proven=False)
        raise NoSolutionFound(
            "grid.no_solution_in_time",
            f"No grid found within {time_limit:g} seconds; allow more time.",
            {"time_limit": time_limit},
        )
    slot_of = {s: t for (s, t), var in y.items() if solver.boolean_value(var)}
    placements = _rooms_for(problem, slot_of)
    broken = validate_grid(problem, placements)
    if broken:  # pragma: no cover - the slot model is exact; this guards against regressions
        raise AssertionError(f"planned grid breaks its own rules: {broken}")
    bound = max(float(solver.best_objective_bound), float(floor))
    result = _result(
        problem,
        placements,
        bound,
        budget,
        "cp-sat" if start is None else "annealing + cp-sat",
        proven=status == OPTIMAL,
    )
    if start is not None and start.conflict_weight < result.conflict_weight:
        # CP-SAT stopped before it reached the hinted grid: keep the better one.
        return _result(problem, start.placements, bound, budget, "annealing", proven=False)
    return result


def _slot_model(
    model: cp_model.CpModel, problem: GridProblem
) -> dict[tuple[str, str], cp_model.IntVar]:
    """Session-to-slot variables; rooms are left to a matching done afterwards.

    Room eligibility is nested (a session fits every room at least as large as its
    audience), so by Hall's theorem rooms can be matched in a slot iff for every size c the
    sessions needing at least c seats do not outnumber the rooms that large. Sessions pinned
    to a room occupy exactly that room. This keeps the model at sessions x slots instead of
    sessions x rooms x slots, with the same set of feasible grids.
    """
    y: dict[tuple[str, str], cp_model.IntVar] = {}
    for s in problem.sessions:
        for t in problem.slots:
            if s.pinned_slot and t != s.pinned_slot:
                continue
            if any(t not in problem.availability.get(h, problem.slots) for h in s.hosts):
                continue
            y[s.id, t] = model.new_bool_var(f"y_{s.id}_{t}")
        model.add_exactly_one([y[s.id, t] for t in problem.slots if (s.id, t) in y])
    for sessions in _sessions_by_host(problem).values():
        if len(sessions) > 1:
            for t in problem.slots:
                model.add_at_most_one([y[s, t] for s in sessions if (s, t) in y])
    room_cap = {r.id: r.capacity for r in problem.rooms}
    for room in room_cap:
        for t in problem.slots:
            pinned = [
                y[s.id, t] for s in problem.sessions if s.pinned_room == room and (s.id, t) in y
            ]
            if len(pinned) > 1:
                model.add_at_most_one(pinned)
    sizes = sorted({0, *(s.interest for s in problem.sessions)})
    for t in problem.slots:
        for c in sizes:
            free = [
                y[s.id, t]
                for s in problem.sessions
                if not s.pinned_room and s.interest >= c and (s.id, t) in y
            ]
            taken = [
                y[s.id, t]
                for s in problem.sessions
                if s.pinned_room and room_cap[s.pinned_room] >= c and (s.id, t) in y
            ]
            rooms = sum(1 for cap in room_cap.values() if cap >= c)
            if len(free) + len(taken) > rooms:
                model.add(sum(free) + sum(taken) <= rooms)
    return y
