"""``quartier group grid``: plan an open-space grid, or validate a hand-edited one."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from quartier.commands.group_plans import write_plans
from quartier.commands.group_report import _report, _report_clock
from quartier.commands.group_tables import Seen, TableError, read_table, write_csv
from quartier.engine.grouping import (
    Conflict,
    GridProblem,
    GridSession,
    Placement,
    Room,
    plan_grid,
    validate_grid,
)
from quartier.engine.grouping.grid import conflicts_of
from quartier.engine.grouping.plans import grid_plan


def _grid(args: argparse.Namespace) -> int:
    rooms_table = read_table(args.rooms)
    rooms_table.require("room", "capacity")
    seen_rooms = Seen("room")
    room_list = []
    for row in rooms_table:
        seen_rooms.add(row, "room", row.text("room"))
        room_list.append(Room(row.text("room"), row.integer("capacity"), _set(row.get("features"))))
    rooms = tuple(room_list)
    if Path(args.slots).is_file():
        slots_table = read_table(args.slots)
        slots_table.require("slot")
        seen_slots = Seen("slot")
        for row in slots_table:
            seen_slots.add(row, "slot", row.text("slot"))
        slots = tuple(row.text("slot") for row in slots_table)
    else:
        slots = tuple(s.strip() for s in args.slots.split(",") if s.strip())
        repeated = sorted({s for s in slots if slots.count(s) > 1})
        if repeated:
            raise TableError("--slots", f"slot {repeated[0]!r} is listed twice")
    table = read_table(args.sessions)
    table.require("session")
    room_ids = {r.id for r in rooms}
    sessions = []
    seen_sessions = Seen("session")
    for row in table:
        seen_sessions.add(row, "session", row.text("session"))
        pinned_room = row.get("pinned_room") or None
        pinned_slot = row.get("pinned_slot") or None
        if pinned_room and pinned_room not in room_ids:
            raise TableError(table.path, f"unknown room {pinned_room!r}", row.line, "pinned_room")
        if pinned_slot and pinned_slot not in slots:
            raise TableError(table.path, f"unknown slot {pinned_slot!r}", row.line, "pinned_slot")
        hosts = tuple(h.strip() for h in row.get("host").split("|") if h.strip())
        allowed = _set(row.get("allowed_slots")) or None
        forbidden = _set(row.get("forbidden_slots"))
        for column, named in (("allowed_slots", allowed or ()), ("forbidden_slots", forbidden)):
            for slot in sorted(named):
                if slot not in slots:
                    raise TableError(table.path, f"unknown slot {slot!r}", row.line, column)
        length = row.integer("length", 1)
        if not 1 <= length <= len(slots):
            raise TableError(
                table.path, f"a session spans 1 to {len(slots)} slots", row.line, "length"
            )
        sessions.append(
            GridSession(
                row.text("session"),
                hosts,
                row.integer("interest", 0),
                pinned_room,
                pinned_slot,
                allowed_slots=allowed,
                forbidden_slots=forbidden,
                needs=_set(row.get("needs")),
                length=length,
                track=row.get("track") or None,
            )
        )
    availability: dict[str, frozenset[str]] = {}
    if args.availability:
        avail = read_table(args.availability)
        avail.require("host", "slot")
        collected: dict[str, set[str]] = {}
        all_hosts = {h for s in sessions for h in s.hosts}
        seen_avail = Seen("availability of")
        for row in avail:
            slot = row.text("slot")
            if slot not in slots:
                raise TableError(avail.path, f"unknown slot {slot!r}", row.line, "slot")
            host = row.text("host")
            if host not in all_hosts:
                raise TableError(avail.path, f"unknown host {host!r}", row.line, "host")
            seen_avail.add(row, "slot", (host, slot), f"{host} in slot {slot}")
            collected.setdefault(row.text("host"), set()).add(slot)
        availability = {h: frozenset(s) for h, s in collected.items()}
    interests: dict[str, frozenset[str]] = {}
    if args.interests:
        wants = read_table(args.interests)
        wants.require("participant", "session")
        known = {s.id for s in sessions}
        gathered: dict[str, set[str]] = {}
        seen_wants = Seen("interest of")
        for row in wants:
            sid = row.text("session")
            if sid not in known:
                raise TableError(wants.path, f"unknown session {sid!r}", row.line, "session")
            pid = row.text("participant")
            seen_wants.add(row, "session", (pid, sid), f"{pid} in session {sid}")
            gathered.setdefault(row.text("participant"), set()).add(sid)
        interests = {p: frozenset(s) for p, s in gathered.items()}
    soft_hosts: dict[str, int] = {}
    if args.soft_hosts:
        soft = read_table(args.soft_hosts)
        soft.require("host", "weight")
        all_hosts = {h for s in sessions for h in s.hosts}
        seen_soft = Seen("host")
        for row in soft:
            host = row.text("host")
            if host not in all_hosts:
                raise TableError(soft.path, f"unknown host {host!r}", row.line, "host")
            seen_soft.add(row, "host", host)
            weight = row.integer("weight")
            if weight < 0:
                raise TableError(soft.path, f"{weight} is negative", row.line, "weight")
            soft_hosts[host] = weight
    problem = GridProblem(
        tuple(sessions),
        rooms,
        slots,
        availability,
        interests,
        soft_hosts=soft_hosts,
        track_weight=args.track_weight,
    )
    if args.validate:
        grid = read_table(args.validate)
        grid.require("session", "room", "slot")
        placements = []
        placed = Seen("session")
        session_ids = {s.id for s in sessions}
        for row in grid:
            sid, room, slot = row.text("session"), row.text("room"), row.text("slot")
            for column, value, known_values in (
                ("session", sid, session_ids),
                ("room", room, room_ids),
                ("slot", slot, set(slots)),
            ):
                if value not in known_values:
                    raise TableError(grid.path, f"unknown {column} {value!r}", row.line, column)
            placed.add(row, "session", sid)
            placements.append(Placement(sid, room, slot))
        problems = validate_grid(problem, placements)
        out = sys.stderr if args.output else sys.stdout
        for item in problems:
            print(f"{item.code}: {item.message}", file=out)
        # Everything the planner optimizes, so a hand-edited grid can be compared.
        clashes = conflicts_of(problem, placements)
        print(
            f"conflict weight {sum(c.weight for c in clashes)} in {len(clashes)} clashing "
            "pairs" + (":" if clashes else ""),
            file=out,
        )
        for c in clashes:
            print(
                f"  {c.session_a} + {c.session_b} (slot {c.slot}, weight {c.weight}): "
                + "; ".join(c.reasons),
                file=out,
            )
        if args.output:
            write_csv([(p.code, p.message) for p in problems], ["code", "message"], args.output)
        if args.conflicts:
            _write_conflicts(clashes, args.conflicts)
        return 1 if problems else 0
    result = plan_grid(problem, seed=args.seed, time_limit=args.time_limit)
    write_csv(
        [(p.session, p.room, p.slot) for p in result.placements],
        ["session", "room", "slot"],
        args.output,
    )
    q = result.quality
    _report_clock(q.time_limit_hit)
    _report(
        f"conflict weight {result.conflict_weight} in {len(result.conflicts)} clashes; "
        f"status {q.status} (bound {q.bound:g}, gap {q.gap:.1%})",
        *(
            f"  {c.session_a} + {c.session_b} (slot {c.slot}, weight {c.weight}): "
            + "; ".join(c.reasons)
            for c in result.conflicts
        ),
    )
    if args.conflicts:
        _write_conflicts(result.conflicts, args.conflicts)
    write_plans(grid_plan(problem, result), args)
    return 0


def _set(cell: str) -> frozenset[str]:
    """A "|"-separated cell ("step-free|hybrid") as a set."""
    return frozenset(part.strip() for part in cell.split("|") if part.strip())


def _write_conflicts(conflicts: Sequence[Conflict], path: str) -> None:
    write_csv(
        [(c.session_a, c.session_b, c.slot, c.weight, "; ".join(c.reasons)) for c in conflicts],
        ["session_a", "session_b", "slot", "weight", "reasons"],
        path,
    )
