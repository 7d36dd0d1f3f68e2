"""Write a target seat vector as a lottery over integer panels (or find that it is not one).

Given the relaxation's LEXIMIN seats ``x*`` (:mod:`relaxation`), we look for panel
weights ``p`` with ``sum_P p_P x_P = x*``. This is one column-generation LP,

    max z  s.t.  sum_P p_P = 1,   sum_P p_P x_{P,t} / x*_t >= z  (x*_t > 0),   p >= 0,

and since every panel has ``k`` seats and ``sum_t x*_t = k``, ``z <= 1`` with equality
exactly when the panels reproduce ``x*``. The master solves the same question in its
shortfall form (:class:`ShortfallMaster`: the total relative shortfall is 0 exactly when
``z = 1``), whose duals steer pricing better. Unlike a LEXIMIN level it needs no proof of
optimality when it succeeds: reaching ``z = 1`` is the proof. Only panels on the
smallest face of the relaxation that contains ``x*`` can carry weight (a constraint
tight at ``x*`` is tight at every panel of a decomposition), so pricing searches that
face only: types with ``x*_t = 0`` stay off, types at ``x*_t = n_t`` stay full, and
quotas and households that ``x*`` fills exactly are equalities.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from quartier.engine.sortition.master_lp import PanelColumns
from quartier.engine.sortition.panel_polytope import (
    INF,
    PROOF_TOLERANCE,
    PanelPolytope,
    quiet_highs,
)
from quartier.engine.sortition.panel_swaps import PairSearch, SwapSearch
from quartier.engine.sortition.person_types import TypedPool
from quartier.engine.sortition.sat_pricing import SatPricing

TIGHT = 1e-9  # a constraint within this of its bound at x* is treated as tight
REACHED = 1e-8  # the decomposition is accepted when z >= 1 - REACHED
AIM = 1e-9  # ... and column generation continues until z >= 1 - AIM
PRICING_TOLERANCE = 1e-10
SWAP_PANELS = 24
EXCHANGE_STEPS = 3
ENOUGH_COLUMNS = 24
MIP_EVERY = 1
DIVERSE = 10  # CP-SAT panels per round on large pools ...
DIVERSE_FROM = 500  # ... of at least this many types (on ~300 types one is best)
STEER = 0.5  # weight kept by types an earlier panel of the round seats
CAPTURE = 0.0  # the pricing MIP stops at its first improving panel


@dataclass(frozen=True)
class Decomposition:
    """Panels and weights whose expected seats are the target (``reached``), or the best
    partial result found (a warm start) when the target is not a lottery."""

    panels: list[np.ndarray]
    weights: np.ndarray
    reached: bool
    value: float  # the final z: 1 when reached
    pricing_calls: int


class ShortfallMaster(PanelColumns):
    """The restricted LP ``min sum_t s_t`` s.t. ``sum_P p_P x_{P,t} / x*_t + s_t >= 1``.

    Minimising the total relative shortfall rather than maximising the smallest coverage
    keeps the duals informative: every short type has dual 1, so pricing looks for
    panels that cover many short types at once (the max-min form puts all dual weight
    on one bottleneck type, and every pricing MIP then finds just one column).
    """

    def __init__(self, pool: TypedPool, support: np.ndarray, target: np.ndarray) -> None:
        self.pool = pool
        self.target = self.scale = target
        h = quiet_highs()
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("presolve", "off")
        h.setOptionValue("simplex_strategy", 4)
        h.setOptionValue("primal_feasibility_tolerance", 1e-9)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.addRow(1.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))
        for t in range(pool.count):
            lower = 1.0 if support[t] else -INF
            h.addRow(lower, INF, 0, np.array([], dtype=np.int32), np.array([]))
        self.slacks = self.first_panel_column = int(support.sum())
        for row in np.flatnonzero(support) + 1:
            h.addCol(-1.0, 0.0, INF, 1, np.array([row], dtype=np.int32), np.array([1.0]))
        self.highs = h
        self._start_columns()

    def solve(self) -> tuple[float, float, np.ndarray, np.ndarray]:
        """Return the total shortfall, the convexity dual, the type duals and the weights."""
        h = self.highs
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            h.clearSolver()
            h.run()
        col, convexity, y = self._optimal_solution()
        return -float(h.getInfo().objective_function_value), convexity, y, col[self.slacks :]


class _Face:
    """The smallest face of the relaxation containing ``x*``, as bounds and a membership test."""

    def __init__(self, pool: TypedPool, seats: np.ndarray) -> None:
        self.pool = pool
        sizes = pool.sizes.astype(float)
        self.off = seats <= TIGHT
        self.full = seats >= sizes - TIGHT
        self.lower = np.where(self.full, pool.sizes, pool.lower).astype(np.int64)
        self.upper = np.where(self.off, pool.lower, pool.sizes).astype(np.int64)
        self.quota_bounds: list[tuple[int, int]] = []
        for members, q in zip(pool.quota_members, pool.problem.quotas, strict=True):
            total = float(seats[members].sum())
            if total >= q.max - TIGHT:
                self.quota_bounds.append((q.max, q.max))
            elif total <= q.min + TIGHT:
                self.quota_bounds.append((q.min, q.min))
            else:
                self.quota_bounds.append((q.min, q.max))
        self.full_homes = np.array(
            [float(seats[members].sum()) >= 1.0 - TIGHT for members in pool.households],
            dtype=bool,
        )

    def polytope(self) -> PanelPolytope:
        return PanelPolytope(
            self.pool,
            quota_bounds=self.quota_bounds,
            lower=self.lower,
            upper=self.upper,
            full_households=self.full_homes,
        )

    def sat_pricing(self) -> SatPricing:
        return SatPricing(self.pool, self.lower, self.upper, self.quota_bounds, self.full_homes)

    def contains(self, counts: np.ndarray) -> bool:
        if np.any(counts < self.lower) or np.any(counts > self.upper):
            return False
        for members, (lo, hi) in zip(self.pool.quota_members, self.quota_bounds, strict=True):
            total = int(counts[members].sum())
            if total < lo or total > hi:
                return False
        return all(
            int(counts[members].sum()) == 1
            for members, full in zip(self.pool.households, self.full_homes, strict=True)
            if full
        )


def decompose(
    pool: TypedPool,
    seats: np.ndarray,
    *,
    deadline: float | None = None,
    status: Callable[[float, int], None] | None = None,
) -> Decomposition:
    """Column generation towards ``sum_P p_P x_P = seats`` (see the module docstring).

    Stops when ``z`` reaches 1, when exact pricing proves that no panel improves ``z``
    (the target is not in the hull), or at ``deadline`` (``time.perf_counter()``).
    ``status`` hears ``z`` and the column count every round.
    """
    face = _Face(pool, seats)
    polytope = face.polytope()
    support = ~face.off
    target = np.where(support, seats, 1.0)
    master = ShortfallMaster(pool, support, target)
    first = polytope.best(np.where(support, 1.0 / target, 0.0))
    if first is None:
        return Decomposition([], np.zeros(0), False, 0.0, polytope.calls)
    master.add_panel(first.counts)
    swaps = SwapSearch(pool)
    pairs = PairSearch(pool)
    sat = face.sat_pricing()
    diverse = DIVERSE if pool.count >= DIVERSE_FROM else 1
    rounds = 0
    z, weights = 0.0, np.zeros(1)
    while True:
        shortfall, convexity, y, weights = master.solve()
        z = 1.0 - shortfall
        if status is not None:
            status(z, master.columns)
        if z >= 1.0 - AIM:
            break
        if deadline is not None and time.perf_counter() > deadline:
            break
        weights = master.purge(weights)
        type_weights = np.where(support, y / target, 0.0)
        swapped = _exchange_columns(swaps, pairs, face, master, weights, type_weights, convexity)
        rounds += 1
        if swapped and rounds % MIP_EVERY:
            continue
        if polytope.relaxed_bound(type_weights) <= convexity + PROOF_TOLERANCE:
            break  # not even the relaxation of the face has an improving point
        found = sat.improve(type_weights, convexity, PRICING_TOLERANCE)
        if not found:
            found = polytope.improve(type_weights, convexity, capture=CAPTURE).panels
        else:
            found += _diverse(sat, found[-1], type_weights, convexity, diverse)
        added = sum(master.add_panel(counts) for counts in found if face.contains(counts))
        if not added and not swapped:
            break  # no panel improves z: the target is not a lottery over panels
    if len(weights) < master.columns:
        weights = np.concatenate((weights, np.zeros(master.columns - len(weights))))
    return Decomposition(
        panels=list(master.panels),
        weights=weights,
        reached=z >= 1.0 - REACHED,
        value=z,
        pricing_calls=polytope.calls + sat.calls,
    )


def _diverse(
    sat: SatPricing, panel: np.ndarray, type_weights: np.ndarray, convexity: float, count: int
) -> list[np.ndarray]:
    """More improving panels for the same duals, each steered away from the types the
    previous ones already seat (their weight is scaled down), so they cover other short
    types; only panels that improve for the true weights are kept."""
    more: list[np.ndarray] = []
    steered = type_weights.copy()
    for _ in range(count - 1):
        steered = np.where(panel > 0, steered * STEER, steered)
        # steered weights are at most the true ones (duals are >= 0), so a panel that
        # beats the convexity dual for them improves for the true weights too
        found = sat.improve(steered, convexity, PRICING_TOLERANCE)
        if not found:
            break
        panel = found[-1]
        more.append(panel)
    return more


def _exchange_columns(
    swaps: SwapSearch,
    pairs: PairSearch,
    face: _Face,
    master: ShortfallMaster,
    weights: np.ndarray,
    type_weights: np.ndarray,
    convexity: float,
) -> bool:
    """Improved versions of the heaviest basis panels that stay on the face."""
    added = 0
    order = np.argsort(-weights, kind="stable")[:SWAP_PANELS]
    for index in order:
        if weights[index] <= 0:
            break
        panel = master.panels[index]
        for search in (swaps, pairs):
            better = search.improve(panel, type_weights, steps=EXCHANGE_STEPS)
            if (
                better is not None
                and float(type_weights @ better) > convexity + PRICING_TOLERANCE
                and face.contains(better)
                and master.add_panel(better)
            ):
                added += 1
                break
        if added >= ENOUGH_COLUMNS:
            break
    return added > 0
