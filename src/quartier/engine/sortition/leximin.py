"""LEXIMIN (and MAXIMIN as its first level) by column generation over type panels.

Flanigan, Gölz, Gupta, Hennig and Procaccia (Nature 2021): maximise the smallest
selection probability, fix the types that cannot do better, then maximise the next
smallest, and so on. Each level is the LP

    max z   s.t.  sum_P p_P = 1,   sum_P p_P x_{P,t} / n_t >= z  (t unfixed),
                  sum_P p_P x_{P,t} / n_t >= f_t  (t fixed),   p >= 0

over all feasible panels P. Only a few panels are kept as columns; the row duals
``y_t`` of the type rows price a new panel (the MIP ``max sum_t y_t x_t / n_t``), which
enters when it beats the dual of the convexity row. When none does, the level is
optimal, ``max_P y.x/n - sum_fixed f_t y_t`` is a proven upper bound (the *gap* we
report), and complementary slackness says every type with a positive dual is tight in
every optimum, so those are fixed. One HiGHS model lives through all levels: fixing
a type only changes one coefficient and one bound, so the simplex restarts warm.
"""

from __future__ import annotations

import time

import highspy
import numpy as np

from quartier.engine.sortition.column_generation import (
    PanelSet,
    Progress,
    cover_types,
    no_progress,
)
from quartier.engine.sortition.distribution import Distribution, make_distribution
from quartier.engine.sortition.errors import SortitionError
from quartier.engine.sortition.panel_polytope import INF, PanelPolytope, quiet_highs
from quartier.engine.sortition.person_types import TypedPool

PRICING_TOLERANCE = 1e-10
FIX_SLACK = 1e-10


class _Master:
    """The restricted primal LP; panels are columns, types are rows."""

    def __init__(self, pool: TypedPool, selectable: np.ndarray) -> None:
        self.pool = pool
        h = quiet_highs()
        h.setOptionValue("solver", "simplex")
        h.addVar(0.0, 1.0)  # z
        h.changeColCost(0, 1.0)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.addRow(1.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))
        for t in range(pool.count):
            if selectable[t]:
                h.addRow(0.0, INF, 1, np.array([0], dtype=np.int32), np.array([-1.0]))
            else:
                h.addRow(-INF, INF, 0, np.array([], dtype=np.int32), np.array([]))
        self.highs = h
        self.columns = 0

    def add_panel(self, counts: np.ndarray) -> None:
        nz = np.flatnonzero(counts)
        index = np.concatenate(([0], nz + 1)).astype(np.int32)
        value = np.concatenate(([1.0], counts[nz] / self.pool.sizes[nz]))
        self.highs.addCol(0.0, 0.0, INF, len(index), index, value)
        self.columns += 1

    def solve(self) -> tuple[float, float, np.ndarray, np.ndarray]:
        """Return z, the convexity dual, the type duals y_t >= 0 and the panel weights."""
        h = self.highs
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise SortitionError(
                "solver_failed",
                f"the LP solver stopped with status {h.modelStatusToString(h.getModelStatus())}",
            )
        sol = h.getSolution()
        col = np.array(sol.col_value)
        dual = np.array(sol.row_dual)
        y = np.clip(-dual[1:], 0.0, None)
        return float(col[0]), float(dual[0]), y, col[1:]

    def fix(self, t: int, probability: float) -> None:
        self.highs.changeCoeff(t + 1, 0, 0.0)
        self.highs.changeRowBounds(t + 1, max(0.0, probability - FIX_SLACK), INF)


def find_leximin(
    pool: TypedPool,
    *,
    levels: int | None = None,
    progress: Progress = no_progress,
    algorithm: str = "leximin",
) -> Distribution:
    """Exact LEXIMIN distribution (``levels=1`` stops after the MAXIMIN level)."""
    started = time.perf_counter()
    polytope = PanelPolytope(pool)
    panels = PanelSet()
    first = polytope.any_panel()
    if first is None:
        raise SortitionError("infeasible", "no panel satisfies the quotas")
    panels.add(first)
    selectable = cover_types(polytope, panels)
    master = _Master(pool, selectable)
    for counts in panels.panels:
        master.add_panel(counts)
    fixed = np.full(pool.count, np.nan)
    fixed[~selectable] = 0.0
    progress(algorithm, int(np.sum(~np.isnan(fixed))), pool.count)
    worst_gap = 0.0
    first_upper: float | None = None
    level = 0
    weights = np.zeros(0)
    while np.isnan(fixed).any():
        level += 1
        while True:
            z, convexity, y, weights = master.solve()
            priced = polytope.best(y / pool.sizes)
            if priced is None:
                raise SortitionError("solver_failed", "the pricing MIP failed")
            if priced.value > convexity + PRICING_TOLERANCE and panels.add(priced.counts):
                master.add_panel(priced.counts)
                continue
            break
        unfixed = np.isnan(fixed)
        fixed_mass = float(np.nansum(np.where(unfixed, 0.0, fixed) * y))
        upper = priced.bound - fixed_mass
        worst_gap = max(worst_gap, upper - z)
        if first_upper is None:
            first_upper = upper
        candidates = np.flatnonzero(unfixed & (y > 1e-7))
        if len(candidates) == 0:
            candidates = np.array([int(np.argmax(np.where(unfixed, y, -1.0)))])
        for t in candidates:
            fixed[t] = z
            master.fix(int(t), z)
        progress(algorithm, int(np.sum(~np.isnan(fixed))), pool.count)
        if levels is not None and level >= levels:
            break
    if len(weights) < len(panels):  # the last solve always covers every column
        weights = np.concatenate((weights, np.zeros(len(panels) - len(weights))))
    result = make_distribution(
        algorithm,
        pool,
        panels.panels,
        weights,
        runtime_s=time.perf_counter() - started,
        pricing_calls=polytope.calls,
    )
    return _with_bound(result, worst_gap)


def _with_bound(result: Distribution, gap: float) -> Distribution:
    gap = max(0.0, gap)
    return Distribution(
        algorithm=result.algorithm,
        pool=result.pool,
        panels=result.panels,
        weights=result.weights,
        type_probabilities=result.type_probabilities,
        probabilities=result.probabilities,
        min_probability=result.min_probability,
        objective=result.min_probability,
        upper_bound=result.min_probability + gap,
        gap=gap,
        runtime_s=result.runtime_s,
        pricing_calls=result.pricing_calls,
    )


def find_maximin(pool: TypedPool, *, progress: Progress = no_progress) -> Distribution:
    """MAXIMIN: only the first LEXIMIN level (the smallest probability is optimal)."""
    return find_leximin(pool, levels=1, progress=progress, algorithm="maximin")
