"""A tiny MIP for the repair: one panel copy rebuilt so one type moves by one seat.

Seat swaps (``rounding_repair``) cannot help a type whose value combination no pair of
seated types can be traded for. Then we rebuild one copy of one panel as a near
feasible panel (few seats changed, L1; HiGHS stops within ``KEPT_GAP`` of the fewest) that
gives the target one seat more (or less),
while every other type's seat total stays in given ranges: towards or inside its window
(:func:`window_ranges`), or, in the floor phase, at or above its floor and within the
deviation the lottery already has (:func:`seat_ranges`). The same rules as the panel polytope apply (panel size, quotas, households,
forced people). A node limit keeps it deterministic; it runs only for the few types that
are still below the floor, on the heaviest panels first.
"""

from __future__ import annotations

from collections.abc import Callable

import highspy
import numpy as np

from quartier.engine.sortition.panel_polytope import quiet_highs
from quartier.engine.sortition.person_types import TypedPool

Deviation = Callable[[int, float], float]

INF = highspy.kHighsInf
ROWS_TRIED = 6  # heaviest panels tried per type
NODE_LIMIT = 200
# stop at the first panel that keeps at least half of the seats the nearest could keep:
# proving the nearest costs 5-90 ms per MIP on exact quotas, finding a near one a few ms
KEPT_GAP = 0.5
REACH = 3  # a type's seat total may move by at most this much in one rebuild


def seat_ranges(
    seats: np.ndarray, floor: np.ndarray, deviation: Deviation, cap: float, target: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per type, how far its seat total may fall and rise (within ``REACH``)."""
    count = len(seats)
    down = np.zeros(count, dtype=np.int64)
    up = np.zeros(count, dtype=np.int64)
    for t in range(count):
        limit = max(cap, deviation(t, seats[t])) + 1e-9
        for step in range(1, REACH + 1):
            after = seats[t] - step
            if (after < floor[t] and t != target) or deviation(t, after) > limit:
                break
            down[t] = step
        for step in range(1, REACH + 1):
            if deviation(t, seats[t] + step) > limit and t != target:
                break
            up[t] = step
    down[target] = 0
    return down, up


def rebuild(
    pool: TypedPool,
    panel: np.ndarray,
    target: int,
    down: np.ndarray,
    up: np.ndarray,
    direction: int = 1,
) -> np.ndarray | None:
    """A feasible panel near ``panel`` (``KEPT_GAP``) with one more (``direction`` -1:
    one fewer) seat of ``target``, or None."""
    n = pool.count
    low = np.maximum(pool.lower, panel - down).astype(float)
    high = np.minimum(pool.sizes, panel + up).astype(float)
    if direction > 0:
        low[target] = max(low[target], float(panel[target] + 1))
    else:
        high[target] = min(high[target], float(panel[target] - 1))
    if np.any(low > high):
        return None
    h = quiet_highs()
    h.setOptionValue("mip_max_nodes", NODE_LIMIT)
    h.setOptionValue("mip_rel_gap", KEPT_GAP)
    # fewest seats changed: sum |x - panel| = 2k - 2 sum min(x_t, panel_t), so maximise
    # sum kept_t with kept_t <= x_t and kept_t <= panel_t over the panel's own types
    h.addVars(n, low, high)
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    seated = np.flatnonzero(panel > 0).astype(np.int32)
    h.addVars(len(seated), np.zeros(len(seated)), panel[seated].astype(float))
    kept = np.arange(n, n + len(seated), dtype=np.int32)
    h.changeColsCost(len(seated), kept, np.ones(len(seated)))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    k = float(pool.problem.panel_size)
    h.addRow(k, k, n, np.arange(n, dtype=np.int32), np.ones(n))
    for members, quota in zip(pool.quota_members, pool.problem.quotas, strict=True):
        h.addRow(float(quota.min), float(quota.max), len(members), members, np.ones(len(members)))
    for members in pool.households:
        h.addRow(-INF, 1.0, len(members), members, np.ones(len(members)))
    for t, column in zip(seated, kept, strict=True):
        index = np.array([column, t], dtype=np.int32)
        h.addRow(-INF, 0.0, 2, index, np.array([1.0, -1.0]))
    h.run()
    if (
        h.getModelStatus()
        not in (
            highspy.HighsModelStatus.kOptimal,
            highspy.HighsModelStatus.kSolutionLimit,
            highspy.HighsModelStatus.kIterationLimit,
        )
        or h.getInfo().primal_solution_status != 2
    ):
        return None
    return np.rint(np.array(h.getSolution().col_value[:n])).astype(np.int64)


def window_ranges(
    seats: np.ndarray, low: np.ndarray, high: np.ndarray, target: int, direction: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per type, how far its seat total may fall and rise without leaving or moving away
    from its window (within ``REACH``); the target moves only in ``direction``."""
    inside_low = np.minimum(seats, low)  # below the window: may only rise
    down = np.clip(seats - np.maximum(inside_low, low), 0, REACH).astype(np.int64)
    up = np.clip(np.maximum(high, seats) - seats, 0, REACH).astype(np.int64)
    up[seats > high] = 0
    down[seats < low] = 0
    down[target], up[target] = (0, REACH) if direction > 0 else (REACH, 0)
    return down, up
