"""The panel polytope: integer panels over types, as one reusable HiGHS MIP.

A panel is a vector ``x`` of counts per type with ``sum(x) = k``, every quota row
between its min and max, at most one seat per shared household and forced types at 1.
Column generation asks the same question again and again with different weights
("which feasible panel has the largest weight?"), so the model is built once and only
its objective changes between calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from quartier.engine.sortition.certificate import lagrangian_bound
from quartier.engine.sortition.errors import SortitionError
from quartier.engine.sortition.person_types import TypedPool

INF = highspy.kHighsInf
EXACT_GAP = 1e-9
PROOF_TOLERANCE = 1e-9
HEURISTIC_GAP = 1e-3


def quiet_highs() -> highspy.Highs:
    """A silent, single-threaded HiGHS instance: deterministic runs make audits reproducible."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    return h


@dataclass(frozen=True)
class Pricing:
    """Improving panels (best last) and a proven upper bound on any panel's weight."""

    panels: list[np.ndarray]
    bound: float


@dataclass(frozen=True)
class PricedPanel:
    """The best panel for some weights, with the MIP's proven upper bound on its value."""

    counts: np.ndarray
    value: float
    bound: float


class PanelPolytope:
    """Maximise a linear weight over feasible panels; ``None`` when no panel exists."""

    def __init__(
        self,
        pool: TypedPool,
        quota_bounds: list[tuple[int, int]] | None = None,
        *,
        lower: np.ndarray | None = None,
        upper: np.ndarray | None = None,
        full_households: np.ndarray | None = None,
    ) -> None:
        self.pool = pool
        problem = pool.problem
        self.bounds = quota_bounds or [(q.min, q.max) for q in problem.quotas]
        # a face of the polytope: tighter seat bounds, households that must have a seat
        self.lower = pool.lower if lower is None else lower
        self.upper = pool.sizes if upper is None else upper
        self.full_households = (
            np.zeros(len(pool.households), dtype=bool)
            if full_households is None
            else full_households
        )
        h = self._model(integer=True)
        h.setOptionValue("mip_abs_gap", 1e-10)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.setOptionValue("mip_improving_solution_save", True)
        self.highs = h
        self.calls = 0
        self._relaxed: highspy.Highs | None = None

    def _model(self, *, integer: bool) -> highspy.Highs:
        """Rows: panel size, one per quota, one per shared household (in this order)."""
        pool = self.pool
        h = quiet_highs()
        n = pool.count
        h.addVars(n, self.lower.astype(float), self.upper.astype(float))
        if integer:
            h.changeColsIntegrality(
                n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
            )
        k = float(pool.problem.panel_size)
        h.addRow(k, k, n, np.arange(n, dtype=np.int32), np.ones(n))
        for members, (lo, hi) in zip(pool.quota_members, self.bounds, strict=True):
            h.addRow(float(lo), float(hi), len(members), members, np.ones(len(members)))
        for members, full in zip(pool.households, self.full_households, strict=True):
            h.addRow(1.0 if full else -INF, 1.0, len(members), members, np.ones(len(members)))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        return h

    def multipliers(self, weights: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, float]:
        """Lagrange multipliers from the LP relaxation and the bound they prove.

        Returns (panel-size multiplier, quota multipliers, household multipliers, bound):
        the bound is recomputed by :func:`certificate.lagrangian_bound`, so it is valid
        whatever the LP solver's sign conventions or tolerances.
        """
        if self._relaxed is None:
            self._relaxed = self._model(integer=False)
        h = self._relaxed
        n = self.pool.count
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(weights, dtype=float))
        h.run()
        dual = np.array(h.getSolution().row_dual)
        quotas = len(self.pool.quota_members)
        best: tuple[float, np.ndarray, np.ndarray, float] | None = None
        for sign in (1.0, -1.0):
            size = sign * float(dual[0])
            mu = sign * dual[1 : 1 + quotas]
            eta = np.clip(sign * dual[1 + quotas :], 0.0, None)
            bound = lagrangian_bound(self.pool, np.asarray(weights, dtype=float), size, mu, eta)
            if best is None or bound < best[3]:
                best = (size, mu, eta, bound)
        assert best is not None
        return best

    def best(self, weights: np.ndarray, gap: float = EXACT_GAP) -> PricedPanel | None:
        """A feasible panel maximising ``weights @ x`` within relative ``gap``.

        ``bound`` is the MIP's dual bound, a proven upper limit on the true maximum even
        when the search stops early, which is what the optimality certificates use.
        """
        h = self.highs
        n = self.pool.count
        h.setOptionValue("mip_rel_gap", gap)
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(weights, dtype=float))
        h.run()
        self.calls += 1
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        counts = np.rint(np.array(h.getSolution().col_value[:n])).astype(np.int64)
        value = float(np.dot(weights, counts))
        info = h.getInfo()
        bound = float(info.mip_dual_bound)
        if not np.isfinite(bound) or bound < value:
            bound = value
        return PricedPanel(counts=counts, value=value, bound=bound)

    def improve(
        self,
        weights: np.ndarray,
        threshold: float,
        tolerance: float = PROOF_TOLERANCE,
        *,
        capture: float = 2.0 / 3.0,
    ) -> Pricing:
        """Panels whose weight beats ``threshold``, or a proof that none beats it by ``tolerance``.

        Column generation needs only this, not the exact maximum: the MIP stops as soon
        as it holds an improving panel that captures two thirds of the possible
        improvement, or as soon as its dual bound is within ``tolerance`` of
        ``threshold``. Every improving solution found on the way is returned too (more
        columns per MIP). ``bound`` is a proven upper limit on the best panel's weight.
        """
        h = self.highs
        n = self.pool.count
        h.setOptionValue("mip_rel_gap", 0.0)
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(weights, dtype=float))
        goal = threshold + tolerance
        share = (1.0 - capture) / capture if capture > 0 else INF

        def interrupt(kind: int, message: str, out: Any, into: Any, data: Any) -> None:
            primal, dual = out.mip_primal_bound, out.mip_dual_bound
            if dual <= goal or (primal > goal and dual - primal <= share * (primal - threshold)):
                into.user_interrupt = True

        h.setCallback(interrupt, None)
        h.startCallback(highspy.cb.HighsCallbackType.kCallbackMipInterrupt)
        try:
            h.run()
        finally:
            h.stopCallback(highspy.cb.HighsCallbackType.kCallbackMipInterrupt)
        self.calls += 1
        info = h.getInfo()
        bound = float(info.mip_dual_bound)
        panels: list[np.ndarray] = []
        best_value = -INF
        for saved in h.getSavedMipSolutions():
            counts = np.rint(np.array(saved.col_value[:n])).astype(np.int64)
            value = float(np.dot(weights, counts))
            best_value = max(best_value, value)
            if value > goal and satisfies(self.pool, counts):
                panels.append(counts)
        if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
            raise SortitionError("infeasible", "no panel satisfies the quotas")
        if not np.isfinite(bound):
            bound = INF
        return Pricing(panels=panels, bound=max(bound, best_value))

    def relaxed_bound(self, weights: np.ndarray) -> float:
        """The LP relaxation's optimum: no panel (of this face) weighs more."""
        if self._relaxed is None:
            self._relaxed = self._model(integer=False)
        relaxed = self._relaxed
        n = self.pool.count
        relaxed.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(weights, dtype=float))
        relaxed.run()
        if relaxed.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return INF
        return float(relaxed.getInfo().objective_function_value)

    def any_panel(self) -> np.ndarray | None:
        found = self.best(np.zeros(self.pool.count))
        return None if found is None else found.counts


def satisfies(pool: TypedPool, counts: np.ndarray) -> bool:
    """Check a type-count panel against every rule (independent of the MIP)."""
    problem = pool.problem
    if int(counts.sum()) != problem.panel_size:
        return False
    if np.any(counts < pool.lower) or np.any(counts > pool.sizes):
        return False
    for members, q in zip(pool.quota_members, problem.quotas, strict=True):
        total = int(counts[members].sum())
        if total < q.min or total > q.max:
            return False
    return all(int(counts[members].sum()) <= 1 for members in pool.households)
