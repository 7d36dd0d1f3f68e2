"""``quartier group grid``: plan an open-space grid, or validate a hand-edited one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quartier.commands.group_report import _report
from quartier.commands.group_tables import TableError, read_table, write_csv
from quartier.engine.grouping import (
    GridProblem,
    GridSession,
    Placement,
    Room,
    plan_grid,
    validate_grid,
)


def _grid(args: argparse.Namespace) -> int:
    rooms_table = read_table(args.rooms)
    rooms_table.require("room", "capacity")
    rooms = tuple(Room(row.text("room"), row.integer("capacity")) for row in rooms_table)
    if Path(args.slots).is_file():
        slots_table = read_table(args.slots)
        slots_table.require("slot")
        slots = tuple(row.text("slot") for row in slots_table)
    else:
        slots = tuple(s.strip() for s in args.slots.split(",") if s.strip())
    table = read_table(args.sessions)
    table.require("session")
    room_ids = {r.id for r in rooms}
    sessions = []
    for row in table:
        pinned_room = row.get("pinned_room") or None
        pinned_slot = row.get("pinned_slot") or None
        if pinned_room and pinned_room not in room_ids:
            raise TableError(table.path, f"unknown room {pinned_room!r}", row.line, "pinned_room")
        if pinned_slot and pinned_slot not in slots:
            raise TableError(table.path, f"unknown slot {pinned_slot!r}", row.line, "pinned_slot")
        hosts = tuple(h.strip() for h in row.get("host").split("|") if h.strip())
        sessions.append(
            GridSession(
                row.text("session"), hosts, row.integer("interest", 0), pinned_room, pinned_slot
            )
        )
    availability: dict[str, frozenset[str]] = {}
    if args.availability:
        avail = read_table(args.availability)
        avail.require("host", "slot")
        collected: dict[str, set[str]] = {}
        for row in avail:
            slot = row.text("slot")
            if slot not in slots:
                raise TableError(avail.path, f"unknown slot {slot!r}", row.line, "slot")
            collected.setdefault(row.text("host"), set()).add(slot)
        availability = {h: frozenset(s) for h, s in collected.items()}
    interests: dict[str, frozenset[str]] = {}
    if args.interests:
        wants = read_table(args.interests)
        wants.require("participant", "session")
        known = {s.id for s in sessions}
        gathered: dict[str, set[str]] = {}
        for row in wants:
            sid = row.text("session")
            if sid not in known:
                raise TableError(wants.path, f"unknown session {sid!r}", row.line, "session")
            gathered.setdefault(row.text("participant"), set()).add(sid)
        interests = {p: frozenset(s) for p, s in gathered.items()}
    problem = GridProblem(tuple(sessions), rooms, slots, availability, interests)
    if args.validate:
        grid = read_table(args.validate)
        grid.require("session", "room", "slot")
        placements = [
            Placement(row.text("session"), row.text("room"), row.text("slot")) for row in grid
        ]
        problems = validate_grid(problem, placements)
        for item in problems:
            print(f"{item.code}: {item.message}", file=sys.stderr if args.output else sys.stdout)
        if args.output:
            write_csv([(p.code, p.message) for p in problems], ["code", "message"], args.output)
        return 1 if problems else 0
    result = plan_grid(problem, seed=args.seed, time_limit=args.time_limit)
    write_csv(
        [(p.session, p.room, p.slot) for p in result.placements],
        ["session", "room", "slot"],
        args.output,
    )
    q = result.quality
    _report(
        f"conflict weight {result.conflict_weight} in {len(result.conflicts)} clashes; "
        f"status {q.status} (bound {q.bound:g}, gap {q.gap:.1%})"
    )
    return 0
