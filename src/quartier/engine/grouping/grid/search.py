"""Heuristic grid search: a greedy baseline and simulated annealing over slots.

They give CP-SAT a good warm start (one worker improves a dense conflict objective
slowly) and a fallback grid when it runs out of time.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from quartier.engine.grouping.grid.problem import GridProblem, GridResult, GridSession, Placement
from quartier.engine.grouping.grid.programme_search import greedy_programme
from quartier.engine.grouping.grid.result import _result
from quartier.engine.grouping.solving import Deadline


def greedy_grid(problem: GridProblem, *, seed: int = 0) -> GridResult | None:
    """Place sessions one by one (pinned and popular first) where they add least conflict.

    A quick baseline and the CP-SAT warm start; returns None when it gets stuck. Programme
    problems (room features, allowed slots, sessions spanning several slots, soft hosts)
    use the programme greedy, which keeps a room for every slot of a long session.
    """
    if problem.uses_programme_features:
        placed = greedy_programme(problem, seed=seed)
        if placed is None:
            return None
        return _result(problem, placed, 0.0, Deadline(0.0), "greedy", proven=False)
    rng = random.Random(seed)
    weights = problem.conflict_weights()
    order = list(problem.sessions)
    rng.shuffle(order)
    order.sort(key=lambda s: (not (s.pinned_room or s.pinned_slot), -s.interest))
    used: set[tuple[str, str]] = set()
    in_slot: dict[str, list[str]] = {t: [] for t in problem.slots}
    host_busy: set[tuple[str, str]] = set()
    placements = []
    for s in order:
        best: tuple[int, int, str, str] | None = None
        for t in problem.slots:
            if s.pinned_slot and t != s.pinned_slot:
                continue
            if any(
                (h, t) in host_busy or t not in problem.availability.get(h, problem.slots)
                for h in s.hosts
            ):
                continue
            cost = sum(weights.get((min(s.id, o), max(s.id, o)), 0) for o in in_slot[t])
            for r in problem.rooms:
                if (r.id, t) in used or r.capacity < s.interest:
                    continue
                if s.pinned_room and r.id != s.pinned_room:
                    continue
                key = (cost, r.capacity, t, r.id)
                if best is None or key < best:
                    best = key
        if best is None:
            return None
        _, _, t, room = best
        used.add((room, t))
        in_slot[t].append(s.id)
        host_busy.update((h, t) for h in s.hosts)
        placements.append(Placement(s.id, room, t))
    return _result(problem, placements, 0.0, Deadline(0.0), "greedy", proven=False)


def improve_slots(
    problem: GridProblem,
    slot_of: Mapping[str, str],
    *,
    seed: int,
    time_limit: float,
    moves: int | None = None,
    deadline: Deadline | None = None,
) -> dict[str, str]:
    """Simulated annealing over session-to-slot moves and swaps that keep the grid valid.

    The cooling schedule runs over a fixed number of ``moves``, not over seconds, so the
    result depends only on the seed; the wall clock (``time_limit``, or a shared
    ``deadline``, checked every 256 moves) is only a safety net and remembers when it cut.
    By default the budget grows with the number of sessions.
    """
    if moves is None:
        moves = min(300_000, 5_000 * len(problem.sessions))
    deadline = deadline or Deadline(time_limit)
    rng = random.Random(seed)
    weights: dict[str, dict[str, int]] = {s.id: {} for s in problem.sessions}
    for (a, b), w in problem.conflict_weights().items():
        weights[a][b] = w
        weights[b][a] = w
    by_id = {s.id: s for s in problem.sessions}
    allowed = {
        s.id: [
            t
            for t in problem.slots
            if (not s.pinned_slot or t == s.pinned_slot)
            and all(t in problem.availability.get(h, problem.slots) for h in s.hosts)
        ]
        for s in problem.sessions
    }
    movable = [sid for sid, ts in allowed.items() if len(ts) > 1]
    current = dict(slot_of)
    members: dict[str, set[str]] = {t: set() for t in problem.slots}
    for sid, t in current.items():
        members[t].add(sid)
    if not movable:
        return current

    def cost_in(sid: str, t: str, skip: str = "") -> int:
        w = weights[sid]
        return sum(w.get(o, 0) for o in members[t] if o != sid and o != skip)

    def fits(t: str, content: set[str]) -> bool:
        hosts: set[str] = set()
        for sid in content:
            for h in by_id[sid].hosts:
                if h in hosts:
                    return False
                hosts.add(h)
        return _match_rooms(problem, [by_id[sid] for sid in content]) is not None

    cost = sum(cost_in(sid, t) for sid, t in current.items()) // 2
    best, best_cost = dict(current), cost
    start_temperature = max(1.0, cost / max(1, len(current)))
    temperature = start_temperature
    for step in range(1, moves + 1):
        if best_cost == 0:
            break
        if step % 256 == 0:
            if deadline.expired():
                break
            temperature = start_temperature * 0.005 ** (step / moves)
        a = rng.choice(movable)
        ta = current[a]
        tb = rng.choice(allowed[a])
        if tb == ta:
            continue
        if rng.random() < 0.5:
            delta = cost_in(a, tb) - cost_in(a, ta)
            new_a, new_b = members[ta] - {a}, members[tb] | {a}
            swap = None
        else:
            options = [b for b in members[tb] if ta in allowed[b]]
            if not options:
                continue
            swap = rng.choice(options)
            delta = cost_in(a, tb, swap) - cost_in(a, ta) + cost_in(swap, ta, a) - cost_in(swap, tb)
            new_a = (members[ta] - {a}) | {swap}
            new_b = (members[tb] - {swap}) | {a}
        if delta > 0 and rng.random() >= _acceptance(delta, temperature):
            continue
        if not (fits(ta, new_a) and fits(tb, new_b)):
            continue
        members[ta], members[tb] = new_a, new_b
        current[a] = tb
        if swap is not None:
            current[swap] = ta
        cost += delta
        if cost < best_cost:
            best, best_cost = dict(current), cost
    return best


# Annealing moves per reheat and nominal second of the time limit: the three reheats take
# about a fifth of the limit on one core here, the rest is CP-SAT's.
_MOVES_PER_SECOND = 8_000


def anneal_moves(time_limit: float) -> int:
    """Moves per annealing run for a nominal ``time_limit`` (deterministic, not timed)."""
    return max(1_000, int(_MOVES_PER_SECOND * time_limit))


def _acceptance(delta: int, temperature: float) -> float:
    return 2.718281828 ** (-delta / temperature)


def _match_rooms(problem: GridProblem, here: Sequence[GridSession]) -> dict[str, str] | None:
    """Rooms for the sessions of one slot, or None if they do not fit."""
    free = sorted(problem.rooms, key=lambda r: (r.capacity, r.id))
    result: dict[str, str] = {}
    for s in here:
        if s.pinned_room:
            if s.pinned_room not in {r.id for r in free}:
                return None
            free = [r for r in free if r.id != s.pinned_room]
            result[s.id] = s.pinned_room
    for s in sorted((s for s in here if not s.pinned_room), key=lambda s: (-s.interest, s.id)):
        room = next((r for r in free if r.capacity >= s.interest), None)
        if room is None:
            return None
        free.remove(room)
        result[s.id] = room.id
    return result


def _rooms_for(problem: GridProblem, slot_of: Mapping[str, str]) -> list[Placement]:
    """Match sessions to rooms slot by slot: pinned rooms first, then largest audience first
    into the smallest room that fits (optimal for nested eligibility)."""
    placements = []
    for t in problem.slots:
        here = [s for s in problem.sessions if slot_of.get(s.id) == t]
        rooms = _match_rooms(problem, here)
        if rooms is None:  # pragma: no cover - callers only pass grids that fit
            raise AssertionError(f"sessions of slot {t} do not fit the rooms")
        placements += [Placement(s.id, rooms[s.id], t) for s in here]
    return placements
