"""Planning real programmes: room features, allowed slots, multi-slot sessions, soft hosts.

With these, room eligibility is no longer nested by size and a session may hold a room
for several slots, so the exact slot model of ``solver`` does not apply. This model is
the labelled constraints themselves over ``x[session, room, first slot]`` (so planning,
validating and explaining share one definition of every rule) plus the objective: for
each pair of sessions with a conflict weight (shared interested participants, a shared
track, a shared soft host), a binary ``o_ab >= occ(a, t) + occ(b, t) - 1`` for every slot
``t``; minimize ``Σ w_ab · o_ab``. A greedy grid is handed to CP-SAT as a hint.
"""

from __future__ import annotations

import random

from ortools.sat.python import cp_model

from quartier.engine.grouping.errors import Infeasible, NoSolutionFound
from quartier.engine.grouping.grid.constraints import _Vars, labelled_constraints, validate_grid
from quartier.engine.grouping.grid.explanations import explain_infeasibility
from quartier.engine.grouping.grid.problem import GridProblem, GridResult, GridSession, Placement
from quartier.engine.grouping.grid.result import _result
from quartier.engine.grouping.solving import FEASIBLE, INFEASIBLE, OPTIMAL, Budget


def plan_programme(problem: GridProblem, *, seed: int, budget: Budget) -> GridResult:
    model = cp_model.CpModel()
    v = _Vars(model, problem)
    for rule in labelled_constraints(problem):
        rule.encode(v, None)
    weights = problem.conflict_weights()
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
        chosen = {(p.session, p.room, p.slot) for p in start}
        for key, var in v.x.items():
            model.add_hint(var, key in chosen)
    solver = budget.solver(seed)
    status = budget.solve(solver, model)
    if status == INFEASIBLE:
        core = explain_infeasibility(problem, seed=seed, time_limit=budget.time_limit / 2)
        raise Infeasible("grid.infeasible", "No grid can satisfy these rules together:", {}, core)
    if status not in (OPTIMAL, FEASIBLE):
        if start is not None:
            return _result(problem, start, 0.0, budget, "greedy", proven=False)
        raise NoSolutionFound(
            "grid.no_solution_in_time",
            f"No grid found within {budget.time_limit:g} seconds; allow more time.",
            {"time_limit": budget.time_limit},
        )
    placements = [Placement(s, r, t) for (s, r, t), var in v.x.items() if solver.boolean_value(var)]
    broken = validate_grid(problem, placements)
    if broken:  # pragma: no cover - the model is the rules; this guards against regressions
        raise AssertionError(f"planned grid breaks its own rules: {broken}")
    return _result(
        problem,
        placements,
        float(solver.best_objective_bound),
        budget,
        "cp-sat (programme model)",
        proven=status == OPTIMAL,
    )


def _options(problem: GridProblem, s: GridSession) -> int:
    """How many (room, first slot) places a session could take in an empty grid: the most
    constrained sessions go first."""
    allowed = (set(problem.slots) if s.allowed_slots is None else set(s.allowed_slots)) - set(
        s.forbidden_slots
    )
    starts = sum(
        1
        for k in range(len(problem.slots) - s.length + 1)
        if set(problem.slots[k : k + s.length]) <= allowed
    )
    rooms = sum(1 for r in problem.rooms if r.capacity >= s.interest and s.needs <= r.features)
    return starts * rooms


def greedy_programme(problem: GridProblem, *, seed: int = 0) -> list[Placement] | None:
    """Sessions one by one (most constrained first) where they add least conflict; when
    that gets stuck, a second pass that packs first (the plainest, smallest room that fits,
    keeping rooms with features free) and weighs conflicts second. None when both fail.
    Used as the CP-SAT hint and the baseline."""
    return _greedy(problem, seed, packing=False) or _greedy(problem, seed, packing=True)


def _greedy(problem: GridProblem, seed: int, *, packing: bool) -> list[Placement] | None:
    rng = random.Random(seed)
    weights = problem.conflict_weights()
    order = list(problem.sessions)
    rng.shuffle(order)
    order.sort(key=lambda s: (not (s.pinned_room or s.pinned_slot), _options(problem, s)))
    placed: list[Placement] = []
    running: dict[str, set[str]] = {t: set() for t in problem.slots}
    room_busy: set[tuple[str, str]] = set()
    host_busy: set[tuple[str, str]] = set()
    for s in order:
        allowed = (
            set(problem.slots) if s.allowed_slots is None else set(s.allowed_slots)
        ) - s.forbidden_slots
        hard_hosts = [h for h in s.hosts if h not in problem.soft_hosts]
        best: tuple[int, int, int, str, str] | None = None
        for k, t in enumerate(problem.slots):
            span = problem.slots[k : k + s.length]
            if len(span) < s.length or not set(span) <= allowed:
                continue
            if s.pinned_slot and t != s.pinned_slot:
                continue
            if any(
                u not in problem.availability.get(h, problem.slots) for h in s.hosts for u in span
            ):
                continue
            if any((h, u) in host_busy for h in hard_hosts for u in span):
                continue
            cost = sum(
                weights.get((min(s.id, o), max(s.id, o)), 0)
                for o in {o for u in span for o in running[u]}
            )
            for r in problem.rooms:
                if r.capacity < s.interest or not s.needs <= r.features:
                    continue
                if s.pinned_room and r.id != s.pinned_room:
                    continue
                if any((r.id, u) in room_busy for u in span):
                    continue
                spare = len(r.features - s.needs)
                key = (
                    (spare, r.capacity, cost, t, r.id)
                    if packing
                    else (cost, r.capacity, spare, t, r.id)
                )
                if best is None or key < best:
                    best = key
        if best is None:
            return None
        *_, t, room = best
        placed.append(Placement(s.id, room, t))
        for u in problem.session_slots(s, t):
            running[u].add(s.id)
            room_busy.add((room, u))
            host_busy.update((h, u) for h in s.hosts)
    return placed
