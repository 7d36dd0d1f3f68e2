"""Converting event rows to grouping-engine inputs, behind a small interface.

``plan_pairs`` and ``assign_groups`` call ``quartier.engine.grouping`` (CP-SAT/local
search). Should the engine be unavailable or fail, a seeded random pairing that avoids
repeats (and a greedy wish assignment) keeps the event running; the algorithm name is
stored with the round so the draw stays reproducible.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PairPlan:
    tables: list[list[str]]
    algorithm: str
    repeats: int


def _pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def fallback_pairs(
    people: Sequence[str], encounters: Mapping[tuple[str, str], int], seed: int
) -> PairPlan:
    """Seeded random pairs; tries a few shuffles and keeps the one with fewest repeats."""
    best: tuple[int, list[list[str]]] | None = None
    rng = random.Random(seed)
    for _attempt in range(200):
        order = list(people)
        rng.shuffle(order)
        tables = [order[i : i + 2] for i in range(0, len(order) - len(order) % 2, 2)]
        if len(order) % 2 and tables:
            tables[-1].append(order[-1])
        repeats = sum(
            encounters.get(_pair_key(a, b), 0) > 0
            for table in tables
            for i, a in enumerate(table)
            for b in table[i + 1 :]
        )
        if best is None or repeats < best[0]:
            best = (repeats, tables)
        if repeats == 0:
            break
    assert best is not None
    return PairPlan(tables=best[1], algorithm="random-shuffle", repeats=best[0])


def plan_pairs(
    people: Sequence[str], encounters: Mapping[tuple[str, str], int], seed: int
) -> PairPlan:
    """Next round of pairs (one trio for an odd count) avoiding earlier partners."""
    if len(people) < 2:
        return PairPlan(tables=[list(people)] if people else [], algorithm="none", repeats=0)
    try:
        from quartier.engine import grouping
    except ImportError:  # pragma: no cover - the engine ships with the package
        return fallback_pairs(people, encounters, seed)
    try:
        plan = grouping.plan_pairs(list(people), dict(encounters), seed=seed, time_limit=2.0)
    except grouping.GroupingError:
        return fallback_pairs(people, encounters, seed)
    tables = [list(table) for table in plan.rounds[0].tables]
    return PairPlan(tables=tables, algorithm="engine.grouping.plan_pairs", repeats=plan.new_repeats)


@dataclass(frozen=True)
class GroupSpec:
    id: str
    capacity: int
    slot: str


def assign_groups(
    wishes: Mapping[str, Sequence[str]],
    groups: Sequence[GroupSpec],
    seed: int,
    attendance: int = 1,
) -> tuple[dict[str, list[str]], str]:
    """Participant id → group ids (one per slot at most) from ranked wishes (first = 1)."""
    from quartier.engine import grouping

    participants = [
        grouping.Participant.ranked(pid, list(chosen)) for pid, chosen in wishes.items()
    ]
    topic_groups = [grouping.TopicGroup(g.id, capacity=g.capacity, slot=g.slot) for g in groups]
    try:
        result = grouping.assign(
            participants,
            topic_groups,
            attendance=attendance,
            allow_unranked=True,
            allow_unassigned=True,
            seed=seed,
            time_limit=5.0,
        )
    except grouping.GroupingError:
        return _greedy_assign(wishes, groups, seed), "greedy"
    return {pid: list(gids) for pid, gids in result.assignments.items()}, "engine.grouping.assign"


def _greedy_assign(
    wishes: Mapping[str, Sequence[str]], groups: Sequence[GroupSpec], seed: int
) -> dict[str, list[str]]:
    room = {g.id: g.capacity for g in groups}
    slot = {g.id: g.slot for g in groups}
    order = list(wishes)
    random.Random(seed).shuffle(order)
    placed: dict[str, list[str]] = {}
    for pid in order:
        for gid in wishes[pid]:
            # in rank order, the first wished group with room in each time slot
            if room.get(gid, 0) > 0 and all(slot[gid] != slot[g] for g in placed.get(pid, [])):
                room[gid] -= 1
                placed.setdefault(pid, []).append(gid)
    return placed
