"""Heuristics for programme grids: a greedy grid and simulated annealing on it.

Sessions keep one room for all the slots they span.

A state is a (room, first slot) per session. A move takes one session to another room
and start it may use (seats, features, allowed slots, its length, hard hosts free in its
whole span, the room free in its whole span); a swap exchanges the places of two
sessions of the same length when each may use the other's. The cost is the weight of
every pair of sessions that share at least one slot (counted once, as in
``conflicts_of``). Moves are counted, not timed, so a seed gives the same grid; the wall
clock is only a safety net.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from quartier.engine.grouping.grid.problem import GridProblem, GridSession, Placement
from quartier.engine.grouping.grid.programme_checks import eligible_rooms, possible_starts
from quartier.engine.grouping.solving import Deadline


class _State:
    def __init__(self, problem: GridProblem, placements: Sequence[Placement]) -> None:
        self.problem = problem
        self.by_id = {s.id: s for s in problem.sessions}
        self.place = {p.session: (p.room, p.slot) for p in placements}
        self.weights: dict[str, dict[str, int]] = {s.id: {} for s in problem.sessions}
        for (a, b), w in problem.conflict_weights().items():
            self.weights[a][b] = w
            self.weights[b][a] = w
        self.running: dict[str, set[str]] = {t: set() for t in problem.slots}
        self.room_at: dict[tuple[str, str], str] = {}
        self.host_at: dict[tuple[str, str], str] = {}
        self.hard = {
            s.id: [h for h in s.hosts if h not in problem.soft_hosts] for s in problem.sessions
        }
        for sid, (room, start) in self.place.items():
            self._occupy(sid, room, start)

    def span(self, sid: str, start: str) -> tuple[str, ...]:
        return self.problem.session_slots(self.by_id[sid], start)

    def _occupy(self, sid: str, room: str, start: str) -> None:
        for t in self.span(sid, start):
            self.running[t].add(sid)
            self.room_at[room, t] = sid
            for h in self.hard[sid]:
                self.host_at[h, t] = sid

    def _vacate(self, sid: str, room: str, start: str) -> None:
        for t in self.span(sid, start):
            self.running[t].discard(sid)
            del self.room_at[room, t]
            for h in self.hard[sid]:
                del self.host_at[h, t]

    def cost_of(self, sid: str, start: str, ignore: frozenset[str] = frozenset()) -> int:
        """Weight of the pairs ``sid`` would form at ``start`` (others as they are now)."""
        w = self.weights[sid]
        if not w:
            return 0
        mates: set[str] = set()
        for t in self.span(sid, start):
            mates |= self.running[t]
        return sum(w.get(o, 0) for o in mates if o != sid and o not in ignore)

    def fits(self, sid: str, room: str, start: str, ignore: frozenset[str]) -> bool:
        for t in self.span(sid, start):
            if self.room_at.get((room, t), sid) not in ignore | {sid}:
                return False
            for h in self.hard[sid]:
                if self.host_at.get((h, t), sid) not in ignore | {sid}:
                    return False
        return True

    def move(self, sid: str, room: str, start: str) -> None:
        old_room, old_start = self.place[sid]
        self._vacate(sid, old_room, old_start)
        self._occupy(sid, room, start)
        self.place[sid] = (room, start)

    def total(self) -> int:
        return sum(self.cost_of(sid, start) for sid, (_, start) in self.place.items()) // 2

    def placements(self) -> list[Placement]:
        return [Placement(sid, room, start) for sid, (room, start) in self.place.items()]


def improve_programme(
    problem: GridProblem,
    placements: Sequence[Placement],
    *,
    seed: int,
    moves: int,
    deadline: Deadline | None = None,
) -> list[Placement]:
    """A grid at least as good as ``placements`` (which must be valid), by annealing."""
    rng = random.Random(seed)
    state = _State(problem, placements)
    rooms = {s.id: [r.id for r in eligible_rooms(problem, s)] for s in problem.sessions}
    starts = {s.id: possible_starts(problem, s) for s in problem.sessions}
    movable = sorted(s.id for s in problem.sessions if len(rooms[s.id]) * len(starts[s.id]) > 1)
    if not movable:
        return list(placements)
    cost = state.total()
    best, best_cost = state.placements(), cost
    start_temperature = max(1.0, cost / max(1, len(movable)))
    temperature = start_temperature
    for step in range(1, moves + 1):
        if best_cost == 0:
            break
        if step % 256 == 0:
            if deadline is not None and deadline.expired():
                break
            temperature = start_temperature * 0.005 ** (step / moves)
        a = movable[rng.randrange(len(movable))]
        room_a, start_a = state.place[a]
        if rng.random() < 0.6:
            room, start = rng.choice(rooms[a]), rng.choice(starts[a])
            if (room, start) == (room_a, start_a) or not state.fits(a, room, start, frozenset()):
                continue
            delta = state.cost_of(a, start) - state.cost_of(a, start_a)
            if delta > 0 and rng.random() >= math.exp(-delta / temperature):
                continue
            state.move(a, room, start)
        else:
            b = movable[rng.randrange(len(movable))]
            room_b, start_b = state.place[b]
            sa, sb = state.by_id[a], state.by_id[b]
            if a == b or sa.length != sb.length or start_a == start_b:
                continue
            if room_b not in rooms[a] or start_b not in starts[a]:
                continue
            if room_a not in rooms[b] or start_a not in starts[b]:
                continue
            pair = frozenset({a, b})
            if not (state.fits(a, room_b, start_b, pair) and state.fits(b, room_a, start_a, pair)):
                continue
            # a and b exchange spans, so whether they overlap each other does not change.
            delta = (
                state.cost_of(a, start_b, pair)
                - state.cost_of(a, start_a, pair)
                + state.cost_of(b, start_a, pair)
                - state.cost_of(b, start_b, pair)
            )
            if delta > 0 and rng.random() >= math.exp(-delta / temperature):
                continue
            state._vacate(a, room_a, start_a)
            state._vacate(b, room_b, start_b)
            state._occupy(a, room_b, start_b)
            state._occupy(b, room_a, start_a)
            state.place[a], state.place[b] = (room_b, start_b), (room_a, start_a)
        cost += delta
        if cost < best_cost:
            best, best_cost = state.placements(), cost
    return best


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
    keeping rooms with features free) and weighs conflicts second; then a few restarts
    that break ties between slots in a seeded random order (long sessions placed early in
    the day can block the only slots a restricted session may use). None when all fail.
    Used as the CP-SAT hint and the baseline."""
    for attempt in range(_RESTARTS + 1):
        for packing in (False, True):
            placed = _greedy(problem, seed, packing=packing, attempt=attempt)
            if placed is not None:
                return placed
    return None


_RESTARTS = 8


def _greedy(
    problem: GridProblem, seed: int, *, packing: bool, attempt: int = 0
) -> list[Placement] | None:
    rng = random.Random(seed * 1009 + attempt)
    slot_rank = {t: k for k, t in enumerate(problem.slots)}
    if attempt:
        shuffled = list(problem.slots)
        rng.shuffle(shuffled)
        slot_rank = {t: k for k, t in enumerate(shuffled)}
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
        best: tuple[int, int, int, int, str, str] | None = None
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
                    (spare, r.capacity, cost, slot_rank[t], t, r.id)
                    if packing
                    else (cost, r.capacity, spare, slot_rank[t], t, r.id)
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
