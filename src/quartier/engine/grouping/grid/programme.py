"""Planning real programmes: room features, allowed slots, multi-slot sessions, soft hosts.

With these, room eligibility is no longer nested by size and a session may hold a room
for several slots, so the exact slot model of ``solver`` does not apply. This model is
the labelled constraints themselves over ``x[session, room, first slot]`` (so planning,
validating and explaining share one definition of every rule) plus the objective: for
each pair of sessions with a conflict weight (shared interested participants, a shared
track, a shared soft host), a binary ``o_ab >= occ(a, t) + occ(b, t) - 1`` for every slot
``t``; minimize ``Σ w_ab · o_ab``. Counting checks (``programme_checks``) explain an
impossible programme first; a greedy grid improved by annealing over (room, start)
places (``programme_search``) is handed to CP-SAT as a hint, and the reported bound is
the larger of CP-SAT's and the slot-mates bound (``lower_bound``).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from quartier.engine.grouping.errors import Infeasible, NoSolutionFound
from quartier.engine.grouping.grid.constraints import _Vars, labelled_constraints, validate_grid
from quartier.engine.grouping.grid.explanations import explain_infeasibility
from quartier.engine.grouping.grid.lower_bound import conflict_lower_bound
from quartier.engine.grouping.grid.problem import GridProblem, GridResult, Placement
from quartier.engine.grouping.grid.programme_checks import precheck_programme
from quartier.engine.grouping.grid.programme_search import greedy_programme, improve_programme
from quartier.engine.grouping.grid.result import _result, conflicts_of
from quartier.engine.grouping.grid.search import anneal_moves
from quartier.engine.grouping.solving import FEASIBLE, INFEASIBLE, OPTIMAL, Budget

__all__ = ["greedy_programme", "plan_programme"]


def plan_programme(problem: GridProblem, *, seed: int, budget: Budget) -> GridResult:
    reasons = precheck_programme(problem)
    if reasons:
        raise Infeasible("grid.infeasible", "No grid can satisfy these rules:", {}, reasons)
    model = cp_model.CpModel()
    v = _Vars(model, problem)
    for rule in labelled_constraints(problem):
        rule.encode(v, None)
    weights = problem.conflict_weights()
    by_id = {s.id: s for s in problem.sessions}
    occ = {
        (s.id, t): sum(var for r in problem.rooms for var in v.occ(s.id, r.id, t))
        for s in problem.sessions
        for t in problem.slots
    }
    overlap = {}
    for a, b in weights:
        o = model.new_bool_var(f"o_{a}_{b}")
        for t in problem.slots:
            model.add(occ[a, t] + occ[b, t] - 1 <= o)
        overlap[a, b] = o
    model.minimize(sum(weights[pair] * o for pair, o in overlap.items()))
    start = greedy_programme(problem, seed=seed)
    if start is not None:
        # As for simple grids: seeded annealing (counted moves) first, its grid the hint.
        moves = min(300_000, 5_000 * len(problem.sessions), anneal_moves(budget.time_limit))
        for reheat in range(3):
            start = improve_programme(
                problem, start, seed=seed + reheat, moves=moves, deadline=budget.deadline
            )
        chosen = {(p.session, p.room, p.slot) for p in start}
        for key, var in v.x.items():
            model.add_hint(var, key in chosen)
        # A complete hint (the overlap binaries too) is one CP-SAT can take as it is.
        running = {p.session: set(problem.session_slots(by_id[p.session], p.slot)) for p in start}
        for (a, b), o in overlap.items():
            model.add_hint(o, bool(running[a] & running[b]))
    floor = conflict_lower_bound(problem)  # before the solve, so the wall clock counts it
    solver = budget.solver(seed, share=0.6 if start is not None else 1.0)
    solver.parameters.keep_all_feasible_solutions_in_presolve = True  # keeps the hint valid
    status = budget.solve(solver, model)
    if status == INFEASIBLE:
        core = explain_infeasibility(problem, seed=seed, time_limit=budget.time_limit / 2)
        raise Infeasible("grid.infeasible", "No grid can satisfy these rules together:", {}, core)
    if status not in (OPTIMAL, FEASIBLE):
        if start is not None:
            bound = float(floor)
            return _result(problem, start, bound, budget, "greedy + annealing", proven=False)
        raise NoSolutionFound(
            "grid.no_solution_in_time",
            f"No grid found within {budget.time_limit:g} seconds; allow more time.",
            {"time_limit": budget.time_limit},
        )
    placements = [Placement(s, r, t) for (s, r, t), var in v.x.items() if solver.boolean_value(var)]
    broken = validate_grid(problem, placements)
    if broken:  # pragma: no cover - the model is the rules; this guards against regressions
        raise AssertionError(f"planned grid breaks its own rules: {broken}")
    bound = max(float(solver.best_objective_bound), float(floor))
    if start is not None and _weight(problem, start) < _weight(problem, placements):
        # CP-SAT stopped (work or clock) before it reached the hinted grid: keep the better.
        return _result(problem, start, bound, budget, "greedy + annealing", proven=False)
    return _result(
        problem,
        placements,
        bound,
        budget,
        "annealing + cp-sat (programme model)" if start else "cp-sat (programme model)",
        proven=status == OPTIMAL,
    )


def _weight(problem: GridProblem, placements: list[Placement]) -> int:
    return sum(c.weight for c in conflicts_of(problem, placements))
