"""Grid inputs and outputs: sessions, rooms, slots and the placements found.

Kept apart from the solvers so constraints, explanations and search share one vocabulary
without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations

from quartier.engine.grouping.errors import InvalidInput
from quartier.engine.grouping.quality import Quality


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


def _sessions_by_host(problem: GridProblem) -> dict[str, tuple[str, ...]]:
    result: dict[str, list[str]] = {}
    for s in problem.sessions:
        for h in s.hosts:
            result.setdefault(h, []).append(s.id)
    return {h: tuple(ids) for h, ids in result.items()}


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
