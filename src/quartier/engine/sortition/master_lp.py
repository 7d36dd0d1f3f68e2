"""The restricted master LP of column generation, shared by LEXIMIN and decomposition.

One HiGHS model lives through all levels: fixing a type only changes one coefficient and
one bound, and new panels are added as columns, so the primal simplex restarts warm.
"""

from __future__ import annotations

import highspy
import numpy as np

from quartier.engine.sortition.certificate import FIX_SLACK
from quartier.engine.sortition.errors import SortitionError
from quartier.engine.sortition.panel_polytope import INF, quiet_highs
from quartier.engine.sortition.person_types import TypedPool

RETRY_SLACK = 1e-8  # how far fixed rows are loosened if the master turns infeasible
PURGE_FACTOR = 2  # keep at most this many columns per type row before purging


class PanelColumns:
    """Panels as the columns of a HiGHS model: row 0 is the convexity row, row ``t + 1``
    type t's coverage, scaled by ``scale_t``; the panel columns start at
    ``first_panel_column``. Shared by the LEXIMIN master and the decomposition's."""

    pool: TypedPool
    scale: np.ndarray
    highs: highspy.Highs
    first_panel_column: int

    def _start_columns(self) -> None:
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
        value = np.concatenate(([1.0], counts[nz] / self.scale[nz]))
        self.highs.addCol(0.0, 0.0, INF, len(index), index, value)
        return True

    def _optimal_solution(self) -> tuple[np.ndarray, float, np.ndarray]:
        """The column values, the convexity dual and the type duals y_t >= 0 of an
        optimal solve; any other status is a solver failure."""
        h = self.highs
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise SortitionError(
                "solver_failed",
                f"the LP solver stopped with status {h.modelStatusToString(h.getModelStatus())}",
            )
        solution = h.getSolution()
        dual = np.array(solution.row_dual)
        return np.array(solution.col_value), float(dual[0]), np.clip(-dual[1:], 0.0, None)

    def purge(self, weights: np.ndarray) -> np.ndarray:
        """Drop non-basic unused columns once there are many: degenerate simplex steps
        grow with the column count. Returns the weights of the kept columns."""
        if self.columns <= PURGE_FACTOR * (self.pool.count + 1):
            return weights
        status = self.highs.getBasis().col_status
        first = self.first_panel_column
        basic = np.array(
            [status[first + j] == highspy.HighsBasisStatus.kBasic for j in range(self.columns)]
        )
        drop = np.flatnonzero(~basic & (weights <= 0.0))
        if len(drop) == 0:
            return weights
        self.highs.deleteCols(len(drop), (drop + first).astype(np.int32))
        keep = np.ones(self.columns, dtype=bool)
        keep[drop] = False
        self.panels = [panel for panel, kept in zip(self.panels, keep, strict=True) if kept]
        self._keys = {panel.tobytes() for panel in self.panels}
        return weights[keep]


class MasterLP(PanelColumns):
    """The restricted primal LP; panels are columns, types are rows.

    Row t reads ``sum_P p_P x_{P,t} / scale_t >= z``: with ``scale = n_t`` (the default)
    that is type t's selection probability (LEXIMIN); with ``scale`` a target vector of
    expected seats, ``z = 1`` means the panels reproduce the target (decomposition).
    """

    def __init__(
        self, pool: TypedPool, selectable: np.ndarray, scale: np.ndarray | None = None
    ) -> None:
        self.pool = pool
        self.scale = np.asarray(pool.sizes if scale is None else scale, dtype=float)
        h = quiet_highs()
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("presolve", "off")  # keep the basis: each solve restarts warm
        h.setOptionValue("simplex_strategy", 4)  # primal: new columns keep the basis feasible
        # fixed types must keep their level's value to far better than HiGHS's default 1e-7
        h.setOptionValue("primal_feasibility_tolerance", 1e-9)
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
        self.first_panel_column = 1  # after z
        self._start_columns()
        self._fixed: dict[int, float] = {}

    def solve(self) -> tuple[float, float, np.ndarray, np.ndarray]:
        """Return z, the convexity dual, the type duals y_t >= 0 and the panel weights."""
        h = self.highs
        h.run()
        for loosen in (0.0, RETRY_SLACK):
            if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                break
            # rare numerical trouble after fixing types: restart cold, then loosen the
            # fixed rows a little (the certificates use the values actually attained)
            for t, probability in self._fixed.items():
                h.changeRowBounds(t + 1, max(0.0, probability - FIX_SLACK - loosen), INF)
            h.clearSolver()
            h.run()
        col, convexity, y = self._optimal_solution()
        return float(col[0]), convexity, y, col[1:]

    def fix(self, t: int, probability: float) -> None:
        self._fixed[t] = probability
        self.highs.changeCoeff(t + 1, 0, 0.0)
        self.highs.changeRowBounds(t + 1, max(0.0, probability - FIX_SLACK), INF)
