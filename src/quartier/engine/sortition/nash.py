"""NASH: maximise the product of selection probabilities (sum of their logs).

Concave objective over the same panel polytope as LEXIMIN, solved by two nested
linearisations. The restricted master keeps, for every type, an epigraph variable
``w_t <= log pi_t`` described by tangent cuts ``w_t <= log a + (pi_t - a)/a`` (Kelley's
cutting planes); new cuts are added where the LP overestimates the log. New panels come
from the pricing MIP with the gradient weights ``1/pi_t`` per seat (Frank-Wolfe
direction). Because the objective is concave, ``F(pi) + max_P grad.x_P - N`` bounds the
optimum from above; that difference is the reported gap.
"""

from __future__ import annotations

import math
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
from quartier.engine.sortition.panel_swaps import SwapSearch
from quartier.engine.sortition.person_types import TypedPool

RELATIVE_TOLERANCE = 1e-9
MAX_ROUNDS = 3000
TIME_LIMIT = 120.0  # seconds; after that the best distribution so far and its gap
CUT_TOLERANCE = 1e-9


def find_nash(
    pool: TypedPool, *, progress: Progress = no_progress, time_limit: float = TIME_LIMIT
) -> Distribution:
    """Distribution maximising sum_i log pi_i over everybody who can be selected."""
    started = time.perf_counter()
    polytope = PanelPolytope(pool)
    panels = PanelSet()
    first = polytope.any_panel()
    if first is None:
        raise SortitionError("infeasible", "no panel satisfies the quotas")
    panels.add(first)
    selectable = cover_types(polytope, panels)
    active = np.flatnonzero(selectable)
    sizes = pool.sizes.astype(float)
    people = float(sizes[active].sum())
    t_count = pool.count

    h = quiet_highs()
    h.setOptionValue("solver", "simplex")
    h.setOptionValue("presolve", "off")
    h.setOptionValue("primal_feasibility_tolerance", 1e-10)
    h.setOptionValue("dual_feasibility_tolerance", 1e-10)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    # columns: pi_t (0..T-1), w_t (T..2T-1), then panels
    h.addVars(t_count, np.zeros(t_count), np.ones(t_count))
    h.addVars(t_count, np.full(t_count, -INF), np.zeros(t_count))
    w_cost = np.where(selectable, sizes, 0.0)
    h.changeColsCost(t_count, np.arange(t_count, 2 * t_count, dtype=np.int32), w_cost)
    h.addRow(1.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))
    for t in range(t_count):  # row 1 + t: pi_t - sum_P x_Pt/n_t p_P = 0
        h.addRow(0.0, 0.0, 1, np.array([t], dtype=np.int32), np.array([1.0]))

    def add_panel(counts: np.ndarray) -> None:
        nz = np.flatnonzero(counts)
        index = np.concatenate(([0], nz + 1)).astype(np.int32)
        value = np.concatenate(([1.0], -counts[nz] / sizes[nz]))
        h.addCol(0.0, 0.0, INF, len(index), index, value)

    def add_cut(t: int, at: float) -> None:
        # w_t - pi_t / a <= log a - 1
        h.addRow(
            -INF,
            math.log(at) - 1.0,
            2,
            np.array([t, t_count + t], dtype=np.int32),
            np.array([-1.0 / at, 1.0]),
        )

    for counts in panels.panels:
        add_panel(counts)
    swaps = SwapSearch(pool)
    start = float(pool.problem.panel_size) / max(people, 1.0)
    for t in active.tolist():
        for at in (start / 4, start, min(1.0, 4 * start), 1.0):
            add_cut(int(t), at)

    fw_gap = math.inf
    value = -math.inf
    weights = np.zeros(len(panels))
    for rounds in range(MAX_ROUNDS):
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            # tight tolerances occasionally stall the simplex: retry with the defaults
            h.setOptionValue("primal_feasibility_tolerance", 1e-7)
            h.setOptionValue("dual_feasibility_tolerance", 1e-7)
            h.clearSolver()
            h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            if rounds > 0:
                break  # keep the last optimal master solution; the gap says how good it is
            raise SortitionError(
                "solver_failed",
                f"the Nash master LP failed: {h.modelStatusToString(h.getModelStatus())}",
            )
        if time.perf_counter() - started > time_limit and rounds > 0:
            break
        col = np.array(h.getSolution().col_value)
        weights = np.clip(col[2 * t_count :], 0.0, None)
        weights = weights / weights.sum()
        pi = np.clip(col[:t_count], 0.0, 1.0)
        w = col[t_count : 2 * t_count]
        pi_a = np.maximum(pi[active], 1e-12)
        value = float(np.sum(sizes[active] * np.log(pi_a)))
        lp_value = float(np.sum(sizes[active] * w[active]))
        changed = False
        tolerance = RELATIVE_TOLERANCE * people
        if lp_value > value:
            over = w[active] - np.log(pi_a)
            for t, excess in zip(active.tolist(), over.tolist(), strict=True):
                if excess > CUT_TOLERANCE:
                    add_cut(int(t), float(max(pi[t], 1e-9)))
                    changed = True
        gradient = np.zeros(t_count)
        gradient[active] = 1.0 / pi_a
        swapped = False
        for index in np.argsort(-weights, kind="stable")[:8]:
            better = swaps.improve(panels.panels[index], gradient)
            if (
                better is not None
                and float(gradient @ better) - people > tolerance
                and panels.add(better)
            ):
                add_panel(better)
                swapped = True
        if swapped:
            continue
        priced = polytope.best(gradient)
        if priced is None:
            raise SortitionError("solver_failed", "the pricing MIP failed")
        fw_gap = max(0.0, priced.bound - people)
        if priced.value - people > tolerance and panels.add(priced.counts):
            add_panel(priced.counts)
            changed = True
        if rounds % 10 == 0:
            progress("nash", min(rounds, MAX_ROUNDS), MAX_ROUNDS)
        if not changed:
            break
    if fw_gap == math.inf:
        fw_gap = 0.0
    result = make_distribution(
        "nash",
        pool,
        panels.panels,
        weights,
        objective=value,
        upper_bound=value + fw_gap,
        runtime_s=time.perf_counter() - started,
        pricing_calls=polytope.calls,
    )
    return result
