"""Deterministic CP-SAT runs and work budgets shared by the grouping models.

Reproducibility: a result must depend on the inputs and the seed only, never on how busy
the machine is. So every search is cut by *work*, not by seconds:

- CP-SAT runs with ``num_workers=1``, ``random_seed=seed`` and ``max_deterministic_time``
  (CP-SAT's deterministic clock counts work done, not seconds);
- the local searches count moves or steps.

The budgets are derived from the caller's nominal ``time_limit`` (so a longer limit buys
more work) and, when several solves share one limit, split by the *deterministic* time
the earlier solves used (:class:`Budget`), never by the wall-clock time left. The wall
clock remains only as an outer safety net at ``time_limit``: when it cuts a search first
(a very busy machine), :attr:`Budget.clock_hit` is set and reported in the result's
``Quality.time_limit_hit``, because only then may the result differ between runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

OPTIMAL = cp_model.OPTIMAL
FEASIBLE = cp_model.FEASIBLE
INFEASIBLE = cp_model.INFEASIBLE

# Deterministic CP-SAT work per nominal second. CP-SAT's deterministic second is roughly
# one to two seconds of one core here, so half of the nominal limit leaves headroom for a
# loaded machine before the wall-clock safety net has to cut in.
WORK_PER_SECOND = 0.5


def make_solver(seed: int, time_limit: float, *, work: float | None = None) -> cp_model.CpSolver:
    """A single-worker solver with a fixed seed, a deterministic work limit and a wall
    limit as safety net. ``work`` defaults to ``WORK_PER_SECOND * time_limit``."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1
    params.random_seed = int(seed) % (2**31)
    params.max_time_in_seconds = max(0.01, float(time_limit))
    limit = WORK_PER_SECOND * float(time_limit) if work is None else float(work)
    params.max_deterministic_time = max(0.01, limit)
    return solver


def cut_by_clock(solver: cp_model.CpSolver, status: object) -> bool:
    """True when the wall-clock safety net, not the work limit, ended an unfinished solve."""
    if status in (OPTIMAL, INFEASIBLE):
        return False
    params = solver.parameters
    return (
        solver.wall_time >= 0.98 * params.max_time_in_seconds
        and solver.deterministic_time < 0.98 * params.max_deterministic_time
    )


@dataclass
class Deadline:
    """The wall-clock safety net: ``expired`` also remembers that it was hit."""

    time_limit: float
    hit: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.start = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def remaining(self, floor: float = 0.05) -> float:
        return max(floor, self.time_limit - self.elapsed())

    def expired(self) -> bool:
        if self.elapsed() >= self.time_limit:
            self.hit = True
        return self.hit


@dataclass
class Budget:
    """Deterministic CP-SAT work shared by successive solves, plus the wall safety net.

    ``work`` is in CP-SAT deterministic seconds; each solve takes a share of what is left
    and pays back what it used (``solver.deterministic_time``, itself deterministic).
    """

    time_limit: float
    work: float = -1.0
    deadline: Deadline = field(init=False)
    used: float = field(default=0.0, init=False)
    clock_hit: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        if self.work < 0:
            self.work = WORK_PER_SECOND * self.time_limit
        self.deadline = Deadline(self.time_limit)

    def left(self) -> float:
        return max(0.0, self.work - self.used)

    def solver(self, seed: int, share: float = 1.0, floor: float = 0.01) -> cp_model.CpSolver:
        """A solver allowed ``share`` of the remaining work (at least ``floor``)."""
        return make_solver(
            seed, self.deadline.remaining(0.01), work=max(floor, self.left() * share)
        )

    def solve(self, solver: cp_model.CpSolver, model: cp_model.CpModel) -> object:
        """Run ``solver`` on ``model`` and book the deterministic time it used."""
        status = solver.solve(model)
        self.used += solver.deterministic_time
        if cut_by_clock(solver, status):
            self.clock_hit = True
        return status

    def exhausted(self) -> bool:
        if self.deadline.expired():
            self.clock_hit = True
            return True
        return self.left() <= 0.0

    def elapsed(self) -> float:
        return self.deadline.elapsed()

    @property
    def hit(self) -> bool:
        return self.clock_hit or self.deadline.hit
