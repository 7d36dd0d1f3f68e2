"""Planning rotations: fewest repeats for R rounds, or fewest rounds until all have met.

Exact constructions first, then local search, then (for small groups) CP-SAT covering
checks that either find a shorter plan or prove the lower bound.
"""

from __future__ import annotations

from collections.abc import Sequence

from quartier.engine.grouping.covering import cover_all_pairs
from quartier.engine.grouping.errors import InvalidInput
from quartier.engine.grouping.known_results import best_known_rounds
from quartier.engine.grouping.rotation.bounds import (
    _overlap_floor,
    _repeat_floor,
    all_meet_bounds,
    table_sizes,
)
from quartier.engine.grouping.rotation.constructions import _circle_rounds, _design
from quartier.engine.grouping.rotation.plan import (
    _MAX_ROUNDS,
    AllMeetAnswer,
    Encounters,
    RotationPlan,
)
from quartier.engine.grouping.rotation.search import _repeat_cost, _Search, _uncovered_cost
from quartier.engine.grouping.solving import Deadline

_EXACT_MAX_PEOPLE = 20  # CP-SAT covering checks beyond this size rarely finish in time


def plan_rotation(
    participants: Sequence[str] | int,
    rounds: int,
    *,
    table_min: int = 2,
    table_max: int = 4,
    previous_encounters: Encounters | None = None,
    seed: int = 0,
    time_limit: float = 10.0,
    moves: int = 200_000,
) -> RotationPlan:
    """``rounds`` rounds with as few repeated meetings as the search finds."""
    people = _people(participants)
    if not 1 <= rounds <= _MAX_ROUNDS:
        raise InvalidInput(
            "rotation.bad_rounds",
            f"Plan between 1 and {_MAX_ROUNDS} rounds.",
            {"rounds": rounds, "max_rounds": _MAX_ROUNDS},
        )
    sizes = table_sizes(len(people), table_min, table_max)
    search = _Search(people, sizes, previous_encounters, _repeat_cost, seed)
    deadline = Deadline(time_limit)
    met_before = search.history_pairs()
    bound = float(
        max(_repeat_floor(len(people), sizes, rounds, met_before), _overlap_floor(sizes, rounds))
    )
    design = _design(len(people), sizes, search) if met_before == 0 else None
    if design:
        search.set_rounds(design[:rounds])
        search.method = "construction (affine geometry)"
    while len(search.rounds) < rounds:
        search.add_greedy_round()
    # Stop as soon as the lower bound is reached: the plan is then provably optimal.
    search.anneal(moves, deadline, target=search.base_cost + int(bound))
    return search.plan(bound, deadline, proven=search.cost - search.base_cost <= bound)


def plan_next_round(
    participants: Sequence[str],
    previous_encounters: Encounters | None = None,
    *,
    table_min: int = 2,
    table_max: int = 4,
    seed: int = 0,
    time_limit: float = 2.0,
) -> RotationPlan:
    """One more round given who already met whom (live events: plan as you go)."""
    return plan_rotation(
        participants,
        1,
        table_min=table_min,
        table_max=table_max,
        previous_encounters=previous_encounters,
        seed=seed,
        time_limit=time_limit,
        moves=20_000,
    )


def plan_pairs(
    participants: Sequence[str],
    previous_encounters: Encounters | None = None,
    *,
    seed: int = 0,
    time_limit: float = 2.0,
) -> RotationPlan:
    """Next round of pair interviews avoiding earlier partners; one trio if the count is odd."""
    return plan_next_round(
        participants,
        previous_encounters,
        table_min=2,
        table_max=2,
        seed=seed,
        time_limit=time_limit,
    )


def rounds_until_all_met(
    participants: Sequence[str] | int,
    *,
    table_min: int = 2,
    table_max: int = 4,
    seed: int = 0,
    time_limit: float = 10.0,
    max_rounds: int | None = None,
) -> AllMeetAnswer:
    """Fewest rounds found after which every pair has met, with lower bounds."""
    people = _people(participants)
    n = len(people)
    sizes = table_sizes(n, table_min, table_max)
    per_person, counting = all_meet_bounds(n, table_min, table_max)
    lower = max(per_person, counting)
    equal = len(set(sizes)) == 1
    known = best_known_rounds(n, sizes[0]) if equal else None
    deadline = Deadline(time_limit)
    if equal and sizes[0] == 2:  # the circle method is optimal and instant
        search = _Search(people, sizes, None, _uncovered_cost, seed)
        search.set_rounds(_circle_rounds(n))
        search.method = "construction (circle method)"
        plan = search.plan(0.0, deadline, proven=True)
        return AllMeetAnswer(n - 1, lower, per_person, counting, known, plan)
    search = _Search(people, sizes, None, _uncovered_cost, seed)
    design = _design(n, sizes, search)
    if design:  # exact: every pair meets once, in as many rounds as the lower bound
        search.set_rounds(design)
        search.method = "construction (affine geometry)"
        return AllMeetAnswer(
            len(design), lower, per_person, counting, known, search.plan(0.0, deadline, proven=True)
        )
    cap = min(_MAX_ROUNDS, max_rounds or 4 * lower + 10)
    search = _Search(people, sizes, None, _uncovered_cost, seed)
    while search.cost > 0 and len(search.rounds) < cap and not deadline.expired():
        search.add_greedy_round(polish=2_000)
    if search.cost > 0:
        return AllMeetAnswer(None, lower, per_person, counting, known, None)
    best = search.snapshot()
    # Try one round fewer each time, starting from the best plan minus its last round.
    exact = n <= _EXACT_MAX_PEOPLE  # leave 40 % of the time to the exact check
    search_deadline = Deadline(time_limit * (0.6 if exact else 1.0) - deadline.elapsed())
    while len(best) > lower and not search_deadline.expired():
        found = None
        for attempt in range(3):  # a fixed number of restarts keeps runs reproducible
            trial = _Search(people, sizes, None, _uncovered_cost, seed + 7919 * attempt)
            trial.set_rounds(best[:-1])
            trial.anneal(60_000 * len(best) * (attempt + 1), search_deadline)
            if trial.cost == 0:
                found = trial.snapshot()
                break
        if found is None:
            break
        best = found
    # Close the gap from below with exact checks: CP-SAT either proves that R rounds cannot
    # work (raising the bound) or finds such a plan.
    proven_bound = None
    while len(best) > lower and exact and not deadline.expired():
        outcome = cover_all_pairs(
            n, sizes, lower, seed=seed, time_limit=deadline.remaining() / (len(best) - lower)
        )
        if outcome.rounds is not None:
            best = outcome.rounds
            break
        if not outcome.impossible:
            break
        lower += 1
        proven_bound = lower
    final = _Search(people, sizes, None, _uncovered_cost, seed)
    final.set_rounds(best)
    plan = final.plan(0.0, deadline, proven=True)
    return AllMeetAnswer(
        len(best), lower, per_person, counting, known, plan, search_bound=proven_bound
    )


def _people(participants: Sequence[str] | int) -> list[str]:
    if isinstance(participants, int):
        width = len(str(participants))
        return [f"P{k:0{width}d}" for k in range(1, participants + 1)]
    people = [str(p) for p in participants]
    if len(set(people)) != len(people):
        dup = next(p for p in people if people.count(p) > 1)
        raise InvalidInput(
            "rotation.duplicate_person", f"Person {dup!r} appears twice.", {"person": dup}
        )
    return people
