"""``quartier group rotate``: rounds of tables or pairs, optionally until all have met."""

from __future__ import annotations

import argparse

from quartier.commands.group_report import _report
from quartier.commands.group_tables import read_table, write_csv
from quartier.engine.grouping import plan_rotation, rounds_until_all_met
from quartier.engine.grouping.rotation import RotationPlan


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
