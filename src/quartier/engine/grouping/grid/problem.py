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
    """A session with its hosts, expected audience and optional pinned room/slot.

    Real programmes also say when a session may run (``allowed_slots``, None = any;
    ``forbidden_slots``), what its room must offer (``needs``, e.g. "step-free",
    "hybrid", "projector"), how many consecutive slots it spans (``length``; its
    placement names the first) and which ``track`` it belongs to (sessions of one track
    should not run at the same time).
    """

    id: str
    hosts: tuple[str, ...] = ()
    interest: int = 0
    pinned_room: str | None = None
    pinned_slot: str | None = None
    allowed_slots: frozenset[str] | None = None
    forbidden_slots: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    length: int = 1
    track: str | None = None


@dataclass(frozen=True)
class Room:
    id: str
    capacity: int
    features: frozenset[str] = frozenset()


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
    soft_hosts: Mapping[str, int] = field(default_factory=dict)
    """Hosts whose clashes are allowed at a cost (weight per clashing pair); others: hard."""
    track_weight: int = 100
    """Cost of two sessions of one track at the same time."""

    def conflict_weights(self) -> dict[tuple[str, str], int]:
        """Everything the objective counts, per unordered pair (a < b) running together:
        participants interested in both, plus ``track_weight`` for a shared track, plus
        the weight of each shared soft host."""
        return {pair: sum(w for w, _ in parts) for pair, parts in self.conflict_reasons().items()}

    def conflict_reasons(self) -> dict[tuple[str, str], list[tuple[int, str]]]:
        """Per pair (a < b), the (weight, reason) parts of its conflict weight."""
        reasons: dict[tuple[str, str], list[tuple[int, str]]] = {}
        known = {s.id for s in self.sessions}
        shared: dict[tuple[str, str], int] = {}
        for wanted in self.interests.values():
            for a, b in combinations(sorted(set(wanted) & known), 2):
                shared[a, b] = shared.get((a, b), 0) + 1
        for pair, count in shared.items():
            people = "participant wants" if count == 1 else "participants want"
            reasons.setdefault(pair, []).append((count, f"{count} {people} both"))
        ordered = sorted(self.sessions, key=lambda s: s.id)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                key = (first.id, second.id)
                if first.track and first.track == second.track and self.track_weight:
                    reasons.setdefault(key, []).append(
                        (self.track_weight, f"same track {first.track}")
                    )
                for host in sorted(set(first.hosts) & set(second.hosts)):
                    if host in self.soft_hosts:
                        reasons.setdefault(key, []).append(
                            (self.soft_hosts[host], f"shared host {host} (soft)")
                        )
        return reasons

    def session_slots(self, session: GridSession, start: str) -> tuple[str, ...]:
        """The consecutive slots a session occupies when it starts at ``start`` (may be
        fewer than its length when it would run past the last slot)."""
        first = self.slots.index(start)
        return self.slots[first : first + session.length]

    @property
    def uses_programme_features(self) -> bool:
        """True when the simple slot model (nested room sizes, one slot each) is not exact."""
        return any(
            s.needs or s.length != 1 or s.allowed_slots is not None or s.forbidden_slots or s.track
            for s in self.sessions
        ) or bool(self.soft_hosts)


@dataclass(frozen=True)
class Conflict:
    """Two sessions that run at the same time although ``weight`` says they should not.

    ``slot`` is the first slot they share; ``reasons`` says why they clash ("12
    participants want both", "same track Mobility", "shared host Ana (soft)").
    """

    session_a: str
    session_b: str
    slot: str
    weight: int
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class GridResult:
    """Placements plus the conflicts they cause; ``quality.objective`` is their total weight."""

    placements: tuple[Placement, ...]
    conflicts: tuple[Conflict, ...]
    conflict_weight: int
    quality: Quality


def _sessions_by_host(
    problem: GridProblem, *, hard_only: bool = False
) -> dict[str, tuple[str, ...]]:
    result: dict[str, list[str]] = {}
    for s in problem.sessions:
        for h in s.hosts:
            if hard_only and h in problem.soft_hosts:
                continue
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
        for slot in sorted((s.allowed_slots or frozenset()) | s.forbidden_slots):
            if slot not in problem.slots:
                raise InvalidInput(
                    "grid.unknown_slot",
                    f"session {s.id} names unknown slot {slot}",
                    {"session": s.id, "slot": slot},
                )
        if not 1 <= s.length <= len(problem.slots):
            raise InvalidInput(
                "grid.bad_length",
                f"session {s.id} spans {s.length} slots, but there are {len(problem.slots)}",
                {"session": s.id, "length": s.length, "slots": len(problem.slots)},
            )
    for host, weight in problem.soft_hosts.items():
        if weight < 0:
            raise InvalidInput(
                "grid.bad_weight",
                f"host {host} has a negative clash weight {weight}",
                {"host": host, "weight": weight},
            )
