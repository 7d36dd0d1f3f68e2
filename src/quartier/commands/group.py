"""``quartier group split|assign|grid|rotate``: the grouping engine from the command line.

Inputs are CSV (UTF-8 or cp1252, ``,`` or ``;``) or XLSX; outputs are UTF-8 CSV on
standard output or ``--output``. Column names are case-insensitive. Exit codes: 0 done,
1 no plan exists (the reasons are printed), 2 the input is wrong (file, line and column
are printed).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quartier.commands.group_tables import Table, TableError, read_table, write_csv
from quartier.engine.grouping import (
    GridProblem,
    GridSession,
    GroupingError,
    Infeasible,
    InvalidInput,
    Participant,
    Person,
    Placement,
    Room,
    TopicGroup,
    assign,
    plan_grid,
    plan_rotation,
    rounds_until_all_met,
    split,
    validate_grid,
)
from quartier.engine.grouping.rotation import RotationPlan

Handler = Callable[[argparse.Namespace], int]

SPLIT_HELP = """\
people file: one row per person, column "id" plus any attribute columns
(e.g. id,age_band,gender,neighbourhood). Every other column is balanced, except columns
whose values are all different (names); --attributes lists the ones to use instead.
pair files (--together/--apart): columns "a","b" with person ids.
output: columns id,group (groups numbered from 1); the balance report goes to stderr.
"""

ASSIGN_HELP = """\
preferences file, either
  wide:  participant,choice1,choice2,...   (group ids, best first; blank cells allowed)
  long:  participant,group,rank            (rank 1 = best; equal ranks = approval)
groups file: group,slot,capacity,min   (slot and min optional; min 0 = no minimum size)
slots file (--slots, optional): slot,capacity   (people across all groups of the slot)
output: participant,group,slot,rank   (rank empty when the group was not ranked)
A group below its minimum is cancelled and its people are reassigned.
"""

GRID_HELP = """\
sessions file: session,host,interest,pinned_room,pinned_slot
  (host may list several hosts separated by "|"; interest = expected audience;
   pins optional)
rooms file: room,capacity
--slots: comma-separated slot names, or a file with a "slot" column
--availability (optional): host,slot rows listing the slots each listed host CAN attend
--interests (optional): participant,session rows; sessions wanted by the same people are
  kept apart (conflict weight = number of people wanting both)
--validate GRID: check a hand-edited grid (session,room,slot) instead of planning
output: session,room,slot
"""

ROTATE_HELP = """\
people: --people N (numbered P01..PN) or --people-file with an "id" column.
--history (optional): a,b[,count] rows of earlier meetings to avoid.
--rounds R plans R rounds with the fewest repeated meetings; --until-all-met searches the
fewest rounds after which everyone has met everyone and prints the lower bound.
Pairs: --table-min 2 --table-max 2 (one table of 3 when the count is odd).
output: round,table,person
"""


def register(subparsers: Any) -> None:
    """Add ``group`` and its four subcommands to the root parser."""
    group = subparsers.add_parser("group", help="balanced groups, preferences, grids, rotations")
    sub = group.add_subparsers(dest="group_command", metavar="SUBCOMMAND")
    group.set_defaults(handler=lambda args: _usage(group))

    p = _sub(sub, "split", "split people into balanced groups", SPLIT_HELP, _split)
    p.add_argument("people", help="people file (CSV or XLSX)")
    p.add_argument("--groups", type=int, help="number of groups")
    p.add_argument("--size-min", type=int, help="smallest group size")
    p.add_argument("--size-max", type=int, help="largest group size")
    p.add_argument("--unequal", action="store_true", help="allow sizes to differ by more than 1")
    p.add_argument("--attributes", help="comma-separated attribute columns to balance")
    p.add_argument(
        "--weight", action="append", default=[], metavar="ATTR=W", help="attribute weight"
    )
    p.add_argument("--together", help="pairs that must share a group")
    p.add_argument("--apart", help="pairs that must be in different groups")

    p = _sub(sub, "assign", "assign participants to topic groups", ASSIGN_HELP, _assign)
    p.add_argument("preferences", help="preferences file")
    p.add_argument("groups", help="groups file")
    p.add_argument("--slots", help="slots file with capacities")
    p.add_argument("--attendance", type=int, default=1, help="groups per participant")
    p.add_argument("--no-unranked", action="store_true", help="only ever use ranked groups")
    p.add_argument("--allow-unassigned", action="store_true", help="leave places empty if needed")

    p = _sub(sub, "grid", "place open-space sessions into rooms and slots", GRID_HELP, _grid)
    p.add_argument("sessions", help="sessions file")
    p.add_argument("rooms", help="rooms file")
    p.add_argument("--slots", required=True, help="slot names or slots file")
    p.add_argument("--availability", help="host availability file")
    p.add_argument("--interests", help="participant interests file")
    p.add_argument("--validate", metavar="GRID", help="validate this grid instead of planning")

    p = _sub(sub, "rotate", "plan rounds of tables or pairs", ROTATE_HELP, _rotate)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--people", type=int, help="number of people")
    who.add_argument("--people-file", help="file with an id column")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--rounds", type=int, help="number of rounds")
    how.add_argument("--until-all-met", action="store_true", help="fewest rounds to meet all")
    p.add_argument("--table-min", type=int, default=2)
    p.add_argument("--table-max", type=int, default=4)
    p.add_argument("--history", help="earlier meetings (a,b[,count])")


def _sub(sub: Any, name: str, summary: str, epilog: str, run: Handler) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same plan)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds for the solver")
    parser.add_argument("--output", "-o", help="output CSV (default: standard output)")
    parser.set_defaults(handler=lambda args: _guarded(run, args))
    return parser


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _guarded(run: Handler, args: argparse.Namespace) -> int:
    try:
        return run(args)
    except TableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Infeasible as exc:
        print(f"no plan: {exc}", file=sys.stderr)
        return 1
    except InvalidInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except GroupingError as exc:
        print(f"no plan: {exc}", file=sys.stderr)
        return 1


def _report(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)


# --- split ----------------------------------------------------------------------------------


def _split(args: argparse.Namespace) -> int:
    table = read_table(args.people)
    table.require("id")
    people: list[Person] = []
    seen_at: dict[str, int] = {}
    for row in table:
        pid = row.text("id")
        if pid in seen_at:
            raise TableError(
                table.path, f"id {pid!r} already used on line {seen_at[pid]}", row.line, "id"
            )
        seen_at[pid] = row.line
        attrs = {c: row.get(c) for c in table.columns if c and c != "id"}
        people.append(Person(pid, attrs))
    attributes = [  # columns where every value differs are names or ids, not attributes
        c
        for c in table.columns
        if c and c != "id" and len({p.attributes[c] for p in people}) < len(people)
    ]
    if args.attributes:
        attributes = [a.strip().lower() for a in args.attributes.split(",") if a.strip()]
        for attr in attributes:
            table.require(attr)
    weights = {}
    for item in args.weight:
        name, _, value = item.partition("=")
        try:
            weights[name.strip().lower()] = int(value)
        except ValueError:
            raise TableError("--weight", f"{item!r} is not ATTR=WHOLE_NUMBER") from None
    together = _pairs(args.together, seen_at) if args.together else []
    apart = _pairs(args.apart, seen_at) if args.apart else []
    result = split(
        people,
        groups=args.groups,
        size_min=args.size_min,
        size_max=args.size_max,
        equal_sizes=not args.unequal,
        attributes=attributes,
        weights=weights,
        together=together,
        apart=apart,
        seed=args.seed,
        time_limit=args.time_limit,
    )
    rows = [(pid, g + 1) for g, members in enumerate(result.groups) for pid in members]
    write_csv(rows, ["id", "group"], args.output)
    q = result.quality
    _report(
        f"{len(result.groups)} groups, sizes {[len(g) for g in result.groups]}; "
        f"status {q.status}, deviation {q.objective:.2f} (bound {q.bound:.2f}, gap {q.gap:.1%})"
    )
    for b in result.balance:
        _report(f"  {b.attribute}: total deviation {b.deviation:.2f}, max {b.max_deviation:.2f}")
    return 0


def _pairs(path: str, known: dict[str, int]) -> list[tuple[str, str]]:
    table = read_table(path)
    table.require("a", "b")
    pairs = []
    for row in table:
        a, b = row.text("a"), row.text("b")
        for column, pid in (("a", a), ("b", b)):
            if pid not in known:
                raise TableError(table.path, f"unknown person {pid!r}", row.line, column)
        pairs.append((a, b))
    return pairs


# --- assign ---------------------------------------------------------------------------------


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
                gid, row.integer("capacity"), slot=row.get("slot"), minimum=row.integer("min", 0)
            )
        )
    participants = _preferences(read_table(args.preferences), group_line)
    slot_capacity = None
    if args.slots:
        slots = read_table(args.slots)
        slots.require("slot", "capacity")
        slot_capacity = {row.text("slot"): row.integer("capacity") for row in slots}
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
    rows = [
        (pid, gid, slot_of[gid], ranks[pid].get(gid, ""))
        for pid, gids in result.assignments.items()
        for gid in gids
    ]
    write_csv(rows, ["participant", "group", "slot", "rank"], args.output)
    q = result.quality
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
        for row in table:
            pid, gid = row.text("participant"), row.text("group")
            if gid not in groups:
                raise TableError(table.path, f"unknown group {gid!r}", row.line, "group")
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
        for row in table:
            pid = row.text("participant")
            wishes = ranks.setdefault(pid, {})
            for rank, column in enumerate(choice_columns, start=1):
                gid = row.get(column)
                if not gid:
                    continue
                if gid not in groups:
                    raise TableError(table.path, f"unknown group {gid!r}", row.line, column)
                wishes.setdefault(gid, rank)
    return [Participant(pid, r) for pid, r in ranks.items()]


# --- grid -----------------------------------------------------------------------------------


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


# --- rotate ---------------------------------------------------------------------------------


def _rotate(args: argparse.Namespace) -> int:
    people: list[str] | int
    if args.people_file:
        table = read_table(args.people_file)
        table.require("id")
        people = [row.text("id") for row in table]
    else:
        people = args.people
    history: dict[tuple[str, str], int] = {}
    if args.history:
        past = read_table(args.history)
        past.require("a", "b")
        for row in past:
            key = (row.text("a"), row.text("b"))
            history[key] = history.get(key, 0) + row.integer("count", 1)
    plan: RotationPlan | None
    if args.until_all_met:
        answer = rounds_until_all_met(
            people,
            table_min=args.table_min,
            table_max=args.table_max,
            seed=args.seed,
            time_limit=args.time_limit,
        )
        plan = answer.plan
        known = answer.best_known
        _report(
            f"rounds until all met: {answer.rounds_found or 'not found'}; lower bound "
            f"{answer.lower_bound} (per person {answer.per_person_bound}, counting "
            f"{answer.counting_bound})"
            + (f"; best known {known.rounds} ({known.source})" if known else "")
        )
    else:
        plan = plan_rotation(
            people,
            args.rounds,
            table_min=args.table_min,
            table_max=args.table_max,
            previous_encounters=history,
            seed=args.seed,
            time_limit=args.time_limit,
        )
        _report(
            f"{plan.pairs_met} of {plan.pairs_total} pairs met, {plan.new_repeats} repeated "
            f"meetings; status {plan.quality.status}"
        )
    if plan is None:
        return 1
    rows = [
        (r + 1, t + 1, person)
        for r, rnd in enumerate(plan.rounds)
        for t, table_ in enumerate(rnd.tables)
        for person in table_
    ]
    write_csv(rows, ["round", "table", "person"], args.output)
    return 0
