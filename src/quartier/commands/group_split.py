"""``quartier group split``: a people file (plus optional pair files) into balanced groups."""

from __future__ import annotations

import argparse

from quartier.commands.group_report import _report, _report_clock
from quartier.commands.group_tables import TableError, read_table, write_csv
from quartier.engine.grouping import Person, split


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
    _report_clock(q.time_limit_hit)
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
