"""Grid results: placements in session order with the interest conflicts they cause.

One place to score a grid, so greedy, annealing and CP-SAT results compare exactly.
"""

from __future__ import annotations

from collections.abc import Collection

from quartier.engine.grouping.grid.problem import Conflict, GridProblem, GridResult, Placement
from quartier.engine.grouping.quality import Quality
from quartier.engine.grouping.solving import Budget, Deadline


def conflicts_of(problem: GridProblem, placements: Collection[Placement]) -> list[Conflict]:
    """Pairs of sessions running at the same time that should not, each with its reasons
    (shared interested participants, a shared track, a shared soft host)."""
    by_id = {s.id: s for s in problem.sessions}
    occupied: dict[str, tuple[str, ...]] = {}
    for p in placements:
        if p.session in by_id and p.slot in problem.slots:
            occupied[p.session] = problem.session_slots(by_id[p.session], p.slot)
    out = []
    for (a, b), parts in sorted(problem.conflict_reasons().items()):
        shared = [t for t in occupied.get(a, ()) if t in occupied.get(b, ())]
        if shared:
            weight = sum(w for w, _ in parts)
            out.append(Conflict(a, b, shared[0], weight, tuple(reason for _, reason in parts)))
    return out


def _result(
    problem: GridProblem,
    placements: Collection[Placement],
    bound: float,
    deadline: Deadline | Budget,
    method: str,
    *,
    proven: bool,
) -> GridResult:
    order = {s.id: k for k, s in enumerate(problem.sessions)}
    ordered = tuple(sorted(placements, key=lambda p: order[p.session]))
    conflicts = conflicts_of(problem, ordered)
    weight = sum(c.weight for c in conflicts)
    quality = Quality.of(
        float(weight),
        min(bound, float(weight)),
        deadline.elapsed(),
        method,
        proven=proven,
        time_limit_hit=deadline.hit,
    )
    return GridResult(ordered, tuple(conflicts), weight, quality)
