"""``quartier group assign``: preferences (wide or long format) onto topic groups."""

from __future__ import annotations

import argparse

from quartier.commands.group_plans import write_plans
from quartier.commands.group_report import _report, _report_clock
from quartier.commands.group_tables import Row, Seen, Table, TableError, read_table, write_csv
from quartier.engine.grouping import Participant, TopicGroup, assign
from quartier.engine.grouping.plans import assignment_plan


def _assign(args: argparse.Namespace) -> int:
    groups_table = read_table(args.groups)
    groups_table.require("group", "capacity")
    groups: list[TopicGroup] = []
    group_line: dict[str, int] = {}
    for row in groups_table:
        gid = row.text("group")
        if gid in group_line:
            raise TableError(
                groups_table.path,
                f"group {gid!r} already on line {group_line[gid]}",
                row.line,
                "group",
            )
        group_line[gid] = row.line
        groups.append(
            TopicGroup(
                gid,
                _non_negative(row, "capacity"),
                slot=row.get("slot"),
                minimum=_non_negative(row, "min", 0),
            )
        )
    participants = _preferences(read_table(args.preferences), group_line)
    slot_capacity = None
    if args.slots:
        slots = read_table(args.slots)
        slots.require("slot", "capacity")
        group_slots = {g.slot for g in groups}
        seen_slots = Seen("slot")
        slot_capacity = {}
        for row in slots:
            slot = row.text("slot")
            seen_slots.add(row, "slot", slot)
            if slot not in group_slots:
                raise TableError(slots.path, f"no group is in slot {slot!r}", row.line, "slot")
            slot_capacity[slot] = _non_negative(row, "capacity")
    result = assign(
        participants,
        groups,
        slot_capacity=slot_capacity,
        attendance=args.attendance,
        allow_unranked=not args.no_unranked,
        allow_unassigned=args.allow_unassigned,
        seed=args.seed,
        time_limit=args.time_limit,
    )
    slot_of = {g.id: g.slot for g in groups}
    ranks = {p.id: p.ranks for p in participants}
    rows: list[tuple[object, ...]] = [
        (pid, gid, slot_of[gid], ranks[pid].get(gid, ""))
        for pid, gids in result.assignments.items()
        for gid in gids
    ]
    # People left without a place (--allow-unassigned) get a row with an empty group, so
    # the file lists everyone.
    for p in participants:
        missing = args.attendance - len(result.assignments.get(p.id, ()))
        rows += [(p.id, "", "", "")] * max(0, missing)
    write_csv(rows, ["participant", "group", "slot", "rank"], args.output)
    write_plans(assignment_plan(result, groups, [p.id for p in participants]), args)
    q = result.quality
    _report_clock(q.time_limit_hit)
    dist = ", ".join(f"#{k + 1}: {c}" for k, c in enumerate(result.distribution))
    _report(
        f"worst rank {result.worst_rank}{' (proven)' if result.worst_rank_proven else ''}; "
        f"{dist}; unranked {result.unranked}; unassigned {result.unassigned}",
        f"cancelled groups: {', '.join(result.cancelled_groups) or 'none'}",
        f"status {q.status}, rank sum {q.objective:g} (bound {q.bound:g}, gap {q.gap:.1%})",
    )
    return 0


def _preferences(table: Table, groups: dict[str, int]) -> list[Participant]:
    table.require("participant")
    ranks: dict[str, dict[str, int]] = {}
    if "group" in table.columns:  # long format
        table.require("rank")
        pairs = Seen("a rank for")
        for row in table:
            pid, gid = row.text("participant"), row.text("group")
            if gid not in groups:
                raise TableError(table.path, f"unknown group {gid!r}", row.line, "group")
            pairs.add(row, "group", (pid, gid), f"{pid} in group {gid}")
            rank = row.integer("rank")
            if rank < 1:
                raise TableError(table.path, "ranks start at 1", row.line, "rank")
            ranks.setdefault(pid, {})[gid] = rank
    else:
        choice_columns = [c for c in table.columns if c.startswith("choice")]
        if not choice_columns:
            raise TableError(
                table.path, "missing column (need group,rank or choice1...)", 1, "choice1"
            )
        people = Seen("participant")
        for row in table:
            pid = row.text("participant")
            people.add(row, "participant", pid)
            wishes = ranks.setdefault(pid, {})
            listed: dict[str, str] = {}
            for rank, column in enumerate(choice_columns, start=1):
                gid = row.get(column)
                if not gid:
                    continue
                if gid not in groups:
                    raise TableError(table.path, f"unknown group {gid!r}", row.line, column)
                if gid in listed:
                    raise TableError(
                        table.path,
                        f"group {gid!r} already listed in {listed[gid]}",
                        row.line,
                        column,
                    )
                listed[gid] = column
                wishes[gid] = rank
    return [Participant(pid, r) for pid, r in ranks.items()]


def _non_negative(row: Row, column: str, default: int | None = None) -> int:
    value = row.integer(column, default)
    if value < 0:
        raise TableError(row.path, f"{value} is negative", row.line, column)
    return value
