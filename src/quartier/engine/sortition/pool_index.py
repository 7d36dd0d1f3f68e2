"""The pool as arrays for `verify`: quota incidence, households, include/exclude.

Every check of a published draw becomes a NumPy operation on these (a 1,000 x 360 panel
matrix times the quota incidence), which is what keeps `verify` well under a second.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from quartier.engine.sortition.model import SelectionProblem
from quartier.engine.sortition.panel_polytope import EXACT_GAP, INF, PanelPolytope
from quartier.engine.sortition.person_types import TypedPool, build_types


class PoolIndex:
    """Index structures over the pool so every check is a NumPy operation."""

    def __init__(self, problem: SelectionProblem) -> None:
        self.problem = problem
        self.ids = [p.id for p in problem.people]
        self.index = {pid: i for i, pid in enumerate(self.ids)}
        n = len(self.ids)
        self.quota = np.zeros((n, len(problem.quotas)), dtype=np.int64)
        for j, q in enumerate(problem.quotas):
            for i, p in enumerate(problem.people):
                if p.features.get(q.category) == q.value:
                    self.quota[i, j] = 1
        self.low = np.array([q.min for q in problem.quotas])
        self.high = np.array([q.max for q in problem.quotas])
        homes = [problem.household_of(p) for p in problem.people]
        counts = Counter(h for h in homes if h is not None)
        shared = sorted(h for h, c in counts.items() if c > 1)
        self.home_names = shared
        position = {h: j for j, h in enumerate(shared)}
        self.home = np.array([position.get(h, -1) if h else -1 for h in homes], dtype=np.int64)
        self.excluded = np.array([pid in problem.exclude for pid in self.ids])
        self._pool: TypedPool | None = None
        self._polytope: PanelPolytope | None = None
        self.included = np.array([pid in problem.include for pid in self.ids])

    def best_panel_bound(self, weights: np.ndarray) -> float:
        """Proven upper bound on the largest total weight of a feasible panel (a MIP).

        Only used for levels whose Lagrangian certificate is weak; a type's weight is its
        largest member weight, so the bound holds even for uneven (tampered) weights.
        """
        if self._polytope is None:
            self._pool = build_types(self.problem)
            self._polytope = PanelPolytope(self._pool)
        assert self._pool is not None
        type_weights = np.array(
            [max(weights[self.index[pid]] for pid in t.members) for t in self._pool.types]
        )
        found = self._polytope.best(type_weights, EXACT_GAP)
        return INF if found is None else found.bound

    def rows(self, panels: list[list[str]]) -> np.ndarray | None:
        """Panels as a 0/1 matrix (panels x people); ``None`` if an id is unknown."""
        matrix = np.zeros((len(panels), len(self.ids)), dtype=np.int64)
        for r, panel in enumerate(panels):
            try:
                columns = [self.index[pid] for pid in panel]
            except KeyError:
                return None
            np.add.at(matrix[r], columns, 1)
        return matrix

    def panel_problems(self, matrix: np.ndarray, *, distinct: bool = True) -> list[tuple[int, str]]:
        """(row, reason) for every infeasible panel row of a people-count matrix.

        ``distinct=False`` accepts counts above one (a type's seats on its representative).
        """
        bad: list[tuple[int, str]] = []
        k = self.problem.panel_size
        counts = matrix @ self.quota
        size = matrix.sum(axis=1)
        homes = np.zeros((len(matrix), max(1, len(self.home_names))), dtype=np.int64)
        shared = np.flatnonzero(self.home >= 0)
        for i in shared:
            homes[:, self.home[i]] += matrix[:, i]
        for r in range(len(matrix)):
            if size[r] != k or (distinct and matrix[r].max(initial=0) > 1):
                bad.append((r, f"does not have {k} different people"))
            elif np.any(counts[r] < self.low) or np.any(counts[r] > self.high):
                j = int(np.flatnonzero((counts[r] < self.low) | (counts[r] > self.high))[0])
                q = self.problem.quotas[j]
                bad.append(
                    (
                        r,
                        f"has {counts[r, j]} people with {q.category}={q.value}, "
                        f"outside [{q.min}, {q.max}]",
                    )
                )
            elif homes[r].max(initial=0) > 1:
                bad.append((r, "has two people from one household"))
            elif np.any(matrix[r][self.excluded] > 0) or np.any(matrix[r][self.included] < 1):
                bad.append((r, "breaks the include/exclude rule"))
        return bad
