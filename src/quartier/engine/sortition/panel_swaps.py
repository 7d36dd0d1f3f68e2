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


PAIR_LIMIT = 1_500_000  # pairs of types indexed; beyond this the pair search is skipped


class PairSearch:
    """Exchanges of two seats for two seats with the same quota profile.

    With exact quotas (min = max) no single exchange is feasible unless both types are
    equal, so :class:`SwapSearch` finds nothing. Two seats (a, b) can still make room for
    two others (c, d) whose values, category by category, are the same multiset: the
    crossover "young woman + old man" for "old woman + young man". Every quota count
    stays the same, so the exchange is always feasible (sizes permitting). The pairs are
    grouped by profile once per pool.
    """

    def __init__(self, pool: TypedPool) -> None:
        self.pool = pool
        count = pool.count
        self.enabled = count * (count + 1) // 2 <= PAIR_LIMIT and not pool.households
        if not self.enabled:
            return
        swaps = SwapSearch(pool)
        value = swaps.value.astype(np.int16)
        first, second = np.triu_indices(count)
        keep = (first != second) | (pool.sizes[first] >= 2)
        first, second = first[keep], second[keep]
        low = np.minimum(value[first], value[second]).astype(np.int64)
        high = np.maximum(value[first], value[second]).astype(np.int64)
        # one integer per profile: (low, high) per category, in mixed radix
        offsets = value.min(axis=0).astype(np.int64)
        width = value.max(axis=0).astype(np.int64) - offsets + 1
        radix = width**2
        if float(np.prod(radix.astype(float))) < 2.0**62:
            digits = (low - offsets) * width + (high - offsets)
            place = np.concatenate(([1], np.cumprod(radix)[:-1]))
            _, group = np.unique(digits @ place, return_inverse=True)
        else:
            _, group = np.unique(np.concatenate((low, high), axis=1), axis=0, return_inverse=True)
        group = group.ravel()
        order = np.argsort(group, kind="stable")
        self.first = first[order]
        self.second = second[order]
        sorted_groups = group[order]
        groups = int(sorted_groups[-1]) + 1 if len(sorted_groups) else 0
        self.start = np.searchsorted(sorted_groups, np.arange(groups), side="left")
        self.end = np.searchsorted(sorted_groups, np.arange(groups), side="right")
        self.group_of = np.full((count, count), -1, dtype=np.int64)
        self.group_of[first, second] = group
        self.group_of[second, first] = group

    def improve(self, counts: np.ndarray, weights: np.ndarray, steps: int = 3) -> np.ndarray | None:
        """A better panel reachable by up to ``steps`` pair exchanges, or ``None``."""
        if not self.enabled:
            return None
        pool = self.pool
        x = counts.copy()
        improved = False
        for _ in range(steps):
            seated = np.flatnonzero(x > pool.lower)
            i, j = np.triu_indices(len(seated))
            a, b = seated[i], seated[j]
            ok = (a != b) | (x[a] - pool.lower[a] >= 2)
            a, b = a[ok], b[ok]
            group = self.group_of[a, b]
            a, b, group = a[group >= 0], b[group >= 0], group[group >= 0]
            if len(group) == 0:
                break
            length = self.end[group] - self.start[group]
            owner = np.repeat(np.arange(len(group)), length)
            offset = np.arange(int(length.sum())) - np.repeat(np.cumsum(length) - length, length)
            position = self.start[group][owner] + offset
            c, d = self.first[position], self.second[position]
            a, b = a[owner], b[owner]
            gain = weights[c] + weights[d] - weights[a] - weights[b]
            room_c = pool.sizes[c] - x[c] + (c == a) + (c == b)
            room_d = pool.sizes[d] - x[d] + (d == a) + (d == b)
            fits = np.where(c == d, room_c >= 2, (room_c >= 1) & (room_d >= 1))
            gain = np.where(fits, gain, -np.inf)
            best = int(np.argmax(gain))
            if not gain[best] > 1e-12:
                break
            x[a[best]] -= 1
            x[b[best]] -= 1
            x[c[best]] += 1
            x[d[best]] += 1
            improved = True
        return x if improved else None
