"""Deterministic, time-limited CP-SAT runs shared by the grouping models.

Reproducibility: we run CP-SAT with ``num_workers=1`` and ``random_seed=seed``. A single
worker follows one search path, so for a given seed and model the result is identical
on every run *as long as the solve is not cut by the wall-clock limit*. To make cut-off
runs reproducible too, every solve also gets ``max_deterministic_time`` equal to its time
limit: CP-SAT's deterministic clock counts work, not seconds, so on an unloaded machine
the deterministic limit usually triggers first and the cut happens at the same point.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

OPTIMAL = cp_model.OPTIMAL
FEASIBLE = cp_model.FEASIBLE
INFEASIBLE = cp_model.INFEASIBLE


def make_solver(seed: int, time_limit: float) -> cp_model.CpSolver:
    """A single-worker solver with a fixed seed and both a wall and a deterministic limit."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1
    params.random_seed = int(seed) % (2**31)
    params.max_time_in_seconds = max(0.01, float(time_limit))
    params.max_deterministic_time = max(0.01, float(time_limit))
    return solver


@dataclass
class Deadline:
    """Splits one overall time limit between successive solves."""

    time_limit: float

    def __post_init__(self) -> None:
        self.start = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def remaining(self, floor: float = 0.05) -> float:
        return max(floor, self.time_limit - self.elapsed())

    def expired(self) -> bool:
        return self.elapsed() >= self.time_limit
