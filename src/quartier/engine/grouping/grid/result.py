"""Grid results: placements in session order with the interest conflicts they cause.

One place to score a grid, so greedy, annealing and CP-SAT results compare exactly.
"""

from __future__ import annotations

from collections.abc import Collection

from quartier.engine.grouping.grid.problem import Conflict, GridProblem, GridResult, Placement
from quartier.engine.grouping.quality import Quality
from quartier.engine.grouping.solving import Deadline


def conflicts_of(problem: GridProblem, placements: Collection[Placement]) -> list[Conflict]:
    """Pairs of sessions sharing a slot that have interested participants in common."""
    slot_of = {p.session: p.slot for p in placements}
    return [
        Conflict(a, b, slot_of[a], w)
        for (a, b), w in sorted(problem.conflict_weights().items())
        if a in slot_of and b in slot_of and slot_of[a] == slot_of[b]
    ]


def _result(
    problem: GridProblem,
    placements: Collection[Placement],
    bound: float,
    deadline: Deadline,
    method: str,
    *,
    proven: bool,
) -> GridResult:
    order = {s.id: k for k, s in enumerate(problem.sessions)}
    ordered = tuple(sorted(placements, key=lambda p: order[p.session]))
    conflicts = conflicts_of(problem, ordered)
    weight = sum(c.weight for c in conflicts)
    quality = Quality.of(
        float(weight), min(bound, float(weight)), deadline.elapsed(), method, proven=proven
    )
    return GridResult(ordered, tuple(conflicts), weight, quality)
