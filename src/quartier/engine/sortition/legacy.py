"""LEGACY: the Sortition Foundation's greedy draw, kept only to compare against.

Seat by seat it picks the quota value that is furthest behind its minimum relative to
how many people with that value remain, then a uniformly random remaining person with
that value; values that reach their maximum and household mates drop out. Its selection
probabilities are not optimised (and often very unequal), so we estimate them from many
seeded runs and present them as an empirical distribution over panels.
"""

from __future__ import annotations

import random
import time
from collections import Counter

import numpy as np

from quartier.engine.sortition.column_generation import Progress, no_progress
from quartier.engine.sortition.distribution import Distribution, make_distribution
from quartier.engine.sortition.errors import SortitionError
from quartier.engine.sortition.person_types import TypedPool

DEFAULT_SAMPLES = 1000
MAX_ATTEMPTS = 100


def _membership(pool: TypedPool) -> np.ndarray:
    matrix = np.zeros((len(pool.quota_members), pool.count), dtype=bool)
    for q, members in enumerate(pool.quota_members):
        matrix[q, members] = True
    return matrix


def _one_panel(pool: TypedPool, member: np.ndarray, rng: random.Random) -> np.ndarray | None:
    problem = pool.problem
    mins = np.array([q.min for q in problem.quotas], dtype=np.int64)
    maxs = np.array([q.max for q in problem.quotas], dtype=np.int64)
    remaining = pool.sizes.copy()
    counts = np.zeros(pool.count, dtype=np.int64)
    selected = np.zeros(len(mins), dtype=np.int64)
    household_of = {int(t): h for h, ts in enumerate(pool.households) for t in ts}

    def take(t: int) -> None:
        counts[t] += 1
        remaining[t] -= 1
        selected[member[:, t]] += 1
        full = member[:, t] & (selected >= maxs)
        if full.any():
            remaining[member[full].any(axis=0)] = 0
        if t in household_of:
            remaining[pool.households[household_of[t]]] = 0

    for forced in np.flatnonzero(pool.lower).tolist():
        take(forced)
    for _ in range(int(counts.sum()), problem.panel_size):
        left = member @ remaining
        if np.any(selected + left < mins):
            return None
        open_quotas = np.flatnonzero(left > 0)
        if len(open_quotas) == 0:
            return None
        ratio = (mins[open_quotas] - selected[open_quotas]) / left[open_quotas]
        best = open_quotas[np.flatnonzero(ratio == ratio.max())]
        q = int(best[rng.randrange(len(best))])
        candidates = np.flatnonzero(member[q] & (remaining > 0))
        weights = remaining[candidates].astype(float)
        pick = rng.random() * weights.sum()
        t = int(
            candidates[
                min(
                    int(np.searchsorted(np.cumsum(weights), pick, side="right")),
                    len(candidates) - 1,
                )
            ]
        )
        take(t)
    if np.any(selected < mins) or np.any(selected > maxs):
        return None
    return counts


def find_legacy(
    pool: TypedPool,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    progress: Progress = no_progress,
) -> Distribution:
    """Empirical distribution of ``samples`` greedy draws (deterministic for a given seed)."""
    started = time.perf_counter()
    rng = random.Random(seed)
    member = _membership(pool)
    found: Counter[bytes] = Counter()
    shapes: dict[bytes, np.ndarray] = {}
    for i in range(samples):
        for _ in range(MAX_ATTEMPTS):
            counts = _one_panel(pool, member, rng)
            if counts is not None:
                break
        else:
            raise SortitionError(
                "legacy_failed",
                f"the greedy algorithm found no panel in {MAX_ATTEMPTS} attempts",
            )
        key = counts.tobytes()
        found[key] += 1
        shapes[key] = counts
        if i % 50 == 0:
            progress("legacy", i, samples)
    keys = sorted(found)
    panels = [shapes[key] for key in keys]
    weights = np.array([found[key] for key in keys], dtype=float) / samples
    return make_distribution(
        "legacy", pool, panels, weights, runtime_s=time.perf_counter() - started
    )
