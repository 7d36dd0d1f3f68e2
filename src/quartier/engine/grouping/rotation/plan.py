"""What a rotation plan is: rounds of tables and the meeting statistics reported with them.

Meetings are counted per pair, including meetings from earlier sessions
(``previous_encounters``), so a plan can continue where a previous event stopped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quartier.engine.grouping.known_results import KnownResult
from quartier.engine.grouping.quality import Quality

Encounters = Mapping[tuple[str, str], int]


_MAX_ROUNDS = 1000


@dataclass(frozen=True)
class Round:
    tables: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class RotationPlan:
    """Rounds plus meeting statistics (history included).

    ``repeats`` sums ``max(0, meetings - 1)`` over pairs; ``new_repeats`` only counts those
    created by these rounds. ``all_met_after`` is the first round after which every pair
    has met (None if never). ``quality.objective`` is the search objective (see module).
    """

    rounds: tuple[Round, ...]
    repeats: int
    new_repeats: int
    pairs_met: int
    pairs_total: int
    all_met_after: int | None
    quality: Quality


@dataclass(frozen=True)
class AllMeetAnswer:
    """How many rounds until everyone has met everyone: best found vs lower bound.

    ``lower_bound`` is the largest of the per-person bound, the counting bound, the
    deficit bound (``bounds.deficit_bound``) and ``search_bound``, set when CP-SAT proved
    that every smaller number of rounds fails. All hold for any seating within the bounds.
    """

    rounds_found: int | None
    lower_bound: int
    per_person_bound: int
    counting_bound: int
    best_known: KnownResult | None
    plan: RotationPlan | None
    search_bound: int | None = None
    deficit_bound: int | None = None
    time_limit_hit: bool = False  # the wall-clock safety net cut a search (see solving)

    @property
    def proven_optimal(self) -> bool:
        return self.rounds_found is not None and self.rounds_found == self.lower_bound


def encounters(
    rounds: Sequence[Round], previous: Encounters | None = None
) -> dict[tuple[str, str], int]:
    """Meetings per unordered pair (keys sorted), history included."""
    counts: dict[tuple[str, str], int] = {}
    for (a, b), c in (previous or {}).items():
        key = (a, b) if a < b else (b, a)
        counts[key] = counts.get(key, 0) + c
    for r in rounds:
        for table in r.tables:
            for i, a in enumerate(table):
                for b in table[i + 1 :]:
                    key = (a, b) if a < b else (b, a)
                    counts[key] = counts.get(key, 0) + 1
    return counts


def summarize(
    people: Sequence[str], rounds: Sequence[Round], history: Encounters | None, quality: Quality
) -> RotationPlan:
    """Recompute the meeting statistics of a plan from its rounds."""
    before = encounters((), history)
    after = encounters(rounds, history)
    people_set = set(people)
    total = len(people) * (len(people) - 1) // 2
    met = sum(1 for (a, b), c in after.items() if c and a in people_set and b in people_set)
    repeats = sum(max(0, c - 1) for c in after.values())
    old = sum(max(0, c - 1) for c in before.values())
    all_met_after = None
    for k in range(1, len(rounds) + 1):
        counts = encounters(rounds[:k], history)
        if (
            sum(1 for (a, b), c in counts.items() if c and a in people_set and b in people_set)
            == total
        ):
            all_met_after = k
            break
    return RotationPlan(tuple(rounds), repeats, repeats - old, met, total, all_met_after, quality)
