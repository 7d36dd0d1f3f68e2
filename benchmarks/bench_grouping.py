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
- programme grid: 58 sessions, 12 rooms, 5 slots with room features, allowed slots,
  two-slot workshops, tracks and soft host clashes (see ``programme_instance``).
- rotations: see bench_grouping_rotations.py (table against best-known values).
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


# --- programme grid -----------------------------------------------------------------------


def programme_instance(seed: int) -> GridProblem:
    """A breakout programme shaped like a real one: 58 session-slots in 12 rooms x 5 slots.

    Rooms: 12 with capacities 15-120; 4 step-free, 3 hybrid, 8 with a projector. Sessions:
    55, of them 3 two-slot workshops (58 session-slots of 60 places); 6 tracks of 6-7
    sessions plus open sessions; 10 need step-free access, 6 hybrid equipment, 20 a
    projector; 8 only in the morning (t1-t2), 6 never in the last slot; 45 hosts, 10 of
    them with two sessions, 4 of those may clash at a cost of 20; 6 hosts are available
    in 3 slots only; 420 participants with 5 wishes each.
    """
    rng = random.Random(seed)
    slots = tuple(f"t{k}" for k in range(1, 6))
    caps = [15, 20, 20, 25, 25, 30, 30, 40, 40, 60, 80, 120]
    rooms = []
    for k, cap in enumerate(caps):
        features = set()
        if k % 3 == 0:
            features.add("step-free")
        if k in (7, 9, 11):
            features.add("hybrid")
        if k % 3 != 1 or cap >= 60:
            features.add("projector")
        rooms.append(Room(f"room{k + 1:02d}", cap, frozenset(features)))
    ids = [f"s{i:02d}" for i in range(55)]
    tracks = ["mobility", "housing", "climate", "youth", "culture", "care"]
    hosts = [f"h{i:02d}" for i in range(48)]
    double = hosts[:10]
    host_of = {sid: (hosts[i] if i < 45 else double[i - 45],) for i, sid in enumerate(ids)}
    popularity = {sid: rng.random() ** 2 + 0.03 for sid in ids}
    interests = {}
    for p in range(420):
        wanted: set[str] = set()
        while len(wanted) < 5:
            wanted.add(rng.choices(ids, [popularity[i] for i in ids])[0])
        interests[f"p{p:03d}"] = frozenset(wanted)
    audience = dict.fromkeys(ids, 0)
    for wanted in interests.values():
        for sid in wanted:
            audience[sid] += 1
    order = ids[:]
    rng.shuffle(order)
    step_free = set(order[:10])
    hybrid = set(order[10:16])
    projector = set(order[16:36])
    long_ = set(order[36:39])
    morning = set(order[39:47])
    not_last = set(order[47:53])
    sessions = []
    for i, sid in enumerate(ids):
        needs = set()
        if sid in step_free:
            needs.add("step-free")
        if sid in hybrid:
            needs.add("hybrid")
        if sid in projector:
            needs.add("projector")
        sessions.append(
            GridSession(
                sid,
                host_of[sid],
                interest=min(110, int(audience[sid] * 0.35)),
                needs=frozenset(needs),
                length=2 if sid in long_ else 1,
                allowed_slots=frozenset(slots[:2]) if sid in morning else None,
                forbidden_slots=frozenset({slots[-1]}) if sid in not_last else frozenset(),
                track=tracks[i % 6] if i < 40 else None,
            )
        )
    availability = {h: frozenset(rng.sample(slots, 3)) for h in hosts[20:26]}
    soft = {h: 20 for h in double[:4]}
    return GridProblem(
        tuple(sessions),
        tuple(rooms),
        slots,
        availability,
        interests,
        soft_hosts=soft,
        track_weight=50,
    )


def bench_programme(quick: bool) -> list[str]:
    from quartier.engine.grouping.grid.lower_bound import (
        conflict_lower_bound,
        pigeonhole_bound,
        slot_mates_bound,
    )
    from quartier.engine.grouping.grid.programme_search import (
        greedy_programme,
        improve_programme,
    )
    from quartier.engine.grouping.grid.result import conflicts_of
    from quartier.engine.grouping.grid.search import anneal_moves

    rows = [
        "| case | method | conflict weight | clashing pairs | track clashes | soft host clashes "
        "| bound | status | time (s) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    problem = programme_instance(5)
    label = "55 sessions (3 two-slot), 12 rooms, 5 slots, 420 people, features, tracks"
    start = time.perf_counter()
    greedy = greedy_programme(problem, seed=1)
    g_time = time.perf_counter() - start
    if greedy is not None:
        clashes = conflicts_of(problem, greedy)
        rows.append(_programme_row(label, "greedy", clashes, "-", "-", g_time))
    else:  # 58 session-slots in 60 places: packing greedily by conflict cost gets stuck
        rows.append(f"| {label} | greedy | no grid found | - | - | - | - | - | {g_time:.2f} |")
    limit = 10.0 if quick else 60.0
    if greedy is not None:
        start = time.perf_counter()
        moves = min(300_000, 5_000 * len(problem.sessions), anneal_moves(limit))
        annealed = greedy
        for reheat in range(3):
            annealed = improve_programme(problem, annealed, seed=1 + reheat, moves=moves)
        a_time = time.perf_counter() - start
        clashes = conflicts_of(problem, annealed)
        rows.append(
            _programme_row(
                label, f"greedy + annealing (3 x {moves} moves)", clashes, "-", "-", a_time
            )
        )
    start = time.perf_counter()
    bounds = (slot_mates_bound(problem), pigeonhole_bound(problem), conflict_lower_bound(problem))
    b_time = time.perf_counter() - start
    start = time.perf_counter()
    result = plan_grid(problem, seed=1, time_limit=limit)
    elapsed = time.perf_counter() - start
    rows.append(
        _programme_row(
            label,
            result.quality.method + f", {limit:g} s limit",
            list(result.conflicts),
            f"{result.quality.bound:g}",
            str(result.quality.status),
            elapsed,
        )
    )
    rows.append("")
    rows.append(
        f"Lower bounds on the conflict weight of any grid ({b_time:.2f} s): slot-mates "
        f"{bounds[0]}, pigeonhole groups (tracks, then heavy groups) {bounds[1]}; reported "
        f"bound max(CP-SAT, counting) = {result.quality.bound:g}, gap "
        f"{result.quality.gap:.1%} (see quartier.engine.grouping.grid.lower_bound)."
    )
    rows.append(
        f"Deterministic: wall-clock safety net hit: {result.quality.time_limit_hit}. "
        f"Load average during the run: {os.getloadavg()[0]:.1f}."
    )
    return rows


def _programme_row(label, method, clashes, bound, status, seconds) -> str:
    weight = sum(c.weight for c in clashes)
    tracks = sum(1 for c in clashes if any(r.startswith("same track") for r in c.reasons))
    hosts = sum(1 for c in clashes if any("(soft)" in r for r in c.reasons))
    return (
        f"| {label} | {method} | {weight} | {len(clashes)} | {tracks} | {hosts} | {bound} | "
        f"{status} | {seconds:.2f} |"
    )


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
        ("Open-space grid: a realistic programme", bench_programme),
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
