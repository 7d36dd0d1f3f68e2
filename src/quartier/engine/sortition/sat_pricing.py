"""Pricing by CP-SAT: find *an* improving panel fast, without proving anything.

Column generation needs many improving panels and only occasionally a proof that none
exists. HiGHS spends most of a pricing MIP's time on root-node cuts before its first
solution (about 80-200 ms on 300 types with exact quotas); CP-SAT with one worker and
presolve off finds an improving panel on the same models in about 10 ms. So CP-SAT
searches, and stops at the first panel that beats the threshold; the exact HiGHS MIP
(:meth:`PanelPolytope.improve`) is only asked when CP-SAT finds nothing within its
deterministic budget. One worker and a deterministic time limit keep runs reproducible.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from quartier.engine.sortition.panel_polytope import satisfies
from quartier.engine.sortition.person_types import TypedPool

SCALE = 1e7  # objective weights are scaled so the largest is this many units
BUDGET = 0.5  # deterministic seconds per search (about a wall second at worst)


class _Collector(cp_model.CpSolverSolutionCallback):
    """Keep every solution and stop at the first that beats ``goal`` (scaled units)."""

    def __init__(self, variables: list[cp_model.IntVar], goal: float) -> None:
        super().__init__()
        self._variables = variables
        self._goal = goal
        self.found: list[np.ndarray] = []

    def on_solution_callback(self) -> None:
        self.found.append(np.array([self.value(v) for v in self._variables], dtype=np.int64))
        if self.objective_value > self._goal:
            self.stop_search()


class SatPricing:
    """A CP-SAT model of the panels on a face (seat bounds, quota bounds, households)."""

    def __init__(
        self,
        pool: TypedPool,
        lower: np.ndarray,
        upper: np.ndarray,
        quota_bounds: list[tuple[int, int]],
        full_households: np.ndarray,
    ) -> None:
        self.pool = pool
        model = cp_model.CpModel()
        x = [model.new_int_var(int(lower[t]), int(upper[t]), f"x{t}") for t in range(pool.count)]
        model.add(sum(x) == pool.problem.panel_size)
        for members, (lo, hi) in zip(pool.quota_members, quota_bounds, strict=True):
            model.add_linear_constraint(sum(x[int(i)] for i in members), lo, hi)
        for members, full in zip(pool.households, full_households, strict=True):
            model.add_linear_constraint(sum(x[int(i)] for i in members), 1 if full else 0, 1)
        self.model = model
        self.x = x
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.cp_model_presolve = False
        solver.parameters.max_deterministic_time = BUDGET
        solver.parameters.random_seed = 0
        self.solver = solver
        self.calls = 0

    def improve(self, weights: np.ndarray, threshold: float, tolerance: float) -> list[np.ndarray]:
        """Panels with ``weights @ x > threshold + tolerance`` (possibly none)."""
        top = float(np.abs(weights).max())
        if top <= 0.0:
            return []
        scale = SCALE / top
        integral = np.rint(np.asarray(weights) * scale).astype(np.int64)
        nonzero = np.flatnonzero(integral)
        self.model.maximize(sum(int(integral[t]) * self.x[int(t)] for t in nonzero))
        # rounding moves a panel's scaled value by at most half a unit per seat
        seats = self.pool.problem.panel_size
        collector = _Collector(self.x, (threshold + tolerance) * scale + 0.5 * seats)
        self.calls += 1
        self.solver.solve(self.model, collector)
        return [
            counts
            for counts in collector.found
            if float(weights @ counts) > threshold + tolerance and satisfies(self.pool, counts)
        ]
