"""The panel polytope: integer panels over types, as one reusable HiGHS MIP.

A panel is a vector ``x`` of counts per type with ``sum(x) = k``, every quota row
between its min and max, at most one seat per shared household and forced types at 1.
Column generation asks the same question again and again with different weights
("which feasible panel has the largest weight?"), so the model is built once and only
its objective changes between calls.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from quartier.engine.sortition.person_types import TypedPool

INF = highspy.kHighsInf
EXACT_GAP = 1e-9
HEURISTIC_GAP = 1e-3


def quiet_highs() -> highspy.Highs:
    """A silent, single-threaded HiGHS instance: deterministic runs make audits reproducible."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    return h


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
    ) -> None:
        self.pool = pool
        problem = pool.problem
        h = quiet_highs()
        h.setOptionValue("mip_abs_gap", 1e-10)
        n = pool.count
        h.addVars(n, pool.lower.astype(float), pool.sizes.astype(float))
        h.changeColsIntegrality(
            n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
        )
        k = float(problem.panel_size)
        h.addRow(k, k, n, np.arange(n, dtype=np.int32), np.ones(n))
        bounds = quota_bounds or [(q.min, q.max) for q in problem.quotas]
        for members, (lo, hi) in zip(pool.quota_members, bounds, strict=True):
            h.addRow(float(lo), float(hi), len(members), members, np.ones(len(members)))
        for members in pool.households:
            h.addRow(-INF, 1.0, len(members), members, np.ones(len(members)))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.highs = h
        self.calls = 0

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
