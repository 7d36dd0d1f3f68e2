"""How good a returned plan is, and how sure we are about it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum


class SolveStatus(StrEnum):
    """``optimal``: proven best. ``feasible``: valid, but better ones may exist (see gap)."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"


@dataclass(frozen=True)
class Quality:
    """Solver report attached to every result.

    ``objective`` is the value of the returned plan, ``bound`` a proven bound on the best
    possible value (lower bound when minimizing, upper bound when maximizing), and ``gap``
    their relative distance (0 when proven optimal). ``method`` says what produced the plan
    (``cp-sat``, ``local-search``, ``construction``...), so a reader knows what the bound
    rests on. ``time_limit_hit`` says the wall-clock safety net cut the search before its
    deterministic work budget ran out: only then may the same seed give another result on
    a busier machine.
    """

    status: SolveStatus
    objective: float
    bound: float
    gap: float
    wall_time: float
    method: str
    time_limit_hit: bool = False

    @classmethod
    def of(
        cls,
        objective: float,
        bound: float,
        wall_time: float,
        method: str,
        *,
        proven: bool = False,
        time_limit_hit: bool = False,
    ) -> Quality:
        """Build a report, computing the gap; ``proven`` marks optimality shown by the solver."""
        gap = relative_gap(objective, bound)
        optimal = proven or gap <= 1e-9
        return cls(
            status=SolveStatus.OPTIMAL if optimal else SolveStatus.FEASIBLE,
            objective=objective,
            bound=objective if optimal and proven else bound,
            gap=0.0 if optimal else gap,
            wall_time=wall_time,
            method=method,
            time_limit_hit=time_limit_hit,
        )

    @property
    def is_optimal(self) -> bool:
        return self.status is SolveStatus.OPTIMAL


def relative_gap(objective: float, bound: float) -> float:
    """Gap as CP-SAT and MIP solvers define it: |objective - bound| / max(1, |objective|)."""
    if math.isinf(bound) or math.isnan(bound):
        return math.inf
    return abs(objective - bound) / max(1.0, abs(objective))
