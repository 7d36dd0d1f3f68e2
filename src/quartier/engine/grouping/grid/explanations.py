"""Why no grid exists, in sentences organisers can act on.

Counting pre-checks come first because they name the exact shortage ("session X needs a
room for 40, but the largest free room in slot 2 holds 25"). If they find nothing, every
labelled constraint gets an assumption literal and CP-SAT returns a subset of them that is
already infeasible (``sufficient_assumptions_for_infeasibility``), which we shrink further
by deletion while the deterministic work budget allows (so the same problem always gets
the same explanation).
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from quartier.engine.grouping.errors import Explanation
from quartier.engine.grouping.grid.constraints import _Vars, labelled_constraints
from quartier.engine.grouping.grid.problem import GridProblem, _sessions_by_host
from quartier.engine.grouping.solving import INFEASIBLE, Budget


def explain_infeasibility(
    problem: GridProblem, *, seed: int = 0, time_limit: float = 5.0
) -> tuple[Explanation, ...]:
    """A small set of labelled constraints that cannot all hold (empty if the grid exists)."""
    budget = Budget(time_limit)
    constraints = labelled_constraints(problem)
    model = cp_model.CpModel()
    v = _Vars(model, problem)
    literals = []
    for k, constraint in enumerate(constraints):
        lit = model.new_bool_var(f"label{k}")
        constraint.encode(v, lit)
        literals.append(lit)

    def core_of(active: list[int]) -> list[int] | None:
        model.clear_assumptions()
        model.add_assumptions([literals[k] for k in active])
        solver = budget.solver(seed, share=0.5, floor=0.1)
        if budget.solve(solver, model) != INFEASIBLE:
            return None
        found = set(solver.sufficient_assumptions_for_infeasibility())
        return [k for k in active if literals[k].index in found]

    core = core_of(list(range(len(constraints))))
    if core is None:
        return ()
    # Deletion: drop each label in turn; keep it out if the rest is still infeasible.
    for k in list(core):
        if budget.exhausted():
            break
        if k not in core:
            continue
        smaller = core_of([j for j in core if j != k])
        if smaller is not None:
            core = smaller
    return tuple(constraints[k].label for k in core)


def precheck(problem: GridProblem) -> tuple[Explanation, ...]:
    """Counting arguments that prove infeasibility in words, before any search."""
    reasons: list[Explanation] = []
    rooms = sorted(problem.rooms, key=lambda r: -r.capacity)
    largest = rooms[0].capacity if rooms else 0
    room_cap = {r.id: r.capacity for r in problem.rooms}
    places = len(problem.rooms) * len(problem.slots)
    if len(problem.sessions) > places:
        reasons.append(
            Explanation(
                "grid.too_many_sessions",
                f"there are {len(problem.sessions)} sessions but only {len(problem.rooms)} "
                f"rooms x {len(problem.slots)} slots = {places} places",
                {"sessions": len(problem.sessions), "places": places},
            )
        )
    pinned_both: dict[tuple[str, str], list[str]] = {}
    for s in problem.sessions:
        if s.pinned_room and s.pinned_slot:
            pinned_both.setdefault((s.pinned_room, s.pinned_slot), []).append(s.id)
    for (room, slot), ids in pinned_both.items():
        if len(ids) > 1:
            reasons.append(
                Explanation(
                    "grid.pinned",
                    f"sessions {' and '.join(ids)} are both pinned to room {room} in slot {slot}",
                    {"sessions": ids, "room": room, "slot": slot},
                )
            )
    for s in problem.sessions:
        if s.interest > largest:
            reasons.append(
                Explanation(
                    "grid.room_capacity",
                    f"session {s.id} needs a room for {s.interest}, but the largest room "
                    f"holds {largest}",
                    {"session": s.id, "interest": s.interest, "largest": largest},
                )
            )
        elif s.pinned_room and room_cap[s.pinned_room] < s.interest:
            reasons.append(
                Explanation(
                    "grid.room_capacity",
                    f"session {s.id} needs a room for {s.interest}, but it is pinned to room "
                    f"{s.pinned_room}, which holds {room_cap[s.pinned_room]}",
                    {"session": s.id, "interest": s.interest, "room": s.pinned_room},
                )
            )
        elif s.pinned_slot and not s.pinned_room:
            taken = {r for (r, t) in pinned_both if t == s.pinned_slot}
            free = [r.capacity for r in problem.rooms if r.id not in taken]
            best = max(free, default=0)
            if s.interest > best:
                reasons.append(
                    Explanation(
                        "grid.room_capacity",
                        f"session {s.id} needs a room for {s.interest}, but the largest free "
                        f"room in slot {s.pinned_slot} holds {best}",
                        {"session": s.id, "interest": s.interest, "slot": s.pinned_slot},
                    )
                )
        for host in s.hosts:
            can = problem.availability.get(host)
            if can is not None and s.pinned_slot and s.pinned_slot not in can:
                reasons.append(
                    Explanation(
                        "grid.host_availability",
                        f"session {s.id} is pinned to slot {s.pinned_slot}, but its host {host} "
                        "is not available then",
                        {"session": s.id, "host": host, "slot": s.pinned_slot},
                    )
                )
    for host, sessions in _sessions_by_host(problem).items():
        free_slots = [
            t for t in problem.slots if t in problem.availability.get(host, problem.slots)
        ]
        if len(sessions) > len(free_slots):
            reasons.append(
                Explanation(
                    "grid.host_availability",
                    f"host {host} is in sessions {_and(sessions)} but is available in only "
                    f"{len(free_slots)} slot{'s' if len(free_slots) != 1 else ''}",
                    {"host": host, "sessions": list(sessions), "slots": free_slots},
                )
            )
        by_slot: dict[str, list[str]] = {}
        for s in problem.sessions:
            if host in s.hosts and s.pinned_slot:
                by_slot.setdefault(s.pinned_slot, []).append(s.id)
        for slot, ids in by_slot.items():
            if len(ids) > 1:
                reasons.append(
                    Explanation(
                        "grid.host_once_per_slot",
                        f"host {host} is in sessions {_and(ids)}, all pinned to slot {slot}",
                        {"host": host, "sessions": ids, "slot": slot},
                    )
                )
    # Hall's condition on sizes: sessions needing at least c seats vs rooms that large.
    for cap in sorted({s.interest for s in problem.sessions if s.interest > 0}):
        need = [s.id for s in problem.sessions if s.interest >= cap]
        big = [r.id for r in problem.rooms if r.capacity >= cap]
        if big and len(need) > len(big) * len(problem.slots):
            reasons.append(
                Explanation(
                    "grid.room_capacity",
                    f"{len(need)} sessions need a room for at least {cap}, but only "
                    f"{len(big)} room(s) are that large, giving {len(big) * len(problem.slots)} "
                    "places",
                    {"sessions": need, "rooms": big, "capacity": cap},
                )
            )
            break
    return tuple(reasons)


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
