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
from typing import Any

from quartier.commands.group_assign import _assign
from quartier.commands.group_grid import _grid
from quartier.commands.group_plans import add_plan_options
from quartier.commands.group_rotate import _rotate
from quartier.commands.group_split import _split
from quartier.commands.group_tables import TableError
from quartier.engine.grouping import GroupingError, Infeasible, InvalidInput

Handler = Callable[[argparse.Namespace], int]


def _at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number >= minimum (argparse then exits with code 2)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum} (got {value})")
        return value

    parse.__name__ = f"whole number >= {minimum}"
    return parse


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 86_400:  # also rejects NaN and inf
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 86400 (got {text})")
    return value


PLANS_HELP = """\
plans (rotate, grid, assign): --schedule FILE (each person's plan), --matrix FILE (rooms or
tables x slots or rounds), --pdf KIND=FILE with KIND cards (table cards per round,
rotations only), poster (the matrix) or slips (a slip per person); --language de|en.
"""

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
ASSIGN_HELP += PLANS_HELP

GRID_HELP = """\
sessions file: session,host,interest,pinned_room,pinned_slot,allowed_slots,
  forbidden_slots,needs,length,track
  (host, allowed_slots, forbidden_slots and needs may list several values separated by
   "|"; interest = expected audience; needs = room features such as step-free|hybrid;
   length = consecutive slots (default 1); sessions of one track are kept apart;
   every column after interest is optional)
rooms file: room,capacity,features   (features optional, e.g. step-free|projector)
--soft-hosts (optional): host,weight rows; these hosts may run sessions at the same
  time at this cost per clashing pair (all other hosts: never)
--track-weight: cost of two sessions of one track at the same time (default 100)
--conflicts FILE: write every clashing pair with its weight and reasons
--slots: comma-separated slot names, or a file with a "slot" column
--availability (optional): host,slot rows listing the slots each listed host CAN attend
--interests (optional): participant,session rows; sessions wanted by the same people are
  kept apart (conflict weight = number of people wanting both)
--validate GRID: check a hand-edited grid (session,room,slot) instead of planning
output: session,room,slot
"""
GRID_HELP += PLANS_HELP


ROTATE_HELP = """\
people: --people N (numbered P01..PN) or --people-file with an "id" column.
--history (optional): a,b[,count] rows of earlier meetings to avoid.
--rounds R plans R rounds with the fewest repeated meetings; --until-all-met searches the
fewest rounds after which everyone has met everyone and prints the lower bound.
Pairs: --table-min 2 --table-max 2 (one table of 3 when the count is odd).
output: round,table,person
"""
ROTATE_HELP += PLANS_HELP


def register(subparsers: Any) -> None:
    """Add ``group`` and its four subcommands to the root parser."""
    group = subparsers.add_parser("group", help="balanced groups, preferences, grids, rotations")
    sub = group.add_subparsers(dest="group_command", metavar="SUBCOMMAND")
    group.set_defaults(handler=lambda args: _usage(group))

    p = _sub(sub, "split", "split people into balanced groups", SPLIT_HELP, _split)
    p.add_argument("people", help="people file (CSV or XLSX)")
    p.add_argument("--groups", type=_at_least(1), help="number of groups")
    p.add_argument("--size-min", type=_at_least(1), help="smallest group size")
    p.add_argument("--size-max", type=_at_least(1), help="largest group size")
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
    p.add_argument("--attendance", type=_at_least(1), default=1, help="groups per participant")
    p.add_argument("--no-unranked", action="store_true", help="only ever use ranked groups")
    p.add_argument("--allow-unassigned", action="store_true", help="leave places empty if needed")
    add_plan_options(p, cards=False)

    p = _sub(sub, "grid", "place open-space sessions into rooms and slots", GRID_HELP, _grid)
    p.add_argument("sessions", help="sessions file")
    p.add_argument("rooms", help="rooms file")
    p.add_argument("--slots", required=True, help="slot names or slots file")
    p.add_argument("--availability", help="host availability file")
    p.add_argument("--interests", help="participant interests file")
    p.add_argument("--validate", metavar="GRID", help="validate this grid instead of planning")
    p.add_argument("--soft-hosts", help="hosts whose clashes are allowed at a cost")
    p.add_argument("--track-weight", type=_at_least(0), default=100, help="cost of a track clash")
    p.add_argument("--conflicts", help="write the clashing pairs (CSV)")
    add_plan_options(p, cards=False)

    p = _sub(sub, "rotate", "plan rounds of tables or pairs", ROTATE_HELP, _rotate)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--people", type=_at_least(2), help="number of people")
    who.add_argument("--people-file", help="file with an id column")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--rounds", type=_at_least(1), help="number of rounds")
    how.add_argument("--until-all-met", action="store_true", help="fewest rounds to meet all")
    p.add_argument("--table-min", type=_at_least(1), default=2, help="smallest table")
    p.add_argument("--table-max", type=_at_least(1), default=4, help="largest table")
    p.add_argument("--history", help="earlier meetings (a,b[,count])")
    add_plan_options(p, cards=True)


def _sub(sub: Any, name: str, summary: str, epilog: str, run: Handler) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--seed", type=_at_least(0), default=0, help="random seed (same seed, same plan)"
    )
    parser.add_argument(
        "--time-limit", type=_seconds, default=10.0, help="seconds for the solver (> 0)"
    )
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
