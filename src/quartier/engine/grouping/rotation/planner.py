"""Planning rotations: fewest repeats for R rounds, or fewest rounds until all have met.

Exact constructions first, then local search, then (for small groups) CP-SAT covering
checks that either find a shorter plan or prove the lower bound.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from quartier.engine.grouping.covering import cover_within_bounds
from quartier.engine.grouping.designs import affine_rounds
from quartier.engine.grouping.errors import InvalidInput
from quartier.engine.grouping.known_results import best_known_rounds
from quartier.engine.grouping.rotation.bounds import (
    _overlap_floor,
    _repeat_floor,
    all_meet_bounds,
    deficit_bound,
    table_sizes,
)
from quartier.engine.grouping.rotation.constructions import _circle_rounds, _design
from quartier.engine.grouping.rotation.cover_search import search_cover
from quartier.engine.grouping.rotation.library import Schedule, lookup, verified
from quartier.engine.grouping.rotation.plan import (
    _MAX_ROUNDS,
    AllMeetAnswer,
    Encounters,
    RotationPlan,
)
from quartier.engine.grouping.rotation.search import _repeat_cost, _Search, _uncovered_cost
from quartier.engine.grouping.solving import WORK_PER_SECOND, Budget, Deadline

_EXACT_MAX_PEOPLE = 14  # CP-SAT covering checks beyond this size rarely finish in time
# Tabu work per nominal second of ``time_limit``: moves evaluated (one core here evaluates
# about 400 000 a second, so the search phase ends well before the wall-clock limit).
_TABU_MOVES_PER_SECOND = 200_000
# Annealing swaps per nominal second for a fixed number of rounds (about a third of what
# one core here manages, so the wall-clock safety net rarely has to cut).
_ANNEAL_MOVES_PER_SECOND = 40_000


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
    odd_trio: bool = False,
) -> RotationPlan:
    """``rounds`` rounds with as few repeated meetings as the search finds.

    ``odd_trio`` allows one table of 3 in pair rounds with an odd count (pair interviews).
    """
    people = _people(participants)
    _check_time_limit(time_limit)
    if not 1 <= rounds <= _MAX_ROUNDS:
        raise InvalidInput(
            "rotation.bad_rounds",
            f"Plan between 1 and {_MAX_ROUNDS} rounds.",
            {"rounds": rounds, "max_rounds": _MAX_ROUNDS},
        )
    sizes = table_sizes(len(people), table_min, table_max, odd_trio=odd_trio)
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
    # The moves, capped by the nominal limit (never by the time left), decide the result.
    moves = min(moves, int(_ANNEAL_MOVES_PER_SECOND * time_limit) + 1)
    search.anneal(moves, deadline, target=search.base_cost + int(bound))
    return search.plan(
        bound,
        deadline,
        proven=search.cost - search.base_cost <= bound,
        time_limit_hit=deadline.hit,
    )


def plan_next_round(
    participants: Sequence[str],
    previous_encounters: Encounters | None = None,
    *,
    table_min: int = 2,
    table_max: int = 4,
    seed: int = 0,
    time_limit: float = 2.0,
    odd_trio: bool = False,
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
        odd_trio=odd_trio,
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
        odd_trio=True,
    )


def rounds_until_all_met(
    participants: Sequence[str] | int,
    *,
    table_min: int = 2,
    table_max: int = 4,
    seed: int = 0,
    time_limit: float = 10.0,
    max_rounds: int | None = None,
    steps: int = 40_000,
) -> AllMeetAnswer:
    """Fewest rounds found after which every pair has met, with lower bounds.

    The seating pattern may change from round to round within ``table_min..table_max``
    (some optima need that: 7 people at tables of 1-3 meet in 4 rounds using 3+3+1 and
    3+2+2). Order: exact constructions and the verified library, then tabu search from
    the lower bound upwards, then (small groups) CP-SAT, which either finds a plan or
    proves that the lower bound cannot be reached. Every bound holds for any seating.
    """
    people = _people(participants)
    n = len(people)
    _check_time_limit(time_limit)
    sizes = table_sizes(n, table_min, table_max)
    per_person, counting = all_meet_bounds(n, table_min, table_max)
    deficit = deficit_bound(n, table_min, table_max, max(per_person, counting))
    lower = max(per_person, counting, deficit)
    equal = len(set(sizes)) == 1
    known = best_known_rounds(n, table_max) or (best_known_rounds(n, sizes[0]) if equal else None)
    # Work budgets, not seconds, decide how far each phase searches, so a seed gives the
    # same plan on a busy machine; the wall clock (90 % of the limit, the rest kept for the
    # summary) is only a safety net, reported in ``quality.time_limit_hit`` when it cuts.
    exact = n <= _EXACT_MAX_PEOPLE
    budget = Budget(time_limit * 0.9, work=WORK_PER_SECOND * time_limit * (0.6 if exact else 0))
    deadline = budget.deadline
    rng = random.Random(seed)
    best, method = _constructed(n, sizes, table_min, table_max)
    # Tabu search downwards: each success is the warm start (minus its last round) for one
    # round fewer; the first failure, the lower bound or the spent work stops it.
    tabu_work = int(_TABU_MOVES_PER_SECOND * time_limit * (0.4 if exact else 0.8))
    cap = min(_MAX_ROUNDS, max_rounds or 4 * lower + 10)

    def tabu(
        rounds: int, start: Sequence[Sequence[Sequence[int]]] | None = None
    ) -> Schedule | None:
        nonlocal tabu_work
        found, spent = search_cover(
            n,
            sizes,
            rounds,
            table_min,
            table_max,
            seed=seed * 7919 + rounds,
            steps=steps,
            deadline=deadline,
            start=start,
            work=tabu_work,
        )
        tabu_work -= spent
        return found

    proven_bound: int | None = None
    inconclusive = False

    def close_gap() -> None:
        """From below: CP-SAT either proves that ``lower`` rounds cannot work for any
        seating within the bounds (raising the bound) or finds such a plan."""
        nonlocal best, method, lower, proven_bound, inconclusive
        while best is not None and len(best) > lower and exact and not inconclusive:
            if budget.exhausted():
                return
            outcome = cover_within_bounds(
                n, table_min, table_max, lower, seed=seed, time_limit=time_limit, budget=budget
            )
            if outcome.rounds is not None:
                best, method = outcome.rounds, "cp-sat covering"
                return
            if not outcome.impossible:
                inconclusive = True
                return
            lower += 1
            proven_bound = lower

    # Small groups with a plan already: the exact check first (a proof or a shorter plan
    # is worth more than a search that cannot show anything), then tabu if still open.
    close_gap()
    if best is None:
        target = min(cap, 2 * lower)
        while best is None and target <= cap and tabu_work > 0 and not deadline.expired():
            best = tabu(target)
            method, target = "local-search (tabu)", target + max(1, lower // 2)
    while best is not None and len(best) > lower and tabu_work > 0 and not deadline.expired():
        shorter = tabu(len(best) - 1, best[:-1])
        if shorter is None:
            break
        best, method = shorter, "local-search (tabu)"
    if best is None:
        best, method = _greedy_cover(people, sizes, cap, seed, deadline)
    if best is None:
        return AllMeetAnswer(
            None,
            lower,
            per_person,
            counting,
            known,
            None,
            deficit_bound=deficit,
            time_limit_hit=budget.hit,
        )
    close_gap()
    label = list(range(n))
    if method.startswith(("construction", "library")):
        rng.shuffle(label)  # the seed decides who sits where in a fixed design
    final = _Search(people, sizes, None, _uncovered_cost, seed)
    final.rounds = []
    final.set_rounds([[[label[p] for p in t] for t in tables] for tables in best])
    final.method = method
    plan = final.plan(0.0, deadline, proven=True, time_limit_hit=budget.hit)
    return AllMeetAnswer(
        len(best),
        lower,
        per_person,
        counting,
        known,
        plan,
        search_bound=proven_bound,
        deficit_bound=deficit,
        time_limit_hit=budget.hit,
    )


def _constructed(
    n: int, sizes: Sequence[int], table_min: int, table_max: int
) -> tuple[list[list[list[int]]] | None, str]:
    """The shortest exact construction or verified library schedule that fits the bounds."""
    options: list[tuple[list[list[list[int]]], str]] = []
    if table_min <= 2 <= table_max and n % 2 == 0:
        options.append((_circle_rounds(n), "construction (circle method)"))
    if table_min <= 1 and table_max >= 2 and n % 2 == 1:
        rounds = [[[p for p in t if p < n] for t in r] for r in _circle_rounds(n + 1)]
        options.append((rounds, "construction (circle method, one sits out)"))
    if len(set(sizes)) == 1:
        design = affine_rounds(n, sizes[0])
        if design is not None:
            options.append((design, "construction (affine geometry)"))
    stored = lookup(n, table_min, table_max)
    if stored is not None:
        options.append((stored[0], f"library ({stored[1]})"))
    valid = [o for o in options if verified(n, o[0], table_min, table_max)]
    if not valid:
        return None, ""
    rounds, method = min(valid, key=lambda o: len(o[0]))
    return [[list(t) for t in r] for r in rounds], method


def _greedy_cover(
    people: list[str], sizes: Sequence[int], cap: int, seed: int, deadline: Deadline
) -> tuple[list[list[list[int]]] | None, str]:
    """Round-by-round greedy seating until everyone has met (the fallback)."""
    search = _Search(people, sizes, None, _uncovered_cost, seed)
    while search.cost > 0 and len(search.rounds) < cap and not deadline.expired():
        search.add_greedy_round(polish=2_000)
    if search.cost > 0:
        return None, ""
    return search.snapshot(), "greedy"


def _check_time_limit(time_limit: float) -> None:
    if not time_limit >= 0:  # also rejects NaN
        raise InvalidInput(
            "rotation.bad_time_limit",
            f"The time limit must be a number of seconds >= 0 (got {time_limit}).",
            {"time_limit": time_limit},
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
