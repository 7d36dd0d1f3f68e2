"""A library of schedules in which everyone meets everyone, checked before every use.

``data/schedules.json`` holds schedules found offline (cyclic CP-SAT constructions and long
tabu searches, see ``python -m quartier.engine.grouping.rotation.build_library``). Nothing in
it is trusted: :func:`verified` re-checks that every round seats each person once, that
table sizes are within the bounds and that every pair meets, and the tests run that check
on every entry. A schedule for more people also serves fewer people: leaving people out
(*truncation*) keeps every pair of the others covered, as long as the tables that remain
stay within the organizer's bounds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

Schedule = list[list[list[int]]]

_PATH = Path(__file__).parent / "data" / "schedules.json"


@dataclass(frozen=True)
class LibraryEntry:
    people: int
    table_max: int
    rounds: tuple[tuple[tuple[int, ...], ...], ...]
    source: str


@cache
def entries() -> tuple[LibraryEntry, ...]:
    """Every stored schedule (read once)."""
    if not _PATH.exists():
        return ()
    raw = json.loads(_PATH.read_text(encoding="utf-8"))
    return tuple(
        LibraryEntry(
            item["people"],
            item["table_max"],
            tuple(tuple(tuple(t) for t in r) for r in item["rounds"]),
            item["source"],
        )
        for item in raw
    )


def verified(
    n: int, rounds: Sequence[Sequence[Sequence[int]]], table_min: int, table_max: int
) -> bool:
    """True when every round partitions 0..n-1 within the size bounds and all pairs meet."""
    met = [[False] * n for _ in range(n)]
    for tables in rounds:
        seen = sorted(p for t in tables for p in t)
        if seen != list(range(n)):
            return False
        for t in tables:
            if not table_min <= len(t) <= table_max:
                return False
            for i, a in enumerate(t):
                for b in t[i + 1 :]:
                    met[a][b] = met[b][a] = True
    return all(met[a][b] for a in range(n) for b in range(a + 1, n))


def truncate(rounds: Sequence[Sequence[Sequence[int]]], keep: int) -> Schedule:
    """The schedule for people 0..keep-1 only (empty tables dropped)."""
    out = []
    for tables in rounds:
        kept = [[p for p in t if p < keep] for t in tables]
        out.append([t for t in kept if t])
    return out


def lookup(n: int, table_min: int, table_max: int) -> tuple[Schedule, str] | None:
    """The shortest verified library schedule usable for ``n`` people within the bounds."""
    best: tuple[Schedule, str] | None = None
    for entry in entries():
        if entry.people < n or entry.table_max > table_max:
            continue
        if best is not None and len(entry.rounds) >= len(best[0]):
            continue
        rounds = truncate(entry.rounds, n)
        if verified(n, rounds, table_min, table_max):
            source = entry.source if entry.people == n else f"{entry.source}, truncated"
            best = (rounds, source)
    return best
