"""Cheap pricing: improve existing panels by exchanging one seat between two types.

Exact pricing is a MIP and costs up to a second on pools with thousands of types. But a
panel in the LP basis has reduced cost zero, so any feasible exchange "one member of
type a out, one member of type b in" with ``w_b > w_a`` already yields a column that
improves the LP. Exchanges are checked for all pairs at once with NumPy; the MIP is only
needed when no exchange helps, and an exact MIP is still what proves optimality.
"""

from __future__ import annotations

import numpy as np

from quartier.engine.sortition.person_types import TypedPool

CANDIDATES = 64


class SwapSearch:
    """Steepest-ascent single exchanges that keep every quota and household rule.

    A type has one value per category, so exchanging a for b only moves one seat from
    value ``v_a(c)`` to ``v_b(c)`` in the categories where they differ; the exchange is
    feasible when each such move stays within the quotas.
    """

    def __init__(self, pool: TypedPool) -> None:
        self.pool = pool
        problem = pool.problem
        categories = problem.categories
        # quota index of each type's value per category: shape types x categories
        self.value = np.zeros((pool.count, len(categories)), dtype=np.int64)
        for q, members in enumerate(pool.quota_members):
            c = categories.index(problem.quotas[q].category)
            self.value[members, c] = q
        self.low = np.array([q.min for q in problem.quotas], dtype=np.int64)
        self.high = np.array([q.max for q in problem.quotas], dtype=np.int64)
        self.household = np.full(pool.count, -1, dtype=np.int64)
        for h, members in enumerate(pool.households):
            self.household[members] = h

    def improve(self, counts: np.ndarray, weights: np.ndarray, steps: int = 3) -> np.ndarray | None:
        """A better feasible panel reachable by up to ``steps`` exchanges, or ``None``."""
        pool = self.pool
        x = counts.copy()
        improved = False
        for _ in range(steps):
            out_types = np.flatnonzero(x > pool.lower)
            in_types = np.flatnonzero(x < pool.sizes)
            if len(out_types) == 0 or len(in_types) == 0:
                break
            if len(in_types) > CANDIDATES:  # only the heaviest types can give the best gain
                keep = np.argpartition(-weights[in_types], CANDIDATES)[:CANDIDATES]
                in_types = np.sort(in_types[keep])
            gain = weights[in_types][None, :] - weights[out_types][:, None]
            if gain.max() <= 1e-12:
                break
            seated = np.bincount(
                self.value.ravel(),
                weights=np.repeat(x, self.value.shape[1]),
                minlength=len(self.low),
            ).astype(np.int64)
            removable = seated - 1 >= self.low  # per quota
            addable = seated + 1 <= self.high
            va = self.value[out_types]  # out x C
            vb = self.value[in_types]  # in x C
            same = va[:, None, :] == vb[None, :, :]
            ok = np.all(same | (removable[va][:, None, :] & addable[vb][None, :, :]), axis=2)
            if len(pool.households):
                homes_used = np.zeros(len(pool.households), dtype=np.int64)
                seated_homes = self.household[x > 0]
                np.add.at(homes_used, seated_homes[seated_homes >= 0], 1)
                home_in = self.household[in_types]
                busy = (home_in >= 0) & (homes_used[np.maximum(home_in, 0)] > 0)
                same_home = (home_in[None, :] >= 0) & (
                    home_in[None, :] == self.household[out_types][:, None]
                )
                ok &= ~busy[None, :] | same_home
            gain = np.where(ok, gain, -np.inf)
            best = int(np.argmax(gain))
            a, b = divmod(best, len(in_types))
            if not np.isfinite(gain[a, b]) or gain[a, b] <= 1e-12:
                break
            x[out_types[a]] -= 1
            x[in_types[b]] += 1
            improved = True
        return x if improved else None
