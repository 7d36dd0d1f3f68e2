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

Most new columns come from cheap seat exchanges on basis panels (:mod:`panel_swaps`)
and a loose-gap MIP; only the exact MIP may end a level, so the shortcuts never weaken
the optimality proof.
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
from quartier.engine.sortition.panel_polytope import (
    EXACT_GAP,
    HEURISTIC_GAP,
    INF,
    PanelPolytope,
    quiet_highs,
)
from quartier.engine.sortition.panel_swaps import SwapSearch
from quartier.engine.sortition.person_types import TypedPool

PRICING_TOLERANCE = 1e-10
SWAP_PANELS = 8
PURGE_FACTOR = 2  # keep at most this many columns per type row before purging
FIX_SLACK = 1e-10


class _Master:
    """The restricted primal LP; panels are columns, types are rows."""

    def __init__(self, pool: TypedPool, selectable: np.ndarray) -> None:
        self.pool = pool
        h = quiet_highs()
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("presolve", "off")  # keep the basis: each solve restarts warm
        h.setOptionValue("simplex_strategy", 4)  # primal: new columns keep the basis feasible
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
        self.panels: list[np.ndarray] = []
        self._keys: set[bytes] = set()

    @property
    def columns(self) -> int:
        return len(self.panels)

    def add_panel(self, counts: np.ndarray) -> bool:
        """Add a panel as a column; false if it is already one."""
        key = counts.astype(np.int64).tobytes()
        if key in self._keys:
            return False
        self._keys.add(key)
        self.panels.append(counts.astype(np.int64))
        nz = np.flatnonzero(counts)
        index = np.concatenate(([0], nz + 1)).astype(np.int32)
        value = np.concatenate(([1.0], counts[nz] / self.pool.sizes[nz]))
        self.highs.addCol(0.0, 0.0, INF, len(index), index, value)
        return True

    def purge(self, weights: np.ndarray) -> np.ndarray:
        """Drop non-basic columns once there are many: degenerate simplex steps grow
        with the column count. Returns the weights of the kept columns."""
        if self.columns <= PURGE_FACTOR * (self.pool.count + 1):
            return weights
        status = self.highs.getBasis().col_status
        basic = np.array(
            [status[j + 1] == highspy.HighsBasisStatus.kBasic for j in range(self.columns)]
        )
        drop = np.flatnonzero(~basic & (weights <= 0.0))
        if len(drop) == 0:
            return weights
        self.highs.deleteCols(len(drop), (drop + 1).astype(np.int32))
        keep = np.ones(self.columns, dtype=bool)
        keep[drop] = False
        self.panels = [panel for panel, kept in zip(self.panels, keep, strict=True) if kept]
        self._keys = {panel.tobytes() for panel in self.panels}
        return weights[keep]

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
    swaps = SwapSearch(pool)
    for counts in panels.panels:
        master.add_panel(counts)
    del panels
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
            weights = master.purge(weights)
            weights_t = y / pool.sizes
            if _swap_columns(swaps, master, weights, weights_t, convexity):
                continue
            priced = polytope.best(weights_t, HEURISTIC_GAP)
            if (
                priced is not None
                and priced.bound > convexity + PRICING_TOLERANCE
                and not (priced.value > convexity + PRICING_TOLERANCE)
            ):
                priced = polytope.best(weights_t, EXACT_GAP)  # prove there is no better panel
            if priced is None:
                raise SortitionError("solver_failed", "the pricing MIP failed")
            if priced.value > convexity + PRICING_TOLERANCE and master.add_panel(priced.counts):
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
    if len(weights) < master.columns:  # columns added after the last solve have weight 0
        weights = np.concatenate((weights, np.zeros(master.columns - len(weights))))
    result = make_distribution(
        algorithm,
        pool,
        master.panels,
        weights,
        runtime_s=time.perf_counter() - started,
        pricing_calls=polytope.calls,
    )
    return _with_bound(result, worst_gap)


def _swap_columns(
    swaps: SwapSearch,
    master: _Master,
    weights: np.ndarray,
    type_weights: np.ndarray,
    convexity: float,
) -> bool:
    """Add improved versions of the heaviest basis panels; true if any was new."""
    added = 0
    order = np.argsort(-weights, kind="stable")[:SWAP_PANELS]
    for index in order:
        if weights[index] <= 0:
            break
        better = swaps.improve(master.panels[index], type_weights)
        if better is None:
            continue
        if float(type_weights @ better) > convexity + PRICING_TOLERANCE and master.add_panel(
            better
        ):
            added += 1
    return added > 0


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
