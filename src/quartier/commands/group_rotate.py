"""``quartier group rotate``: rounds of tables or pairs, optionally until all have met."""

from __future__ import annotations

import argparse

from quartier.commands.group_plans import write_plans
from quartier.commands.group_report import _report, _report_clock
from quartier.commands.group_tables import Seen, TableError, read_table, write_csv
from quartier.engine.grouping import plan_rotation, rounds_until_all_met
from quartier.engine.grouping.plans import rotation_plan
from quartier.engine.grouping.rotation import RotationPlan


def _rotate(args: argparse.Namespace) -> int:
    people: list[str] | int
    if args.people_file:
        table = read_table(args.people_file)
        table.require("id")
        seen = Seen("id")
        listed: list[str] = []
        for row in table:
            pid = row.text("id")
            seen.add(row, "id", pid)
            listed.append(pid)
        people, named = listed, set(listed)
    else:
        count: int = args.people
        width = len(str(count))
        people, named = count, {f"P{k:0{width}d}" for k in range(1, count + 1)}
    history: dict[tuple[str, str], int] = {}
    if args.history:
        past = read_table(args.history)
        past.require("a", "b")
        for row in past:
            a, b = row.text("a"), row.text("b")
            for column, pid in (("a", a), ("b", b)):
                if pid not in named:
                    raise TableError(past.path, f"unknown person {pid!r}", row.line, column)
            if a == b:
                raise TableError(past.path, "a person cannot meet themselves", row.line, "b")
            count = row.integer("count", 1)
            if count < 1:
                raise TableError(past.path, "the count must be at least 1", row.line, "count")
            key = (a, b) if a < b else (b, a)
            history[key] = history.get(key, 0) + count
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
        proof = (
            f", CP-SAT proof that {answer.lower_bound - 1} rounds fail"
            if answer.search_bound
            else ""
        )
        _report(
            f"rounds until all met: {answer.rounds_found or 'not found'}"
            + (f" ({plan.quality.method})" if plan else "")
            + f"; lower bound {answer.lower_bound} for any seating at tables of "
            f"{args.table_min}-{args.table_max} (per person {answer.per_person_bound}, "
            f"counting {answer.counting_bound}{proof})"
            + (f"; best known {known.rounds} ({known.source})" if known else "")
        )
        _report_clock(answer.time_limit_hit)
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
        _report_clock(plan.quality.time_limit_hit)
    if plan is None:
        return 1
    rows = [
        (r + 1, t + 1, person)
        for r, rnd in enumerate(plan.rounds)
        for t, table_ in enumerate(rnd.tables)
        for person in table_
    ]
    write_csv(rows, ["round", "table", "person"], args.output)
    write_plans(rotation_plan(plan), args)
    return 0
