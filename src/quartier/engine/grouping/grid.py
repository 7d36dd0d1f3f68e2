"""Open-space grid: sessions into rooms x time slots.

Hard rules are *labelled constraints* (in the spirit of PyCon UK's conference-scheduler):
each rule is one object that can (a) add itself to the CP-SAT model, optionally behind an
enforcement literal, and (b) check a finished grid. The same objects therefore drive
planning, explaining infeasibility and validating a grid that someone edited by hand.

Objective: minimize interest conflicts. Two sessions wanted by ``w`` common participants
cost ``w`` when they share a slot.

When no grid exists we first run counting pre-checks that produce precise sentences
("session X needs a room for 40, but the largest free room in slot 2 holds 25"). If those
find nothing, every labelled constraint gets an assumption literal and CP-SAT returns a
subset of them that is already infeasible (``sufficient_assumptions_for_infeasibility``),
which we shrink further by deletion while time allows.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from ortools.sat.python import cp_model

from quartier.engine.grouping.errors import Explanation, Infeasible, InvalidInput, NoSolutionFound
from quartier.engine.grouping.quality import Quality
from quartier.engine.grouping.solving import FEASIBLE, INFEASIBLE, OPTIMAL, Deadline, make_solver


@dataclass(frozen=True)
class GridSession:
    """A session with its hosts, expected audience and optional pinned room/slot."""

    id: str
    hosts: tuple[str, ...] = ()
    interest: int = 0
    pinned_room: str | None = None
    pinned_slot: str | None = None


@dataclass(frozen=True)
class Room:
    id: str
    capacity: int


@dataclass(frozen=True)
class Placement:
    session: str
    room: str
    slot: str


@dataclass(frozen=True)
class GridProblem:
    """Everything a grid must respect.

    ``availability`` maps a host to the slots they can attend (a host not listed is always
    available). ``interests`` maps a participant to the sessions they want; it only feeds
    the conflict weights.
    """

    sessions: tuple[GridSession, ...]
    rooms: tuple[Room, ...]
    slots: tuple[str, ...]
    availability: Mapping[str, frozenset[str]] = field(default_factory=dict)
    interests: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def conflict_weights(self) -> dict[tuple[str, str], int]:
        """Number of participants interested in both sessions, per unordered pair (a < b)."""
        weights: dict[tuple[str, str], int] = {}
        known = {s.id for s in self.sessions}
        for wanted in self.interests.values():
            for a, b in combinations(sorted(set(wanted) & known), 2):
                weights[a, b] = weights.get((a, b), 0) + 1
        return weights


@dataclass(frozen=True)
class Conflict:
    session_a: str
    session_b: str
    slot: str
    weight: int


@dataclass(frozen=True)
class GridResult:
    """Placements plus the conflicts they cause; ``quality.objective`` is their total weight."""

    placements: tuple[Placement, ...]
    conflicts: tuple[Conflict, ...]
    conflict_weight: int
    quality: Quality


# --- labelled constraints -----------------------------------------------------------


class _Vars:
    """Placement variables x[session, room, slot] for every triple."""

    def __init__(self, model: cp_model.CpModel, problem: GridProblem) -> None:
        self.model = model
        self.x = {
            (s.id, r.id, t): model.new_bool_var(f"x_{s.id}_{r.id}_{t}")
            for s in problem.sessions
            for r in problem.rooms
            for t in problem.slots
        }

    def of_session(self, session: str) -> list[cp_model.IntVar]:
        return [v for (s, _, _), v in self.x.items() if s == session]


Where = Mapping[str, Sequence[tuple[str, str]]]  # session -> [(room, slot), ...]


class LabelledConstraint:
    """One hard rule: a label for explanations, a model encoding and a checker."""

    label: Explanation

    def encode(self, v: _Vars, enforce: cp_model.IntVar | None) -> None:
        raise NotImplementedError

    def violations(self, where: Where) -> list[Explanation]:
        raise NotImplementedError


def _add(ct: cp_model.Constraint, enforce: cp_model.IntVar | None) -> None:
    if enforce is not None:
        ct.only_enforce_if(enforce)


@dataclass
class SessionPlaced(LabelledConstraint):
    session: str

    def __post_init__(self) -> None:
        self.label = Explanation(
            "grid.session_placed",
            f"session {self.session} needs exactly one room and slot",
            {"session": self.session},
        )

    def encode(self, v: _Vars, enforce: cp_model.IntVar | None) -> None:
        _add(v.model.add(sum(v.of_session(self.session)) == 1), enforce)

    def violations(self, where: Where) -> list[Explanation]:
        places = where.get(self.session, ())
        if len(places) == 1:
            return []
        if not places:
            msg = f"session {self.session} has no room and slot"
        else:
            spots = ", ".join(f"{r}/{t}" for r, t in places)
            msg = f"session {self.session} is placed {len(places)} times ({spots})"
        return [Explanation(self.label.code, msg, {"session": self.session, "count": len(places)})]


@dataclass
class RoomOncePerSlot(LabelledConstraint):
    room: str
    slots: tuple[str, ...]
    sessions: tuple[str, ...]

    def __post_init__(self) -> None:
        self.label = Explanation(
            "grid.room_once_per_slot",
            f"room {self.room} holds one session per slot",
            {"room": self.room},
        )

    def encode(self, v: _Vars, enforce: cp_model.IntVar | None) -> None:
        for t in self.slots:
            _add(v.model.add(sum(v.x[s, self.room, t] for s in self.sessions) <= 1), enforce)

    def violations(self, where: Where) -> list[Explanation]:
        result = []
        for t in self.slots:
            here = sorted(s for s, places in where.items() if (self.room, t) in places)
            if len(here) > 1:
                result.append(
                    Explanation(
                        self.label.code,
                        f"room {self.room} has {len(here)} sessions in slot {t}: "
                        + ", ".join(here),
                        {"room": self.room, "slot": t, "sessions": here},
                    )
                )
        return result


@dataclass
class RoomCapacity(LabelledConstraint):
    session: str
    interest: int
    rooms: Mapping[str, int]
    slots: tuple[str, ...]

    def __post_init__(self) -> None:
        self.label = Explanation(
            "grid.room_capacity",
            f"session {self.session} expects {self.interest} people and needs a room that large",
            {"session": self.session, "interest": self.interest},
        )

    def encode(self, v: _Vars, enforce: cp_model.IntVar | None) -> None:
        small = [
            v.x[self.session, r, t]
            for r, cap in self.rooms.items()
            if cap < self.interest
            for t in self.slots
        ]
        if small:
            _add(v.model.add(sum(small) == 0), enforce)

    def violations(self, where: Where) -> list[Explanation]:
        return [
            Explanation(
                self.label.code,
                f"session {self.session} expects {self.interest} people but room {r} "
                f"holds {self.rooms[r]}",
                {"session": self.session, "interest": self.interest, "room": r},
            )
            for r, _ in where.get(self.session, ())
            if r in self.rooms and self.rooms[r] < self.interest
        ]


@dataclass
class HostOncePerSlot(LabelledConstraint):
    host: str
    sessions: tuple[str, ...]
    slots: tuple[str, ...]

    def __post_init__(self) -> None:
        self.label = Explanation(
            "grid.host_once_per_slot",
            f"host {self.host} can run only one of {', '.join(self.sessions)} per slot",
            {"host": self.host, "sessions": list(self.sessions)},
        )

    def encode(self, v: _Vars, enforce: cp_model.IntVar | None) -> None:
        for t in self.slots:
            terms = [var for (s, _, tt), var in v.x.items() if tt == t and s in self.sessions]
            _add(v.model.add(sum(terms) <= 1), enforce)

    def violations(self, where: Where) -> list[Explanation]:
        result = []
        for t in self.slots:
            here = [s for s in self.sessions if any(tt == t for _, tt in where.get(s, ()))]
            if len(here) > 1:
                result.append(
                    Explanation(
                        self.label.code,
                        f"host {self.host} is in {' and '.join(here)} at the same time (slot {t})",
                        {"host": self.host, "slot": t, "sessions": here},
                    )
                )
        return result


@dataclass
class HostAvailable(LabelledConstraint):
    host: str
    sessions: tuple[str, ...]
    available: frozenset[str]
    slots: tuple[str, ...]

    def __post_init__(self) -> None:
        ok = [t for t in self.slots if t in self.available]
        self.label = Explanation(
            "grid.host_availability",
            f"host {self.host} is available only in slot(s) {', '.join(ok) or '(none)'}",
            {"host": self.host, "slots": ok},
        )

    def encode(self, v: _Vars, enforce: cp_model.IntVar | None) -> None:
        bad = [
            var for (s, _, t), var in v.x.items() if s in self.sessions and t not in self.available
        ]
        if bad:
            _add(v.model.add(sum(bad) == 0), enforce)

    def violations(self, where: Where) -> list[Explanation]:
        return [
            Explanation(
                self.label.code,
                f"host {self.host} of session {s} is not available in slot {t}",
                {"host": self.host, "session": s, "slot": t},
            )
            for s in self.sessions
            for _, t in where.get(s, ())
            if t not in self.available
        ]


@dataclass
class Pinned(LabelledConstraint):
    session: str
    room: str | None
    slot: str | None

    def __post_init__(self) -> None:
        where = " ".join(
            part
            for part in (
                f"room {self.room}" if self.room else "",
                f"slot {self.slot}" if self.slot else "",
            )
            if part
        )
        self.label = Explanation(
            "grid.pinned",
            f"session {self.session} is pinned to {where}",
            {"session": self.session, "room": self.room, "slot": self.slot},
        )

    def _fits(self, room: str, slot: str) -> bool:
        return (self.room is None or room == self.room) and (self.slot is None or slot == self.slot)

    def encode(self, v: _Vars, enforce: cp_model.IntVar | None) -> None:
        bad = [var for (s, r, t), var in v.x.items() if s == self.session and not self._fits(r, t)]
        if bad:
            _add(v.model.add(sum(bad) == 0), enforce)

    def violations(self, where: Where) -> list[Explanation]:
        return [
            Explanation(
                self.label.code,
                f"{self.label.message}, but it is in room {r}, slot {t}",
                {**self.label.params, "placed_room": r, "placed_slot": t},
            )
            for r, t in where.get(self.session, ())
            if not self._fits(r, t)
        ]


def labelled_constraints(problem: GridProblem) -> list[LabelledConstraint]:
    """Every hard rule of ``problem``, each with its label."""
    slots = problem.slots
    rooms = {r.id: r.capacity for r in problem.rooms}
    session_ids = tuple(s.id for s in problem.sessions)
    result: list[LabelledConstraint] = [SessionPlaced(s) for s in session_ids]
    result += [RoomOncePerSlot(r, slots, session_ids) for r in rooms]
    result += [RoomCapacity(s.id, s.interest, rooms, slots) for s in problem.sessions]
    for host, sessions in _sessions_by_host(problem).items():
        if len(sessions) > 1:
            result.append(HostOncePerSlot(host, sessions, slots))
        if host in problem.availability:
            result.append(HostAvailable(host, sessions, problem.availability[host], slots))
    result += [
        Pinned(s.id, s.pinned_room, s.pinned_slot)
        for s in problem.sessions
        if s.pinned_room or s.pinned_slot
    ]
    return result


# --- public functions -----------------------------------------------------------------


def validate_grid(problem: GridProblem, placements: Collection[Placement]) -> list[Explanation]:
    """Every broken labelled constraint of a (hand-edited) grid; empty when it is valid."""
    _check_problem(problem)
    sessions = {s.id for s in problem.sessions}
    rooms = {r.id for r in problem.rooms}
    problems: list[Explanation] = []
    where: dict[str, list[tuple[str, str]]] = {}
    for p in placements:
        if p.session not in sessions:
            problems.append(
                Explanation(
                    "grid.unknown_session",
                    f"the grid places unknown session {p.session}",
                    {"session": p.session},
                )
            )
            continue
        if p.room not in rooms or p.slot not in problem.slots:
            problems.append(
                Explanation(
                    "grid.unknown_place",
                    f"session {p.session} is in unknown room {p.room} or slot {p.slot}",
                    {"session": p.session, "room": p.room, "slot": p.slot},
                )
            )
        where.setdefault(p.session, []).append((p.room, p.slot))
    for constraint in labelled_constraints(problem):
        problems += constraint.violations(where)
    return problems


def conflicts_of(problem: GridProblem, placements: Collection[Placement]) -> list[Conflict]:
    """Pairs of sessions sharing a slot that have interested participants in common."""
    slot_of = {p.session: p.slot for p in placements}
    return [
        Conflict(a, b, slot_of[a], w)
        for (a, b), w in sorted(problem.conflict_weights().items())
        if a in slot_of and b in slot_of and slot_of[a] == slot_of[b]
    ]


def plan_grid(problem: GridProblem, *, seed: int = 0, time_limit: float = 10.0) -> GridResult:
    """A valid grid with as few interest conflicts as the time allows.

    Raises ``Infeasible`` with explanations naming the labelled constraints at fault.
    """
    deadline = Deadline(time_limit)
    _check_problem(problem)
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
        slot_of = {pl.session: pl.slot for pl in start.placements}
        search_until = deadline.remaining() * 0.6
        for reheat in range(3):  # fixed number of annealing runs, each from the best so far
            slot_of = improve_slots(
                problem,
                slot_of,
                seed=seed + reheat,
                time_limit=max(0.0, search_until - deadline.elapsed()),
            )
        start = _result(
            problem, _rooms_for(problem, slot_of), 0.0, deadline, "local-search", proven=False
        )
        for (sid, t), var in y.items():
            model.add_hint(var, slot_of[sid] == t)
        for (a, b, t), var in both.items():
            model.add_hint(var, slot_of[a] == t and slot_of[b] == t)
    solver = make_solver(seed, deadline.remaining())
    solver.parameters.keep_all_feasible_solutions_in_presolve = True  # keeps the hint valid
    status = solver.solve(model)
    if status == INFEASIBLE:
        core = explain_infeasibility(problem, seed=seed, time_limit=deadline.remaining(1.0))
        raise Infeasible("grid.infeasible", "No grid can satisfy these rules together:", {}, core)
    if status not in (OPTIMAL, FEASIBLE):
        if start is not None:
            return _result(problem, start.placements, 0.0, deadline, "greedy", proven=False)
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
    return _result(
        problem,
        placements,
        float(solver.best_objective_bound),
        deadline,
        "cp-sat" if start is None else "annealing + cp-sat",
        proven=status == OPTIMAL,
    )


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


def improve_slots(
    problem: GridProblem,
    slot_of: Mapping[str, str],
    *,
    seed: int,
    time_limit: float,
    moves: int | None = None,
) -> dict[str, str]:
    """Simulated annealing over session-to-slot moves and swaps that keep the grid valid.

    The cooling schedule runs over a fixed number of ``moves``, not over seconds, so the
    result depends only on the seed unless the wall-clock ``time_limit`` cuts it short
    (checked every 256 moves). By default the budget grows with the number of sessions.
    """
    if moves is None:
        moves = min(300_000, 5_000 * len(problem.sessions))
    deadline = Deadline(time_limit)
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


def explain_infeasibility(
    problem: GridProblem, *, seed: int = 0, time_limit: float = 5.0
) -> tuple[Explanation, ...]:
    """A small set of labelled constraints that cannot all hold (empty if the grid exists)."""
    deadline = Deadline(time_limit)
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
        solver = make_solver(seed, deadline.remaining(0.2))
        if solver.solve(model) != INFEASIBLE:
            return None
        found = set(solver.sufficient_assumptions_for_infeasibility())
        return [k for k in active if literals[k].index in found]

    core = core_of(list(range(len(constraints))))
    if core is None:
        return ()
    # Deletion: drop each label in turn; keep it out if the rest is still infeasible.
    for k in list(core):
        if deadline.expired():
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


def greedy_grid(problem: GridProblem, *, seed: int = 0) -> GridResult | None:
    """Place sessions one by one (pinned and popular first) where they add least conflict.

    A quick baseline and the CP-SAT warm start; returns None when it gets stuck.
    """
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


# --- helpers --------------------------------------------------------------------------


def _result(
    problem: GridProblem,
    placements: Collection[Placement],
    bound: float,
    deadline: Deadline,
    method: str,
    *,
    proven: bool,
) -> GridResult:
    order = {s.id: k for k, s in enumerate(problem.sessions)}
    ordered = tuple(sorted(placements, key=lambda p: order[p.session]))
    conflicts = conflicts_of(problem, ordered)
    weight = sum(c.weight for c in conflicts)
    quality = Quality.of(
        float(weight), min(bound, float(weight)), deadline.elapsed(), method, proven=proven
    )
    return GridResult(ordered, tuple(conflicts), weight, quality)


def _sessions_by_host(problem: GridProblem) -> dict[str, tuple[str, ...]]:
    result: dict[str, list[str]] = {}
    for s in problem.sessions:
        for h in s.hosts:
            result.setdefault(h, []).append(s.id)
    return {h: tuple(ids) for h, ids in result.items()}


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _check_problem(problem: GridProblem) -> None:
    for kind, ids in (
        ("session", [s.id for s in problem.sessions]),
        ("room", [r.id for r in problem.rooms]),
        ("slot", list(problem.slots)),
    ):
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            raise InvalidInput(f"grid.duplicate_{kind}", f"{kind} {dup} appears twice", {kind: dup})
    rooms = {r.id for r in problem.rooms}
    for s in problem.sessions:
        if s.pinned_room and s.pinned_room not in rooms:
            raise InvalidInput(
                "grid.unknown_room",
                f"session {s.id} is pinned to unknown room {s.pinned_room}",
                {"session": s.id, "room": s.pinned_room},
            )
        if s.pinned_slot and s.pinned_slot not in problem.slots:
            raise InvalidInput(
                "grid.unknown_slot",
                f"session {s.id} is pinned to unknown slot {s.pinned_slot}",
                {"session": s.id, "slot": s.pinned_slot},
            )
