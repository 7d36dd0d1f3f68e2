"""Preference assignment: put participants into topic groups from their wishes.

Fairness comes first: we minimize the rank of the worst-off participant, and only among
plans that achieve it do we maximize total satisfaction (equivalently minimize the sum
of ranks). The two stages are solved by one loop over rank caps (HiGHS by default, CP-SAT
on request; see ``assignment_models``):

1. For W = 1, 2, ... ask whether a plan exists that gives nobody anything worse than
   rank W. The first feasible W is optimal because every smaller one was proven
   infeasible.
2. With the rank cap W fixed, minimize the sum of ranks. In practice each cap is solved
   with the rank-sum objective right away, so the first feasible cap is also stage 2.

Groups have a capacity and a minimum size: a group with fewer than ``minimum`` people
is cancelled and its people go elsewhere. This is modelled with an ``open`` binary per
group: ``minimum * open <= size <= capacity * open``.

Ranks: 1 is a first choice. Ties are allowed (approval voting gives every approved group
rank 1). With ``R`` the largest rank anyone used, a group the participant did not rank
counts as rank ``R + 1`` and a missing place (when ``allow_unassigned``) as ``R + 2``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from quartier.engine.grouping.assignment_models import (
    CapProblem,
    solve_with_cpsat,
    solve_with_highs,
)
from quartier.engine.grouping.errors import Explanation, Infeasible, InvalidInput, NoSolutionFound
from quartier.engine.grouping.quality import Quality
from quartier.engine.grouping.solving import Budget


@dataclass(frozen=True)
class TopicGroup:
    """A group held in one time slot, with room for ``capacity`` and at least ``minimum``."""

    id: str
    capacity: int
    slot: str = ""
    minimum: int = 0


@dataclass(frozen=True)
class Participant:
    """Someone with wishes: ``ranks`` maps a group id to a rank (1 = first choice)."""

    id: str
    ranks: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def ranked(cls, participant_id: str, choices: Sequence[str]) -> Participant:
        """From an ordered list of group ids, best first."""
        return cls(participant_id, {g: r for r, g in enumerate(choices, start=1)})

    @classmethod
    def approving(cls, participant_id: str, groups: Collection[str]) -> Participant:
        """Approval wishes: every approved group is equally liked (rank 1)."""
        return cls(participant_id, dict.fromkeys(groups, 1))


@dataclass(frozen=True)
class AssignmentResult:
    """Who goes where, which groups are cancelled, and how happy people are.

    ``distribution[k]`` counts places given at rank ``k + 1``; ``unranked`` counts places
    in groups the participant did not rank, ``unassigned`` places left empty. ``worst_rank``
    is on the scale described in the module docstring; ``worst_rank_proven`` says whether
    every better cap was proven impossible. ``quality.objective`` is the sum of ranks.
    """

    assignments: Mapping[str, tuple[str, ...]]
    open_groups: tuple[str, ...]
    cancelled_groups: tuple[str, ...]
    group_sizes: Mapping[str, int]
    max_rank: int
    worst_rank: int
    worst_rank_proven: bool
    total_rank: int
    distribution: tuple[int, ...]
    unranked: int
    unassigned: int
    quality: Quality

    @property
    def satisfaction(self) -> int:
        """Borda-style points: a rank-r place earns ``max_rank + 2 - r``; empty earns 0."""
        places = sum(self.distribution) + self.unranked + self.unassigned
        return (self.max_rank + 2) * places - self.total_rank


def assign(
    participants: Sequence[Participant],
    groups: Sequence[TopicGroup],
    *,
    slot_capacity: Mapping[str, int] | None = None,
    attendance: int = 1,
    allow_unranked: bool = True,
    allow_unassigned: bool = False,
    seed: int = 0,
    time_limit: float = 10.0,
    solver: Literal["highs", "cp-sat"] = "highs",
) -> AssignmentResult:
    """Assign every participant to ``attendance`` groups, at most one per slot.

    ``solver`` picks the backend for each cap: HiGHS (MIP; default, since the LP
    relaxation of this transportation-like model is nearly integral) or CP-SAT.

    ``slot_capacity`` caps the number of people across all groups of a slot (e.g. the
    venue). ``allow_unranked`` lets the solver place people in groups they did not rank
    (as a last resort); ``allow_unassigned`` lets places stay empty instead of failing.
    """
    budget = Budget(time_limit)
    _validate(participants, groups, attendance)
    slots = sorted({g.slot for g in groups})
    if attendance > len(slots):
        raise Infeasible(
            "assign.attendance_exceeds_slots",
            f"Each participant should attend {attendance} groups, but there are only "
            f"{len(slots)} time slots and one group per slot.",
            {"attendance": attendance, "slots": len(slots)},
        )
    if not allow_unassigned:
        short = _explain_capacity(participants, groups, attendance, slot_capacity)
        if short:
            raise Infeasible("assign.infeasible", "Not enough places for everyone:", {}, (short,))
    max_rank = max((r for p in participants for r in p.ranks.values()), default=0)
    unranked_rank, unassigned_rank = max_rank + 1, max_rank + 2
    n = len(participants)

    ranks: dict[tuple[int, int], int] = {}
    for i, p in enumerate(participants):
        for k, g in enumerate(groups):
            rank = p.ranks.get(g.id)
            if rank is not None or allow_unranked:
                ranks[i, k] = unranked_rank if rank is None else rank
    caps = sorted({*ranks.values(), *([unassigned_rank] if allow_unassigned else [])}) or [1]

    spec = CapProblem(
        groups=tuple(groups),
        people=n,
        attendance=attendance,
        slots=tuple(slots),
        slot_capacity=dict(slot_capacity or {}),
        ranks=ranks,
        unassigned_rank=unassigned_rank,
        allow_unassigned=allow_unassigned,
    )
    solve_cap = solve_with_highs if solver == "highs" else solve_with_cpsat

    # Stages 1 and 2 in one loop: for W = 1, 2, ... minimize the rank sum under cap W.
    # The first cap with any plan is the fair optimum (all smaller caps were proven
    # infeasible) and its solve is already stage 2. Each cap gets its own model with only
    # the variables it allows, so the solver sees a small problem.
    # Each cap gets half of the deterministic work left (the last one all of it); the wall
    # clock is only the safety net, so the same seed gives the same plan under load.
    proven = True
    for position, w in enumerate(caps):
        last = position == len(caps) - 1
        work = budget.left() if last else budget.left() * 0.5
        outcome = solve_cap(spec, w, seed, budget.deadline.remaining(0.01), max(0.01, work))
        budget.used += outcome.work
        budget.clock_hit = budget.clock_hit or outcome.clock_hit
        if outcome.chosen is not None:
            worst = w
            break
        if not outcome.infeasible:
            proven = False  # ran out of time on this cap: cannot claim the next is best
    else:
        if not proven:
            raise NoSolutionFound(
                "assign.no_solution_in_time",
                f"No assignment found within {time_limit:g} seconds; allow more time.",
                {"time_limit": time_limit},
            )
        raise Infeasible(
            "assign.infeasible",
            "No assignment satisfies capacities, minimum sizes and slots together:",
            {},
            _explain(participants, groups, attendance, allow_unranked, slot_capacity),
        )
    result = summarize(participants, groups, outcome.chosen, attendance, max_rank)
    quality = Quality.of(
        float(result.total_rank),
        min(outcome.bound, float(result.total_rank)),
        budget.elapsed(),
        f"{solver} (lexicographic)",
        proven=outcome.optimal and proven,
        time_limit_hit=budget.hit,
    )
    return replace(result, worst_rank=worst, worst_rank_proven=proven, quality=quality)


def summarize(
    participants: Sequence[Participant],
    groups: Sequence[TopicGroup],
    chosen: Collection[tuple[int, int]],
    attendance: int,
    max_rank: int,
    quality: Quality | None = None,
) -> AssignmentResult:
    """Recompute every figure of a result from the chosen (participant, group) index pairs.

    Also used by tests and benchmarks to score plans made by other methods.
    """
    assignments: dict[str, list[str]] = {p.id: [] for p in participants}
    sizes = {g.id: 0 for g in groups}
    distribution = [0] * max_rank
    unranked = 0
    total = 0
    worst = 0
    for i, k in sorted(chosen):
        pid, gid = participants[i].id, groups[k].id
        assignments[pid].append(gid)
        sizes[gid] += 1
        rank = participants[i].ranks.get(gid)
        if rank is None:
            unranked += 1
            rank = max_rank + 1
        else:
            distribution[rank - 1] += 1
        total += rank
        worst = max(worst, rank)
    unassigned = sum(attendance - len(gs) for gs in assignments.values())
    total += unassigned * (max_rank + 2)
    if unassigned:
        worst = max_rank + 2
    return AssignmentResult(
        assignments={pid: tuple(gs) for pid, gs in assignments.items()},
        open_groups=tuple(g for g in sizes if sizes[g] > 0),
        cancelled_groups=tuple(g for g in sizes if sizes[g] == 0),
        group_sizes=sizes,
        max_rank=max_rank,
        worst_rank=worst,
        worst_rank_proven=False,
        total_rank=total,
        distribution=tuple(distribution),
        unranked=unranked,
        unassigned=unassigned,
        quality=quality or Quality.of(float(total), 0.0, 0.0, "recomputed"),
    )


def _validate(
    participants: Sequence[Participant], groups: Sequence[TopicGroup], attendance: int
) -> None:
    if attendance < 1:
        raise InvalidInput("assign.bad_attendance", "Attendance must be at least 1.", {})
    if not groups:
        raise InvalidInput("assign.no_groups", "There are no groups to assign people to.", {})
    seen: set[str] = set()
    for g in groups:
        if g.id in seen:
            raise InvalidInput("assign.duplicate_group", f"Group {g.id!r} appears twice.", {})
        seen.add(g.id)
        if g.capacity < 0 or g.minimum < 0 or g.minimum > g.capacity:
            raise InvalidInput(
                "assign.bad_group_size",
                f"Group {g.id!r} needs 0 <= minimum ({g.minimum}) <= capacity ({g.capacity}).",
                {"group": g.id, "minimum": g.minimum, "capacity": g.capacity},
            )
    people: set[str] = set()
    for p in participants:
        if p.id in people:
            raise InvalidInput(
                "assign.duplicate_participant",
                f"Participant {p.id!r} appears twice.",
                {"participant": p.id},
            )
        people.add(p.id)
        for gid, rank in p.ranks.items():
            if gid not in seen:
                raise InvalidInput(
                    "assign.unknown_group",
                    f"Participant {p.id!r} wishes for group {gid!r}, which does not exist.",
                    {"participant": p.id, "group": gid},
                )
            if rank < 1:
                raise InvalidInput(
                    "assign.bad_rank",
                    f"Participant {p.id!r} gave group {gid!r} rank {rank}; ranks start at 1.",
                    {"participant": p.id, "group": gid, "rank": rank},
                )


def _explain(
    participants: Sequence[Participant],
    groups: Sequence[TopicGroup],
    attendance: int,
    allow_unranked: bool,
    slot_capacity: Mapping[str, int] | None,
) -> tuple[Explanation, ...]:
    """Counting arguments that name what is short; the generic reason comes last."""
    reasons: list[Explanation] = []
    n = len(participants)
    short = _explain_capacity(participants, groups, attendance, slot_capacity)
    if short:
        reasons.append(short)
    if not allow_unranked:
        for p in participants:
            if len({groups[k].slot for k, g in enumerate(groups) if g.id in p.ranks}) < attendance:
                reasons.append(
                    Explanation(
                        "assign.too_few_wishes",
                        f"Participant {p.id} ranked too few groups (in distinct slots) to "
                        f"attend {attendance}, and unranked groups are not allowed.",
                        {"participant": p.id, "attendance": attendance},
                    )
                )
    for g in groups:
        if g.minimum > n:
            reasons.append(
                Explanation(
                    "assign.minimum_unreachable",
                    f"Group {g.id} needs at least {g.minimum} people but there are only {n}.",
                    {"group": g.id, "minimum": g.minimum},
                )
            )
    reasons.append(
        Explanation(
            "assign.minimum_sizes",
            "Groups below their minimum size are cancelled, which removes their places.",
            {},
        )
    )
    return tuple(reasons)


def _explain_capacity(
    participants: Sequence[Participant],
    groups: Sequence[TopicGroup],
    attendance: int,
    slot_capacity: Mapping[str, int] | None,
) -> Explanation | None:
    """Places needed vs offered; a slot serves each participant at most once."""
    n = len(participants)
    per_slot: dict[str, int] = {}
    for g in groups:
        per_slot[g.slot] = per_slot.get(g.slot, 0) + g.capacity
    for s, cap in (slot_capacity or {}).items():
        if s in per_slot:
            per_slot[s] = min(per_slot[s], cap)
    usable = sum(min(n, places) for places in per_slot.values())
    if usable >= n * attendance:
        return None
    return Explanation(
        "assign.capacity",
        f"{n} participants need {n * attendance} places, but the groups offer only {usable}"
        + (" usable ones (a slot serves each participant once)" if attendance > 1 else "")
        + ".",
        {"participants": n, "places_needed": n * attendance, "places": usable},
    )
