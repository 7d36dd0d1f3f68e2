"""Labelled constraints: each hard rule of a grid as one object.

Each rule can (a) add itself to the CP-SAT model, optionally behind an enforcement
literal, and (b) check a finished grid, so the same objects drive planning, explaining
infeasibility and validating a grid that someone edited by hand.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from quartier.engine.grouping.errors import Explanation
from quartier.engine.grouping.grid.problem import (
    GridProblem,
    Placement,
    _check_problem,
    _sessions_by_host,
)


class _Vars:
    """Placement variables x[session, room, slot] for every triple (slot = first slot).

    A session spanning several slots occupies its room from its first slot on; ``occ``
    lists the variables that put a session in a room during a slot.
    """

    def __init__(self, model: cp_model.CpModel, problem: GridProblem) -> None:
        self.model = model
        self.x = {
            (s.id, r.id, t): model.new_bool_var(f"x_{s.id}_{r.id}_{t}")
            for s in problem.sessions
            for r in problem.rooms
            for t in problem.slots
        }
        self.length = {s.id: s.length for s in problem.sessions}
        self.slots = problem.slots
        self.covering = {
            (sid, t): self.slots[max(0, k - length + 1) : k + 1]
            for sid, length in self.length.items()
            for k, t in enumerate(self.slots)
        }

    def of_session(self, session: str) -> list[cp_model.IntVar]:
        return [v for (s, _, _), v in self.x.items() if s == session]

    def span(self, session: str, start: str) -> tuple[str, ...]:
        first = self.slots.index(start)
        return self.slots[first : first + self.length[session]]

    def occ(self, session: str, room: str, slot: str) -> list[cp_model.IntVar]:
        return [self.x[session, room, start] for start in self.covering[session, slot]]


def _occupied(
    where: Where, session: str, lengths: Mapping[str, int], slots: Sequence[str]
) -> list[tuple[str, str]]:
    """(room, slot) pairs a session occupies in a grid, its length included."""
    out = []
    for room, start in where.get(session, ()):
        if start in slots:
            first = slots.index(start)
            out += [(room, t) for t in slots[first : first + lengths.get(session, 1)]]
    return out


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
    lengths: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.label = Explanation(
            "grid.room_once_per_slot",
            f"room {self.room} holds one session per slot",
            {"room": self.room},
        )

    def encode(self, v: _Vars, enforce: cp_model.IntVar | None) -> None:
        for t in self.slots:
            terms = [var for s in self.sessions for var in v.occ(s, self.room, t)]
            _add(v.model.add(sum(terms) <= 1), enforce)

    def violations(self, where: Where) -> list[Explanation]:
        result = []
        for t in self.slots:
            here = sorted(
                s for s in where if (self.room, t) in _occupied(where, s, self.lengths, self.slots)
            )
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
    lengths: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.label = Explanation(
            "grid.host_once_per_slot",
            f"host {self.host} can run only one of {', '.join(self.sessions)} per slot",
            {"host": self.host, "sessions": list(self.sessions)},
        )

    def encode(self, v: _Vars, enforce: cp_model.IntVar | None) -> None:
        rooms = {r for (_, r, _) in v.x}
        for t in self.slots:
            terms = [var for s in self.sessions for r in rooms for var in v.occ(s, r, t)]
            _add(v.model.add(sum(terms) <= 1), enforce)

    def violations(self, where: Where) -> list[Explanation]:
        result = []
        for t in self.slots:
            here = [
                s
                for s in self.sessions
                if any(tt == t for _, tt in _occupied(where, s, self.lengths, self.slots))
            ]
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
    lengths: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ok = [t for t in self.slots if t in self.available]
        self.label = Explanation(
            "grid.host_availability",
            f"host {self.host} is available only in slot(s) {', '.join(ok) or '(none)'}",
            {"host": self.host, "slots": ok},
        )

    def encode(self, v: _Vars, enforce: cp_model.IntVar | None) -> None:
        bad = [
            var
            for (s, _, t), var in v.x.items()
            if s in self.sessions and any(u not in self.available for u in v.span(s, t))
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
            for _, t in _occupied(where, s, self.lengths, self.slots)
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


@dataclass
class SessionWindow(LabelledConstraint):
    """When a session may run: allowed and forbidden slots, and room for its length."""

    session: str
    slots: tuple[str, ...]
    allowed: frozenset[str]
    length: int

    def __post_init__(self) -> None:
        ok = self.starts()
        self.label = Explanation(
            "grid.session_slots",
            f"session {self.session} can start only in slot(s) {', '.join(ok) or '(none)'}",
            {"session": self.session, "slots": ok, "length": self.length},
        )

    def starts(self) -> list[str]:
        return [
            t
            for k, t in enumerate(self.slots)
            if k + self.length <= len(self.slots)
            and all(u in self.allowed for u in self.slots[k : k + self.length])
        ]

    def encode(self, v: _Vars, enforce: cp_model.IntVar | None) -> None:
        ok = set(self.starts())
        bad = [var for (s, _, t), var in v.x.items() if s == self.session and t not in ok]
        if bad:
            _add(v.model.add(sum(bad) == 0), enforce)

    def violations(self, where: Where) -> list[Explanation]:
        ok = set(self.starts())
        return [
            Explanation(
                self.label.code,
                f"session {self.session} starts in slot {t}, but it can start only in "
                f"{', '.join(sorted(ok, key=self.slots.index)) or '(no slot)'}",
                {"session": self.session, "slot": t},
            )
            for _, t in where.get(self.session, ())
            if t in self.slots and t not in ok
        ]


@dataclass
class RoomFeatures(LabelledConstraint):
    """A session's room offers everything it needs (step-free, hybrid, projector, ...)."""

    session: str
    needs: frozenset[str]
    rooms: Mapping[str, frozenset[str]]

    def __post_init__(self) -> None:
        self.label = Explanation(
            "grid.room_features",
            f"session {self.session} needs a room with {', '.join(sorted(self.needs))}",
            {"session": self.session, "needs": sorted(self.needs)},
        )

    def encode(self, v: _Vars, enforce: cp_model.IntVar | None) -> None:
        bad = [
            var
            for (s, r, _), var in v.x.items()
            if s == self.session and not self.needs <= self.rooms[r]
        ]
        if bad:
            _add(v.model.add(sum(bad) == 0), enforce)

    def violations(self, where: Where) -> list[Explanation]:
        return [
            Explanation(
                self.label.code,
                f"session {self.session} needs {', '.join(sorted(self.needs - self.rooms[r]))}"
                f", which room {r} lacks",
                {"session": self.session, "room": r, "missing": sorted(self.needs - self.rooms[r])},
            )
            for r, _ in where.get(self.session, ())
            if r in self.rooms and not self.needs <= self.rooms[r]
        ]


def labelled_constraints(problem: GridProblem) -> list[LabelledConstraint]:
    """Every hard rule of ``problem``, each with its label."""
    slots = problem.slots
    rooms = {r.id: r.capacity for r in problem.rooms}
    features = {r.id: r.features for r in problem.rooms}
    lengths = {s.id: s.length for s in problem.sessions}
    session_ids = tuple(s.id for s in problem.sessions)
    result: list[LabelledConstraint] = [SessionPlaced(s) for s in session_ids]
    result += [RoomOncePerSlot(r, slots, session_ids, lengths) for r in rooms]
    result += [RoomCapacity(s.id, s.interest, rooms, slots) for s in problem.sessions]
    for s in problem.sessions:
        allowed = (
            frozenset(slots) if s.allowed_slots is None else s.allowed_slots
        ) - s.forbidden_slots
        if s.length > 1 or allowed != frozenset(slots):
            result.append(SessionWindow(s.id, slots, allowed, s.length))
        if s.needs:
            result.append(RoomFeatures(s.id, s.needs, features))
    for host, sessions in _sessions_by_host(problem).items():
        if len(sessions) > 1 and host not in problem.soft_hosts:
            result.append(HostOncePerSlot(host, sessions, slots, lengths))
        if host in problem.availability:
            result.append(HostAvailable(host, sessions, problem.availability[host], slots, lengths))
    result += [
        Pinned(s.id, s.pinned_room, s.pinned_slot)
        for s in problem.sessions
        if s.pinned_room or s.pinned_slot
    ]
    return result


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
