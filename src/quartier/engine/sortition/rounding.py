"""Round a distribution to a uniform lottery over ``m`` concrete panels, fast and with a bound.

Flanigan, Kehne and Procaccia, "Fair sortition made transparent" (NeurIPS 2021): a
lottery anyone can check is a list of ``m`` panels, one of which is picked uniformly.
Type panel ``P`` with probability ``q_P`` gets ``c_P`` copies, ``sum c_P = m``; within a
type the seats are handed to its members cyclically, so two members' seat counts differ
by at most one. Four steps, each fast by construction:

1. **Iterated (Beck–Fiala) rounding** of ``y = m q``. A type row is kept *active* while the
   fractional part of ``y`` gives it more than ``k + 1`` seats per member; the total
   ``sum y = m`` stays active always. Since every panel has ``k`` seats there are fewer
   active rows than fractional panels, so some direction keeps all active rows and the
   total fixed; moving along it makes at least one more ``y_P`` integral. A row that
   leaves the active set can drift by less than ``k + 1`` afterwards. Result: every
   person's lottery probability is within ``(k + 2) / m`` of the exact one (the
   *guaranteed* bound; the extra 1 is the cyclic hand-out within a type).
2. **Exchange search**: move one copy from one panel to another when that lowers the
   largest deviation (then the sum of squared deviations). Every move is checked exactly,
   so the bound of step 1 can only improve.
3. **Window repair** (:mod:`rounding_repair`): seat swaps inside single panel copies, which
   may create panels outside the support, pull every type towards the seat totals that
   put all its members within 1/m; then types still below the min-clause floor are
   lifted (by swaps or a tiny MIP, :mod:`rounding_floor`). The largest deviation never
   grows, so the bound still holds; whether 1/m and the min clause were reached is
   measured and recorded (``within_one``, ``min_clause``).
4. A **time cap** over steps 2 and 3: the search stops at the cap and the lottery says so
   (``time_capped``); the guaranteed bound still holds.

Deviations are measured exactly per person: with ``S_t`` seats for type ``t`` over the
``m`` panels, its members hold ``floor(S_t/n_t)`` or ``ceil(S_t/n_t)`` of them.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from quartier.engine.sortition.distribution import Distribution
from quartier.engine.sortition.person_types import TypedPool
from quartier.engine.sortition.rounding_repair import SeatRepair
from quartier.engine.sortition.rounding_windows import Windows

DEFAULT_PANELS = 1000
DEFAULT_TIME_LIMIT = 20.0
REPAIR_BUDGET = 8000  # candidate moves the repair may examine (deterministic, not timed)
EPS = 1e-9
TARGET_TOLERANCE = 1e-9  # "within 1/m" allows this much float noise (times 1/m)


@dataclass(frozen=True)
class Lottery:
    """``m`` panels (sorted person ids, canonical order) and the probabilities they realise.

    ``max_deviation`` is the measured largest |lottery - exact| probability over people;
    ``guaranteed_deviation`` the bound proven for the rounding, ``(k + 2) / m``;
    ``min_shortfall`` how far the lottery's smallest probability is below the exact one.
    ``within_one`` and ``min_clause`` say whether the targets (every person within 1/m,
    the minimum at most 1/m below the exact minimum) were reached; they are targets the
    repair step aims for, not proven, so the lottery says whether they hold.
    """

    panels: tuple[tuple[str, ...], ...]
    probabilities: dict[str, float]
    max_deviation: float
    guaranteed_deviation: float = 1.0
    min_shortfall: float = 0.0
    time_capped: bool = False
    runtime_s: float = 0.0
    time_limit: float = DEFAULT_TIME_LIMIT

    @property
    def size(self) -> int:
        return len(self.panels)

    @property
    def within_one(self) -> bool:
        return self.max_deviation * self.size <= 1.0 + TARGET_TOLERANCE

    @property
    def min_clause(self) -> bool:
        return self.min_shortfall * self.size <= 1.0 + TARGET_TOLERANCE


def _member_deviation(seats: np.ndarray, target: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Per type, the largest |copies - exact copies| of one member (cyclic hand-out)."""
    low = np.floor(seats / sizes + EPS)
    high = np.ceil(seats / sizes - EPS)
    exact = target / sizes
    return np.maximum(np.abs(low - exact), np.abs(high - exact))


def iterated_rounding(y: np.ndarray, rows: np.ndarray, threshold: float) -> np.ndarray:
    """Integral ``c`` with ``sum c = sum y`` and every row drifting by less than ``threshold``.

    ``rows`` is (rows x panels) with non-negative entries and column sums at most
    ``threshold - 1``; ``sum y`` must be an integer.
    """
    y = y.astype(float).copy()
    y[np.abs(y - np.rint(y)) < EPS] = np.rint(y[np.abs(y - np.rint(y)) < EPS])
    is_fractional = np.abs(y - np.rint(y)) >= EPS
    # each row's mass on the fractional panels, updated as panels become integral (a
    # panel never becomes fractional again); rows close to the threshold are summed
    # afresh, so the active set is the one a full recount would give
    mass = rows[:, is_fractional].sum(axis=1)
    while True:
        fractional = np.flatnonzero(is_fractional)
        if len(fractional) == 0:
            break
        if len(fractional) == 1:  # only possible through float drift: sum y is integral
            y[fractional] = np.rint(y[fractional])
            break
        near = np.flatnonzero(np.abs(mass - threshold) < 1e-6)
        if len(near):
            mass[near] = rows[np.ix_(near, fractional)].sum(axis=1)
        active = np.flatnonzero(mass > threshold)
        # a null direction needs one more variable than constraints (active rows + total)
        chosen = fractional[: len(active) + 2]
        system = np.vstack([np.ones(len(chosen)), rows[np.ix_(active, chosen)]])
        direction = np.linalg.svd(system)[2][-1]
        direction[np.abs(direction) < 1e-12] = 0.0
        nz = direction != 0
        if not nz.any():  # numerically degenerate: fall back to the two smallest pieces
            direction = np.zeros(len(chosen))
            direction[0], direction[1] = 1.0, -1.0
            nz = direction != 0
        if direction[np.flatnonzero(nz)[0]] < 0:
            direction = -direction
        values = y[chosen]
        # step until the first variable reaches an integer (its floor or its ceiling)
        up = np.where(
            direction > 0, (np.ceil(values) - values) / np.where(nz, direction, 1), np.inf
        )
        down = np.where(
            direction < 0, (values - np.floor(values)) / np.where(nz, -direction, 1), np.inf
        )
        step = float(min(up.min(), down.min()))
        y[chosen] = values + step * direction
        hit = np.abs(y[chosen] - np.rint(y[chosen])) < 1e-7
        y[chosen[hit]] = np.rint(y[chosen[hit]])
        is_fractional[chosen[hit]] = False
        mass -= rows[:, chosen[hit]].sum(axis=1)
    return np.rint(y).astype(np.int64)


class _Exchange:
    """Move single copies between panels while the deviations improve.

    A move changes a type's seats by at most the largest panel entry ``R``, so the
    deviation of every type after any move is read from a table of its deviations at
    ``seats - R .. seats + R`` (one gather per donor instead of recomputing floors and
    ceilings for every candidate); the table is refreshed after each accepted move.
    """

    def __init__(self, matrix: np.ndarray, target: np.ndarray, sizes: np.ndarray) -> None:
        self.matrix = matrix  # panels x types (seats)
        self.target = target  # exact seats per type over m panels
        self.sizes = sizes
        self.reach = int(matrix.max(initial=0.0))
        self.steps = np.arange(-self.reach, self.reach + 1, dtype=float)

    def table(self, seats: np.ndarray) -> np.ndarray:
        """types x (2R + 1): the member deviation of each type at seats + offset."""
        trial = seats[:, None] + self.steps[None, :]
        return _member_deviation(trial, self.target[:, None], self.sizes[:, None])

    def run(self, copies: np.ndarray, deadline: float) -> tuple[np.ndarray, bool]:
        copies = copies.copy()
        matrix = self.matrix
        # flat index into the table of a receiving panel's seats (before the donor's)
        width = 2 * self.reach + 1
        entries = matrix.astype(np.intp)
        flat = entries + self.reach + width * np.arange(matrix.shape[1])[None, :]
        seats = copies @ matrix
        table = self.table(seats)
        dev = table[:, self.reach]
        best = (float(dev.max(initial=0.0)), float(np.sum(dev**2)))
        while True:
            if time.perf_counter() > deadline:
                return copies, True
            dev = table[:, self.reach]
            worst = int(np.argmax(dev))
            too_many = seats[worst] > self.target[worst]
            column = matrix[:, worst]
            donors = np.flatnonzero(copies > 0)
            # to lower the worst type, take a copy from a panel with more of its seats
            if too_many:
                donors = donors[column[donors] > 0]
            if len(donors) == 0:
                return copies, False
            improved = False
            for donor in donors[np.argsort(-np.abs(column[donors]), kind="stable")]:
                # receiving panel j: seats + matrix[j] - matrix[donor]
                gain = column - column[donor] if not too_many else column[donor] - column
                candidates = np.flatnonzero(gain > 0)
                if len(candidates) == 0:
                    continue
                devs = np.take(table, flat[candidates] - entries[donor])
                peak = devs.max(axis=1)
                square = np.sum(devs**2, axis=1)
                order = np.lexsort((square, peak))
                pick = order[0]
                if (peak[pick], square[pick]) < (best[0] - 1e-12, math.inf) or (
                    abs(peak[pick] - best[0]) <= 1e-12 and square[pick] < best[1] - 1e-12
                ):
                    receiver = int(candidates[pick])
                    copies[donor] -= 1
                    copies[receiver] += 1
                    seats = seats + matrix[receiver] - matrix[donor]
                    table = self.table(seats)
                    best = (float(peak[pick]), float(square[pick]))
                    improved = True
                    break
            if not improved:
                return copies, False


def _all_feasible(pool: TypedPool, rows: np.ndarray) -> bool:
    """Every row (type counts) obeys every panel rule: size, bounds, quotas, households.

    The same rules as ``panel_polytope.satisfies``, for all new panels at once.
    """
    if len(rows) == 0:
        return True
    rows = rows.reshape(len(rows), pool.count)
    problem = pool.problem
    if np.any(rows.sum(axis=1) != problem.panel_size):
        return False
    if np.any(rows < pool.lower) or np.any(rows > pool.sizes):
        return False
    for members, quota in zip(pool.quota_members, problem.quotas, strict=True):
        total = rows[:, members].sum(axis=1)
        if np.any(total < quota.min) or np.any(total > quota.max):
            return False
    return all(np.all(rows[:, members].sum(axis=1) <= 1) for members in pool.households)


def _copies(
    distribution: Distribution, m: int, time_limit: float
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Type panels and their copies: iterated rounding, exchanges, then the window repair.

    The repair may add panels outside the optimal distribution's support; each is checked
    against every rule, and the repaired lottery is only kept when it is no further from
    the exact probabilities than the proven bound (it never is, see rounding.md).
    """
    deadline = time.perf_counter() + time_limit
    matrix = np.array(distribution.panels, dtype=float).reshape(-1, distribution.pool.count)
    sizes = distribution.pool.sizes.astype(float)
    weights = np.array(distribution.weights, dtype=float)
    y = weights / weights.sum() * m
    k = float(distribution.pool.problem.panel_size)
    rows = (matrix / sizes[None, :]).T  # types x panels, seats per member
    copies = iterated_rounding(y, rows, k + 1.0)
    target = y @ matrix
    copies, capped = _Exchange(matrix, target, sizes).run(copies, deadline)
    start = matrix.astype(np.int64)
    if capped:
        return start, copies, True
    pool = distribution.pool
    windows = Windows.around(target, pool.sizes, m * distribution.min_probability)
    panels, repaired, capped = SeatRepair(pool, windows).run(start, copies, deadline, REPAIR_BUDGET)
    bound = k + 2.0
    worst = _member_deviation(repaired @ panels, target, sizes).max(initial=0.0)
    known = {row.tobytes() for row in start}  # the distribution's panels, feasible already
    new = [panel for panel in panels if panel.tobytes() not in known]
    if worst > bound or not _all_feasible(pool, np.array(new, dtype=np.int64)):
        return start, copies, capped  # cannot happen; the proven rounding is the fallback
    return panels, repaired, capped


def _hand_out(
    pool: TypedPool, type_panels: np.ndarray, copies: np.ndarray
) -> tuple[list[tuple[str, ...]], np.ndarray]:
    """Person panels (sorted ids, the list sorted) and every person's seat count.

    Each type's seats go to its members cyclically in the order of the copies: the j-th
    seat of type t, counted over the copies in order, goes to member ``j mod n_t``. All
    seats are laid out in one array (copy by copy, types ascending), so no Python loop
    runs per seat.
    """
    people = [p.id for p in pool.problem.people]
    by_rank = sorted(people)
    rank = {pid: r for r, pid in enumerate(by_rank)}
    ranks = np.array(
        [rank[m] for ptype in pool.types for m in ptype.members], dtype=np.intp
    )  # members of type 0, then type 1, ...
    sizes = np.array([len(ptype.members) for ptype in pool.types], dtype=np.intp)
    base = np.cumsum(sizes) - sizes
    per_copy = type_panels[np.repeat(np.arange(len(copies)), copies)].astype(np.intp)
    before = np.cumsum(per_copy, axis=0) - per_copy  # the type's seats in earlier copies
    copy, t = np.nonzero(per_copy)  # copy by copy, types ascending
    width = per_copy[copy, t]
    pair = np.repeat(np.arange(len(copy)), width)
    j = np.arange(len(pair)) - np.repeat(np.cumsum(width) - width, width)
    seat_rank = ranks[base[t[pair]] + (before[copy[pair], t[pair]] + j) % sizes[t[pair]]]
    seat_copy = copy[pair]
    counts_by_rank = np.bincount(seat_rank, minlength=len(people))
    seat_rank = seat_rank[np.lexsort((seat_rank, seat_copy))]
    bounds = np.cumsum(np.bincount(seat_copy, minlength=len(per_copy)))
    rows = sorted(np.split(seat_rank, bounds[:-1]), key=lambda row: row.tolist())
    panels = [tuple(by_rank[r] for r in row.tolist()) for row in rows]
    counts = counts_by_rank[[rank[pid] for pid in people]]
    return panels, counts


def round_to_lottery(
    distribution: Distribution,
    panels: int = DEFAULT_PANELS,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Lottery:
    """Turn the optimal distribution into ``panels`` person panels (deterministic).

    ``time_limit`` caps the exchange search and the repair (seconds); when it is hit the
    lottery is still valid and within its guaranteed bound, and ``time_capped`` is set.
    """
    if panels < 1:
        raise ValueError("the lottery needs at least one panel")
    started = time.perf_counter()
    pool = distribution.pool
    type_panels, copies, capped = _copies(distribution, panels, time_limit)
    person_panels, seat_counts = _hand_out(pool, type_panels, copies)
    ids = [p.id for p in pool.problem.people]
    seats = dict(zip(ids, seat_counts.tolist(), strict=True))
    probabilities = {pid: count / panels for pid, count in seats.items()}
    exact = distribution.probabilities
    deviation = max((abs(probabilities[pid] - exact[pid]) for pid in probabilities), default=0.0)
    active = [p.id for p in pool.problem.active_people()]
    shortfall = 0.0
    if active:
        shortfall = max(0.0, distribution.min_probability - min(probabilities[i] for i in active))
    return Lottery(
        panels=tuple(person_panels),
        probabilities=probabilities,
        max_deviation=float(deviation) if math.isfinite(deviation) else 0.0,
        guaranteed_deviation=(pool.problem.panel_size + 2) / panels,
        min_shortfall=float(shortfall),
        time_capped=capped,
        runtime_s=time.perf_counter() - started,
        time_limit=time_limit,
    )
