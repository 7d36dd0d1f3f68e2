"""Shared pieces of column generation: the growing set of panels and the first columns.

The LPs range over all feasible panels, far too many to list. They start from a few
panels that together cover every type that can be selected at all, and the pricing MIP
adds a panel whenever one would improve the LP.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from quartier.engine.sortition.panel_polytope import PanelPolytope

Progress = Callable[[str, int, int], None]
COVER_GAP = 0.2


def no_progress(stage: str, done: int, total: int) -> None:
    """Default progress callback: ignore."""


class PanelSet:
    """Panels found so far, without duplicates, in discovery order."""

    def __init__(self) -> None:
        self.panels: list[np.ndarray] = []
        self._seen: set[bytes] = set()

    def add(self, counts: np.ndarray) -> bool:
        key = counts.astype(np.int64).tobytes()
        if key in self._seen:
            return False
        self._seen.add(key)
        self.panels.append(counts.astype(np.int64))
        return True

    def __len__(self) -> int:
        return len(self.panels)


def cover_types(polytope: PanelPolytope, panels: PanelSet) -> np.ndarray:
    """Find panels until every selectable type is on one; return the mask of selectable types.

    Each round rewards uncovered types (per member, so big types do not dominate) and
    slightly penalises covered ones (never enough to outweigh one uncovered member),
    which spreads the first panels across the pool. A round that cannot reach any
    uncovered type proves the rest can never be selected.
    """
    pool = polytope.pool
    covered = np.zeros(pool.count, dtype=bool)
    for counts in panels.panels:
        covered |= counts > 0
    while not covered.all():
        gain = 1.0 / pool.sizes
        penalty = 1e-3 * float(gain[~covered].min()) / pool.problem.panel_size
        weights = np.where(covered, -penalty, gain)
        found = polytope.best(weights, COVER_GAP)
        if found is not None and not np.any(found.counts[~covered] > 0):
            found = polytope.best(weights)  # exact: is any uncovered type reachable at all?
        if found is None or not np.any(found.counts[~covered] > 0):
            break
        panels.add(found.counts)
        covered |= found.counts > 0
    return covered
