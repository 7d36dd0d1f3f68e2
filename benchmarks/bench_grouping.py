"""Benchmarks of the grouping engine against simple greedy baselines (same process).

    .venv/bin/python benchmarks/bench_grouping.py [--quick]

Writes markdown tables to benchmarks/results/grouping.md and prints them. Instances are
synthetic and seeded, so a rerun on the same machine gives the same plans unless a
wall-clock limit cuts a search short.

Cases
- assignment: 500 participants, 25 groups in each of 3 slots (75 groups); each participant
  ranks 5 groups and gets one (attendance 1); group capacities 6-12, minimum 3, popularity
  skewed. A second row has everyone attend one group per slot (attendance 3) with 5 ranked
  wishes per slot.
- grid: 60 sessions, 12 rooms, 8 slots, 300 participants with 6 wishes each (skewed).
- rotations: "how many rounds until everyone has met everyone", n = 12..30 at tables of
  3-6, plus equal-table cases where a design theorem gives the optimum.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import time
from importlib import metadata
from pathlib import Path

from quartier.engine.grouping import (
    GridProblem,
    GridSession,
    NoSolutionFound,
    Participant,
    Room,
    TopicGroup,
    assign,
    greedy_grid,
    plan_grid,
    rounds_until_all_met,
    table_sizes,
)
from quartier.engine.grouping.assignment import summarize

RESULTS = Path(__file__).parent / "results" / "grouping.md"

# --- assignment ---------------------------------------------------------------------------


def assignment_instance(seed: int, people: int, per_slot_wishes: bool):
    rng = random.Random(seed)
    groups = []
    for s in range(3):
        for k in range(25):
            cap = rng.randint(18, 26) if per_slot_wishes else rng.randint(6, 12)
            groups.append(TopicGroup(f"s{s}g{k:02d}", cap, slot=f"s{s}", minimum=3))
    popularity = {g.id: rng.random() ** (1 if per_slot_wishes else 2) + 0.05 for g in groups}
    participants = []
    for i in range(people):
        pools = (
            [[g.id for g in groups if g.slot == f"s{s}"] for s in range(3)]
            if per_slot_wishes
            else [[g.id for g in groups]]
        )
        ranks: dict[str, int] = {}
        for pool in pools:
            chosen: list[str] = []
            while len(chosen) < 5:
                pick = rng.choices(pool, [popularity[g] for g in pool])[0]
                if pick not in chosen:
                    chosen.append(pick)
            ranks.update({g: r for r, g in enumerate(chosen, start=1)})
        participants.append(Participant(f"p{i:03d}", ranks))
    return participants, groups


def greedy_assignment(participants, groups, attendance: int, seed: int):
    """Serial dictatorship in random order, then cancel under-minimum groups and reseat."""
    rng = random.Random(seed)
    order = list(range(len(participants)))
    rng.shuffle(order)
    slot = {k: g.slot for k, g in enumerate(groups)}
    closed: set[int] = set()
    while True:
        size = [0] * len(groups)
        chosen: set[tuple[int, int]] = set()
        for i in order:
            ranks = participants[i].ranks
            options = sorted(
                (k for k in range(len(groups)) if k not in closed),
                key=lambda k: (ranks.get(groups[k].id, 99), rng.random()),
            )
            used_slots: set[str] = set()
            for k in options:
                if len(used_slots) == attendance:
                    break
                if size[k] < groups[k].capacity and slot[k] not in used_slots:
                    chosen.add((i, k))
                    size[k] += 1
                    used_slots.add(slot[k])
        under = [k for k, g in enumerate(groups) if 0 < size[k] < g.minimum and k not in closed]
        if not under:
            break
        closed.add(min(under, key=lambda k: size[k]))
    max_rank = max(r for p in participants for r in p.ranks.values())
    return summarize(participants, groups, chosen, attendance, max_rank)


def bench_assignment(quick: bool) -> list[str]:
    rows = [
        "| case | method | worst rank | 1st | 2nd | 3rd | 4th | 5th | unranked | rank sum | "
        "cancelled | status | gap | time (s) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    people = 200 if quick else 500
    for attendance, per_slot in ((1, False), (3, True)):
        if quick and attendance == 3:
            continue
        participants, groups = assignment_instance(7, people, per_slot)
        label = f"{people} people, 25 groups x 3 slots, attend {attendance}"
        start = time.perf_counter()
        greedy = greedy_assignment(participants, groups, attendance, seed=1)
        g_time = time.perf_counter() - start
        rows.append(_assign_row(label, "greedy (serial dictatorship)", greedy, "-", "-", g_time))
        limit = 10.0 if quick else 60.0
        for solver in ("highs", "cp-sat"):
            start = time.perf_counter()
            try:
                result = assign(
                    participants,
                    groups,
                    attendance=attendance,
                    seed=1,
                    time_limit=limit,
                    solver=solver,  # type: ignore[arg-type]
                )
            except NoSolutionFound:
                rows.append(f"| {label} | {solver} | no plan within {limit:g} s |" + " |" * 11)
                continue
            elapsed = time.perf_counter() - start
            worst = f"{result.worst_rank}{'' if result.worst_rank_proven else ' (unproven)'}"
            rows.append(
                _assign_row(
                    label,
                    f"{solver} lexicographic",
                    result,
                    str(result.quality.status),
                    f"{result.quality.gap:.1%}",
                    elapsed,
                    worst,
                )
            )
    return rows


def _assign_row(label, method, r, status, gap, seconds, worst=None) -> str:
    dist = list(r.distribution) + [0] * (5 - len(r.distribution))
    worst = worst or str(r.worst_rank)
    return (
        f"| {label} | {method} | {worst} | "
        + " | ".join(str(d) for d in dist[:5])
        + f" | {r.unranked + r.unassigned} | {r.total_rank} | {len(r.cancelled_groups)} | "
        f"{status} | {gap} | {seconds:.2f} |"
    )


# --- grid ---------------------------------------------------------------------------------


def grid_instance(seed: int, sessions: int, rooms: int, slots: int, people: int) -> GridProblem:
    rng = random.Random(seed)
    ids = [f"s{i:02d}" for i in range(sessions)]
    popularity = [rng.random() ** 2 + 0.02 for _ in ids]
    interests = {}
    for p in range(people):
        wanted: set[str] = set()
        while len(wanted) < 6:
            wanted.add(rng.choices(ids, popularity)[0])
        interests[f"p{p:03d}"] = frozenset(wanted)
    audience = dict.fromkeys(ids, 0)
    for wanted in interests.values():
        for s in wanted:
            audience[s] += 1
    slot_names = tuple(f"t{k}" for k in range(slots))
    hosts: list[str] = []
    for i in range(sessions):  # a quarter of the hosts run two sessions
        shared = [h for h in set(hosts) if hosts.count(h) == 1]
        hosts.append(rng.choice(sorted(shared)) if shared and rng.random() < 0.25 else f"h{i}")
    grid_sessions = tuple(
        GridSession(s, hosts=(h,), interest=int(audience[s] * 0.6))
        for s, h in zip(ids, hosts, strict=True)
    )
    caps = [20, 30, 40, 60, 100]
    room_list = tuple(Room(f"r{k:02d}", caps[k % len(caps)]) for k in range(rooms))
    availability = {h: frozenset(rng.sample(slot_names, slots - 2)) for h in set(hosts[:5])}
    return GridProblem(grid_sessions, room_list, slot_names, availability, interests)


def bench_grid(quick: bool) -> list[str]:
    rows = [
        "| case | method | conflict weight | clashing pairs | bound | status | time (s) |",
        "|---|---|---|---|---|---|---|",
    ]
    size = (30, 6, 6, 150) if quick else (60, 12, 8, 300)
    problem = grid_instance(3, *size)
    label = f"{size[0]} sessions, {size[1]} rooms, {size[2]} slots, {size[3]} people"
    start = time.perf_counter()
    greedy = greedy_grid(problem, seed=1)
    g_time = time.perf_counter() - start
    if greedy is not None:
        rows.append(
            f"| {label} | greedy | {greedy.conflict_weight} | {len(greedy.conflicts)} | - | - | "
            f"{g_time:.2f} |"
        )
    limit = 10.0 if quick else 60.0
    start = time.perf_counter()
    result = plan_grid(problem, seed=1, time_limit=limit)
    elapsed = time.perf_counter() - start
    rows.append(
        f"| {label} | annealing + cp-sat | {result.conflict_weight} | {len(result.conflicts)} | "
        f"{result.quality.bound:g} | {result.quality.status} | {elapsed:.2f} |"
    )
    return rows


# --- rotations ----------------------------------------------------------------------------


def greedy_rounds_until_all_met(n: int, table_min: int, table_max: int, seed: int) -> int:
    """Seat people one by one at the table where they know fewest; count rounds."""
    rng = random.Random(seed)
    sizes = table_sizes(n, table_min, table_max)
    met = [[False] * n for _ in range(n)]
    missing = n * (n - 1) // 2
    rounds = 0
    while missing and rounds < 500:
        rounds += 1
        order = list(range(n))
        rng.shuffle(order)
        tables: list[list[int]] = [[] for _ in sizes]
        for who in order:
            options = [t for t in range(len(sizes)) if len(tables[t]) < sizes[t]]
            best = min(options, key=lambda t: (sum(met[who][o] for o in tables[t]), rng.random()))
            tables[best].append(who)
        for table in tables:
            for i, a in enumerate(table):
                for b in table[i + 1 :]:
                    if not met[a][b]:
                        met[a][b] = met[b][a] = True
                        missing -= 1
    return rounds


def bench_rotations(quick: bool) -> list[str]:
    rows = [
        "| people | tables | sizes per round | greedy | found | lower bound (person, counting"
        "[; raised by a CP-SAT infeasibility proof]) "
        "| best known | time (s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    cases = [(n, 3, 6) for n in range(12, 31)]
    cases += [(12, 2, 2), (9, 3, 3), (15, 3, 3), (21, 3, 3), (27, 3, 3), (16, 4, 4), (28, 4, 4)]
    cases += [(25, 5, 5), (12, 4, 4), (18, 3, 3), (20, 4, 4), (24, 4, 4), (30, 5, 5)]
    if quick:
        cases = [(12, 3, 6), (20, 3, 6), (9, 3, 3), (15, 3, 3), (16, 4, 4)]
    limit = 3.0 if quick else 8.0
    for n, lo, hi in cases:
        sizes = table_sizes(n, lo, hi)
        greedy = greedy_rounds_until_all_met(n, lo, hi, seed=1)
        start = time.perf_counter()
        answer = rounds_until_all_met(n, table_min=lo, table_max=hi, seed=1, time_limit=limit)
        elapsed = time.perf_counter() - start
        known = (
            f"{answer.best_known.rounds} ({answer.best_known.source})" if answer.best_known else "-"
        )
        found = "-" if answer.rounds_found is None else str(answer.rounds_found)
        if answer.proven_optimal:
            found += " (optimal)"
        size_text = "+".join(str(s) for s in sizes)
        rows.append(
            f"| {n} | {lo}-{hi} | {size_text} | {greedy} | {found} | {answer.lower_bound} "
            f"({answer.per_person_bound}, {answer.counting_bound}"
            f"{'; cp-sat proof' if answer.search_bound else ''}) | {known} | {elapsed:.2f} |"
        )
    return rows


# --- main ---------------------------------------------------------------------------------


def header(quick: bool) -> list[str]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return [
        "# Grouping engine benchmarks",
        "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC" + (" (quick run)" if quick else ""),
        f"- machine: {platform.machine()}, {os.cpu_count()} cores (shared), "
        f"{platform.system()} {platform.release()}",
        f"- versions: Python {platform.python_version()}, ortools {version('ortools')}, "
        f"highspy {version('highspy')}",
        "- CP-SAT runs single-threaded with a fixed seed (see quartier.engine.grouping.solving)",
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small instances, under a minute")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    lines = header(args.quick)
    sections = (
        ("Preference assignment", bench_assignment),
        ("Open-space grid", bench_grid),
        ("Rotations: rounds until everyone has met everyone", bench_rotations),
    )
    for title, run in sections:
        print(f"running: {title}", file=sys.stderr, flush=True)
        lines += [f"## {title}", "", *run(args.quick), ""]
    lines.append(f"Total benchmark time: {time.perf_counter() - started:.0f} s.")
    text = "\n".join(lines) + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
