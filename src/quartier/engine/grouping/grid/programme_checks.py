"""Why no programme grid exists, by counting, before any search.

The programme model (room features, allowed slots, sessions spanning several slots, soft
hosts) breaks the nested-room argument of :func:`explanations.precheck`, so these checks
count *session-slots* against the places each session could take:

- a session with no room that has its seats and features, or no run of consecutive slots
  it may start in (allowed, not forbidden, its hosts available, room for its length);
- more session-slots than rooms x slots;
- Hall's condition on rooms: for the set of rooms E a session can use, the sessions that
  can only use rooms in E need more session-slots than E offers;
- a (hard) host whose sessions need more slots than the host is available.

Each names what to change ("session X needs step-free and 40 seats; no room offers
both"). Only if they find nothing does the CP-SAT core of labelled rules explain.
"""

from __future__ import annotations

from quartier.engine.grouping.errors import Explanation
from quartier.engine.grouping.grid.problem import GridProblem, GridSession, Room


def eligible_rooms(problem: GridProblem, s: GridSession) -> list[Room]:
    """Rooms with the seats and features the session needs (its pinned room only)."""
    return [
        r
        for r in problem.rooms
        if r.capacity >= s.interest
        and s.needs <= r.features
        and (not s.pinned_room or r.id == s.pinned_room)
    ]


def possible_starts(problem: GridProblem, s: GridSession) -> list[str]:
    """Slots the session may start in: its whole span allowed and its hosts available."""
    allowed = (set(problem.slots) if s.allowed_slots is None else set(s.allowed_slots)) - set(
        s.forbidden_slots
    )
    for host in s.hosts:
        allowed &= set(problem.availability.get(host, problem.slots))
    out = []
    for k, t in enumerate(problem.slots):
        span = problem.slots[k : k + s.length]
        fits = len(span) == s.length and set(span) <= allowed
        if fits and (not s.pinned_slot or t == s.pinned_slot):
            out.append(t)
    return out


def precheck_programme(problem: GridProblem) -> tuple[Explanation, ...]:
    """Counting arguments that prove a programme grid impossible, in words."""
    reasons: list[Explanation] = []
    rooms_of = {s.id: eligible_rooms(problem, s) for s in problem.sessions}
    for s in problem.sessions:
        if not rooms_of[s.id]:
            reasons.append(_no_room(problem, s))
        if not possible_starts(problem, s):
            reasons.append(_no_start(problem, s))
    needed = sum(s.length for s in problem.sessions)
    places = len(problem.rooms) * len(problem.slots)
    if needed > places:
        reasons.append(
            Explanation(
                "grid.too_many_sessions",
                f"the sessions need {needed} session-slots (sessions spanning several slots "
                f"count once per slot) but {len(problem.rooms)} rooms x {len(problem.slots)} "
                f"slots give {places}",
                {"session_slots": needed, "places": places},
            )
        )
    if reasons:
        return tuple(reasons)
    reasons += _hall_on_rooms(problem, rooms_of)
    reasons += _hosts_over_booked(problem)
    return tuple(reasons)


def _no_room(problem: GridProblem, s: GridSession) -> Explanation:
    wants = [f"{s.interest} seats"] if s.interest else []
    wants += sorted(s.needs)
    if s.pinned_room:
        wants.append(f"room {s.pinned_room}")
    largest = max((r.capacity for r in problem.rooms if s.needs <= r.features), default=0)
    return Explanation(
        "grid.room_features",
        f"session {s.id} needs {_and(wants)}; no room offers "
        + ("that" if len(wants) == 1 else "all of these")
        + (f" (the largest room with its features holds {largest})" if s.needs else ""),
        {"session": s.id, "needs": sorted(s.needs), "interest": s.interest},
    )


def _no_start(problem: GridProblem, s: GridSession) -> Explanation:
    allowed = (set(problem.slots) if s.allowed_slots is None else set(s.allowed_slots)) - set(
        s.forbidden_slots
    )
    hosts = [h for h in s.hosts if h in problem.availability]
    free = [t for t in problem.slots if t in allowed]
    detail = f"it may run in slot(s) {_and(free)}" if free else "all slots are excluded for it"
    if hosts:
        detail += f" and its host(s) {_and(hosts)} are available only in some slots"
    if s.pinned_slot:
        detail += f", and it is pinned to start in slot {s.pinned_slot}"
    return Explanation(
        "grid.session_slots",
        f"session {s.id} spans {s.length} consecutive slot{'s' if s.length > 1 else ''}, "
        f"but {detail}: no start fits",
        {"session": s.id, "length": s.length, "slots": free},
    )


def _hall_on_rooms(problem: GridProblem, rooms_of: dict[str, list[Room]]) -> list[Explanation]:
    """Sessions confined to a set of rooms need more session-slots than those rooms hold."""
    out: list[Explanation] = []
    seen: set[frozenset[str]] = set()
    for s in problem.sessions:
        room_set = frozenset(r.id for r in rooms_of[s.id])
        if room_set in seen or len(room_set) == len(problem.rooms):
            continue
        seen.add(room_set)
        confined = [o for o in problem.sessions if {r.id for r in rooms_of[o.id]} <= room_set]
        need = sum(o.length for o in confined)
        offer = len(room_set) * len(problem.slots)
        if need > offer:
            out.append(
                Explanation(
                    "grid.room_features",
                    f"sessions {_and([o.id for o in confined])} can only use room(s) "
                    f"{_and(sorted(room_set))} (seats and features), which give {offer} "
                    f"room-slots, but they need {need}",
                    {
                        "sessions": [o.id for o in confined],
                        "rooms": sorted(room_set),
                        "needed": need,
                        "places": offer,
                    },
                )
            )
    return out


def _hosts_over_booked(problem: GridProblem) -> list[Explanation]:
    out: list[Explanation] = []
    by_host: dict[str, list[GridSession]] = {}
    for s in problem.sessions:
        for h in s.hosts:
            if h not in problem.soft_hosts:
                by_host.setdefault(h, []).append(s)
    for host, sessions in by_host.items():
        free = [t for t in problem.slots if t in problem.availability.get(host, problem.slots)]
        need = sum(s.length for s in sessions)
        if len(sessions) > 1 and need > len(free):
            out.append(
                Explanation(
                    "grid.host_availability",
                    f"host {host} is in sessions {_and([s.id for s in sessions])}, which "
                    f"need {need} slots, but is available in only {len(free)}",
                    {"host": host, "sessions": [s.id for s in sessions], "slots": free},
                )
            )
    return out


def _and(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
