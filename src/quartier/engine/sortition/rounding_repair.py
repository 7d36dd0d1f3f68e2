"""Pull a rounded lottery into the 1/m windows by editing single seats of single panels.

After iterated rounding every person is within ``(k + 2) / m`` of the exact probability,
but on exact-quota pools with many singleton types a few hundred people are 1-2.4/m off.
The lottery is not tied to the optimal distribution's panels: any feasible panel may
enter it. So a *move* takes one copy of a panel and exchanges seats in it:

* a **swap**: one seat of type ``a`` goes to type ``c`` (feasible when the quotas of the
  values they differ in have room), or
* a **pair swap**: seats of ``a`` and ``b`` go to ``c`` and ``d`` where, category by
  category, ``{c, d}`` have the same values as ``{a, b}``; every quota count of the panel
  stays the same, so even exact quotas (min = max) hold.

Each type ``t`` has a *window* of seat totals ``[lo_t, hi_t]`` in which every member is
within 1/m of the exact probability, and a *floor* below which some member would fall
more than 1/m under the exact minimum. A move is accepted only when it makes no touched
type's distance to its window or floor larger and the total smaller, or when it pushes
one other type a single seat out and a second move at once brings that type back (a
chain of two). So after every accepted step no type is further out than before, no
person moves further from the exact probability than ``max(before, 1/m)``, and the
proven bound of the rounding keeps holding. Types still below the floor are then lifted
in a *floor phase* (the min clause first) that lets others move up to the largest
deviation already present, by swaps or by a tiny MIP (:mod:`rounding_floor`). The search
examines a fixed number of candidate moves (deterministic) and stops at a hard deadline.
See ``docs/background/rounding.md``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np

from quartier.engine.sortition.person_types import TypedPool
from quartier.engine.sortition.rounding_floor import (
    ROWS_TRIED,
    rebuild,
    seat_ranges,
    window_ranges,
)
from quartier.engine.sortition.rounding_windows import FLOOR_WEIGHT, Windows

PER_TARGET = 150  # candidate moves examined per attempt on one type
MIP_COST = 100  # budget units of one rebuild MIP
PLACEABLE_COST = 3  # budget units of one room check of a block of single swaps
WINDOW_MIP = True
WINDOW_ROWS = 6
BLOCK = 32  # candidate pairs are built for this many first types at a time
CHAIN = 1  # a move may push one type one seat out if a second move brings it back


Move = tuple[tuple[int, int], ...]  # (type, seat change) pairs of one panel copy


class SeatRepair:
    """Greedy single-copy seat moves towards the windows, until none helps or time is up."""

    def __init__(self, pool: TypedPool, windows: Windows) -> None:
        self.pool = pool
        self.windows = windows
        problem = pool.problem
        categories = problem.categories
        codes = np.zeros((pool.count, len(categories)), dtype=np.int64)
        for c in range(len(categories)):
            values = sorted({t.values[c] for t in pool.types})
            index = {v: i for i, v in enumerate(values)}
            codes[:, c] = [index[t.values[c]] for t in pool.types]
        self.codes = codes
        # agree[w][i, j]: bit c set when types i and j share their value in category
        # 64 w + c, so "per category, c takes a value of {a, b}" is a bitwise OR of two
        # entries instead of a types x types x categories array per candidate search
        self.agree: list[np.ndarray] = []
        self.full: list[int] = []
        for first in range(0, codes.shape[1], 64):
            block = codes[:, first : first + 64]
            width = next(bits for bits in (8, 16, 32, 64) if block.shape[1] <= bits)
            dtype = np.dtype(f"uint{width}")  # the narrowest: less memory to gather
            agree = np.zeros((pool.count, pool.count), dtype=dtype)
            for c in range(block.shape[1]):
                same = block[:, c][:, None] == block[:, c][None, :]
                agree |= same.astype(dtype) << dtype.type(c)
            self.agree.append(agree)
            self.full.append((1 << block.shape[1]) - 1)
        # one integer per value combination; linear, so key(a) + key(b) - key(c) is the
        # key of the type that takes, per category, the value of {a, b} that c leaves
        radix = np.cumprod(np.append(1, codes.max(axis=0)[:-1] + 1)) if codes.size else codes
        self.key = codes @ radix if codes.size else np.zeros(pool.count, dtype=np.int64)
        self.by_key: dict[int, list[int]] = {}
        for t, value in enumerate(self.key):
            self.by_key.setdefault(int(value), []).append(t)
        # the same, sorted, for looking up many keys at once (see _completions)
        by_value = np.argsort(self.key, kind="stable")
        self.sorted_keys, first = np.unique(self.key[by_value], return_index=True)
        self.first_type = by_value[first]
        self.single_key = np.diff(np.append(first, len(by_value))) == 1
        # quota rows as a types x quotas 0/1 matrix, for the room test of single swaps
        self.member = np.zeros((pool.count, len(problem.quotas)))
        for q, members in enumerate(pool.quota_members):
            self.member[members, q] = 1.0
        self.q_low = np.array([q.min for q in problem.quotas], dtype=float)
        self.q_high = np.array([q.max for q in problem.quotas], dtype=float)
        self.household = np.full(pool.count, -1, dtype=np.int64)
        for h, members in enumerate(pool.households):
            self.household[members] = h
        self.low_seats = np.maximum(windows.low, windows.floor)
        self.relaxed = False  # the floor phase: see _floor_phase
        self.cap = 0.0
        # a value whose quota is exact (min = max) can never lose or gain a seat alone
        rigid = np.zeros(codes.shape, dtype=bool)
        for q, members in enumerate(pool.quota_members):
            if problem.quotas[q].min == problem.quotas[q].max:
                rigid[members, categories.index(problem.quotas[q].category)] = True
        self.rigid = rigid

    def _singles(self, target: int, others: np.ndarray) -> np.ndarray:
        """The types in ``others`` that can swap one seat with ``target`` in some panel."""
        differ = self.codes[others] != self.codes[target]
        blocked = differ & (self.rigid[others] | self.rigid[target])
        return others[~blocked.any(axis=1)]

    def run(
        self, panels: np.ndarray, copies: np.ndarray, deadline: float, budget: int
    ) -> tuple[np.ndarray, np.ndarray, bool]:
        """Moved panels (rows) and copies, and whether the deadline stopped the search.

        ``budget`` bounds the candidate moves examined, so the result does not depend on
        the machine's speed unless the (hard) deadline hits first.
        """
        start = np.array(panels, dtype=np.int64).reshape(-1, self.pool.count)
        self.rows = np.zeros((2 * len(start) + 16, self.pool.count), dtype=np.int64)
        self.rows[: len(start)] = start
        self.copies = np.zeros(len(self.rows), dtype=np.int64)
        self.copies[: len(start)] = copies
        self.used = len(start)
        self.quota_counts = self.rows @ self.member  # per panel row; rows never change
        self.index = {p.tobytes(): i for i, p in enumerate(start)}  # row -> its index
        seats = (self.copies @ self.rows).astype(float)
        self.seats = seats
        self.budget = budget
        # passes over the open types, worst first, while any of them moves; the (slow) MIP
        # only once swaps alone have stopped helping, as other types' swaps often open a
        # swap for a type that had none
        mip = False
        while True:
            distance = self.windows.distance(seats)
            order = [int(t) for t in np.argsort(-distance, kind="stable") if distance[t] > 0]
            moved = False
            for target in order:
                if time.perf_counter() > deadline:
                    return self._result(True)
                if self.budget <= 0:
                    return self._result(False)
                while self._distance(target, seats[target]) > 0:
                    if not self._improve(target, deadline, CHAIN) and not (
                        mip and self._rebuild_window(target)
                    ):
                        break
                    moved = True
            if not moved:
                if mip or not WINDOW_MIP:
                    return self._floor_phase(deadline)
                mip = True

    def _floor_phase(self, deadline: float) -> tuple[np.ndarray, np.ndarray, bool]:
        """The min clause before the windows: lift types below the floor even when that
        moves others within (not beyond) the largest deviation the lottery already has."""
        seats, w = self.seats, self.windows
        under = [
            int(t) for t in np.argsort(seats - w.floor, kind="stable") if seats[t] < w.floor[t]
        ]
        if not under:
            return self._result(False)
        self.cap = max(w.deviation(t, seats[t]) for t in range(self.pool.count))
        self.relaxed = True
        try:
            for target in under:
                while seats[target] < w.floor[target]:
                    if time.perf_counter() > deadline:
                        return self._result(True)
                    if self.budget <= 0:
                        break
                    if not self._improve(target, deadline, 0) and not self._rebuild(target):
                        break
        finally:
            self.relaxed = False
        return self._result(False)

    def _result(self, capped: bool) -> tuple[np.ndarray, np.ndarray, bool]:
        keep = np.flatnonzero(self.copies[: self.used] > 0)
        return self.rows[keep], self.copies[keep], capped

    def _distance(self, t: int, seats: float) -> float:
        w = self.windows
        out = max(w.low[t] - seats, 0.0) + max(seats - w.high[t], 0.0)
        return float((out + FLOOR_WEIGHT * max(w.floor[t] - seats, 0.0)) / w.sizes[t])

    def _judge(self, move: Move, target: int) -> int | None:
        """-1 if the move helps and hurts nobody; a type index if it helps ``target`` but
        pushes exactly that other type one seat out of its window; else ``None``."""
        change: dict[int, int] = {}
        for t, c in move:
            change[t] = change.get(t, 0) + c
        if self.relaxed:
            return self._judge_floor(change, target)
        total, worse = 0.0, []
        for t, c in change.items():
            before = self._distance(t, self.seats[t])
            after = self._distance(t, self.seats[t] + c)
            if after > before + 1e-12:
                worse.append(t)
            total += before - after
        if not worse:
            return -1 if total > 1e-12 else None
        if len(worse) > 1 or worse[0] == target or abs(change[worse[0]]) != 1:
            return None
        t = worse[0]
        if self.seats[t] + change[t] < self.windows.floor[t]:
            return None  # never trade the min clause
        if self._distance(target, self.seats[target] + change[target]) >= self._distance(
            target, self.seats[target]
        ):
            return None
        return t

    def _rebuild(self, target: int) -> bool:
        """Floor phase: one more seat for ``target`` by a tiny MIP (``rounding_floor``)."""
        w = self.windows
        down, up = seat_ranges(self.seats, w.floor, w.deviation, self.cap, target)
        return self._rebuild_copy(target, down, up, 1, ROWS_TRIED)

    def _rebuild_window(self, target: int) -> bool:
        """Windows: ``target`` one seat towards its window, nobody else away from theirs."""
        w = self.windows
        direction = 1 if self.seats[target] < w.low[target] else -1
        down, up = window_ranges(self.seats, w.low, w.high, target, direction)
        return self._rebuild_copy(target, down, up, direction, WINDOW_ROWS)

    def _rebuild_copy(
        self, target: int, down: np.ndarray, up: np.ndarray, direction: int, tries: int
    ) -> bool:
        """Rebuild one copy of one of the heaviest panels that can move ``target``."""
        live = np.flatnonzero(self.copies[: self.used] > 0)
        if direction < 0:
            live = live[self.rows[live, target] > 0]
        for row in live[np.argsort(-self.copies[live], kind="stable")][:tries]:
            self.budget -= MIP_COST
            panel = self.rows[row]
            new = rebuild(self.pool, panel, target, down, up, direction)
            if new is not None:
                changed = np.flatnonzero(new != panel)
                self._apply(int(row), tuple((int(t), int(new[t] - panel[t])) for t in changed))
                return True
        return False

    def _judge_floor(self, change: dict[int, int], target: int) -> int | None:
        """Floor phase: ``target`` gains, nobody else sinks below the floor or past the cap."""
        w = self.windows
        if change.get(target, 0) <= 0:
            return None
        for t, c in change.items():
            if t == target or c == 0:
                continue
            after = self.seats[t] + c
            if c < 0 and after < w.floor[t]:
                return None
            if w.deviation(t, after) > max(self.cap, w.deviation(t, self.seats[t])) + 1e-9:
                return None
        return -1

    def _apply(self, row: int, move: Move) -> None:
        self.copies[row] -= 1
        new = self.rows[row].copy()
        for t, change in move:
            new[t] += change
            self.seats[t] += change
        key = new.tobytes()
        if key not in self.index:
            if self.used == len(self.rows):
                self.rows = np.vstack([self.rows, np.zeros_like(self.rows)])
                self.quota_counts = np.vstack([self.quota_counts, np.zeros_like(self.quota_counts)])
                self.copies = np.append(self.copies, np.zeros_like(self.copies))
            self.index[key] = self.used
            self.rows[self.used] = new
            self.quota_counts[self.used] = new @ self.member
            self.used += 1
        self.copies[self.index[key]] += 1

    def _undo(self, row: int, move: Move) -> None:
        new = self.rows[row].copy()
        for t, change in move:
            new[t] += change
            self.seats[t] -= change
        self.copies[self.index[new.tobytes()]] -= 1
        self.copies[row] += 1

    def _allowed(self, panel: np.ndarray, move: Move) -> bool:
        """Bounds and households after a move that keeps (or checked) every quota count."""
        new = panel.copy()
        for t, c in move:
            new[t] += c
        touched = [t for t, _ in move]
        pool = self.pool
        if any(new[t] < pool.lower[t] or new[t] > pool.sizes[t] for t in touched):
            return False
        for t in touched:
            h = self.household[t]
            if h >= 0 and new[pool.households[h]].sum() > 1:
                return False
        return True

    def _improve(self, target: int, deadline: float, depth: int) -> bool:
        """Apply the first helpful move for ``target`` (a chain of ``depth`` + 1 at most)."""
        live = np.flatnonzero(self.copies > 0)  # columns of their rows are read as needed
        counts: np.ndarray | None = None
        under = self.seats[target] < self.low_seats[target]
        moves = self._gains(target) if under else self._losses(target)
        for tried, move in enumerate(moves):
            if tried >= PER_TARGET:
                return False
            self.budget -= 1
            if self.budget < 0 or time.perf_counter() > deadline:
                return False
            verdict = self._judge(move, target)
            if verdict is None or (verdict >= 0 and depth == 0):
                continue
            fits = np.ones(len(live), dtype=bool)
            change: dict[int, int] = {}
            for t, c in move:
                change[t] = change.get(t, 0) + c
            for t, c in change.items():
                after = self.rows[live, t] + c
                fits &= (after >= self.pool.lower[t]) & (after <= self.pool.sizes[t])
            if len(move) == 2:  # a single swap moves quota counts: check their room
                counts = self.quota_counts[live] if counts is None else counts
                quota = counts + self.member[move[1][0]] - self.member[move[0][0]]
                fits &= np.all((quota >= self.q_low) & (quota <= self.q_high), axis=1)
            row = next((int(r) for r in live[fits] if self._allowed(self.rows[r], move)), None)
            if row is None:
                continue
            self._apply(row, move)
            if verdict < 0 or self._improve(verdict, deadline, depth - 1):
                return True
            self._undo(row, move)
        return False

    def _placeable(self, out: np.ndarray, into: np.ndarray) -> np.ndarray:
        """For single swaps out[i] -> into[i]: does some panel in the lottery have room?"""
        if len(out) == 0:
            return np.zeros(0, dtype=bool)
        self.budget -= PLACEABLE_COST
        live = np.flatnonzero(self.copies[: self.used] > 0)
        counts = self.quota_counts[live]
        at_high = (counts >= self.q_high).astype(np.float32)  # panels x quotas
        at_low = (counts <= self.q_low).astype(np.float32)
        delta = self.member[into] - self.member[out]  # swaps x quotas
        rise = (delta > 0).T.astype(np.float32)
        fall = (delta < 0).T.astype(np.float32)
        blocked = at_high @ rise + at_low @ fall  # panels x swaps
        seated = self.rows[np.ix_(live, out)] > self.pool.lower[out]
        room = self.rows[np.ix_(live, into)] < self.pool.sizes[into]
        return np.asarray(((blocked == 0) & seated & room).any(axis=0))

    def _may_lose(self) -> np.ndarray:
        """Types that can lose a seat, at worst one seat out of their window (not the floor)."""
        if self.relaxed:
            return np.flatnonzero(self.seats > self.windows.floor)
        return np.flatnonzero(self.seats > np.maximum(self.windows.low - 1, self.windows.floor))

    def _may_gain(self) -> np.ndarray:
        if self.relaxed:
            return np.arange(self.pool.count)
        return np.flatnonzero(self.seats < self.windows.high + 1)

    def _gains(self, target: int) -> Iterator[Move]:
        """Moves giving ``target`` one more seat in some panel, singles first."""
        losers = self._may_lose()
        losers = losers[losers != target]
        singles = self._by_harm(self._singles(target, losers), -1)
        for top in range(0, len(singles), BLOCK):  # the first block usually has a swap
            block = singles[top : top + BLOCK]
            for a in block[self._placeable(block, np.full(len(block), target))]:
                yield ((int(a), -1), (target, 1))
        same = [agree[losers, target] for agree in self.agree]
        gain = self.seats < self.windows.high + 1 + (self.pool.sizes if self.relaxed else 0)
        # blocks of rows, so the work stops soon after the search has taken a move
        for top in range(0, len(losers), BLOCK):
            rows = slice(top, top + BLOCK)
            firsts = np.arange(top, min(top + BLOCK, len(losers)))
            fits = np.arange(len(losers))[None, :] >= firsts[:, None]  # unordered pairs once
            for bits, full in zip(same, self.full, strict=True):
                fits &= np.bitwise_or.outer(bits[rows], bits) == full
            first, second = np.nonzero(fits)
            out_a, out_b = losers[first + top], losers[second]
            wanted = self.key[out_a] + self.key[out_b] - self.key[target]
            keep = self._completions(wanted, out_a, out_b, gain, target)
            for a, b, key in zip(
                out_a[keep].tolist(), out_b[keep].tolist(), wanted[keep].tolist(), strict=True
            ):
                for d in self.by_key[key]:
                    if d not in (a, b) and (gain[d] or d == target):
                        yield ((a, -1), (b, -1), (target, 1), (d, 1))

    def _losses(self, target: int) -> Iterator[Move]:
        """Moves taking one seat of ``target`` out of some panel, singles first."""
        gainers = self._may_gain()
        gainers = gainers[gainers != target]
        singles = self._by_harm(self._singles(target, gainers), 1)
        for top in range(0, len(singles), BLOCK):
            block = singles[top : top + BLOCK]
            for c in block[self._placeable(np.full(len(block), target), block)]:
                yield ((target, -1), (int(c), 1))
        partners = np.unique(np.append(self._may_lose(), target))
        gain = self.seats < self.windows.high + 1
        own = [agree[gainers, target] for agree in self.agree]
        for top in range(0, len(partners), BLOCK):
            block = partners[top : top + BLOCK]
            fits = np.ones((len(block), len(gainers)), dtype=bool)
            for agree, bits, full in zip(self.agree, own, self.full, strict=True):
                fits &= (agree[np.ix_(block, gainers)] | bits[None, :]) == full
            first, second = np.nonzero(fits)
            out_b, into_c = block[first], gainers[second]
            wanted = self.key[target] + self.key[out_b] - self.key[into_c]
            keep = self._completions(wanted, np.full(len(out_b), target), out_b, gain, into_c)
            for b, c, key in zip(
                out_b[keep].tolist(), into_c[keep].tolist(), wanted[keep].tolist(), strict=True
            ):
                for d in self.by_key[key]:
                    if d not in (target, b) and (gain[d] or d == c):
                        yield ((target, -1), (b, -1), (c, 1), (d, 1))

    def _by_harm(self, types: np.ndarray, change: int) -> np.ndarray:
        """``types`` ordered by how their distance changes with ``change`` seats, most
        helped first: a partner that itself moves towards its window makes the swap good
        for both, and one pushed out (a chain) comes last, so the first placeable swap is
        usually taken without a second search."""
        seats = self.seats[types]
        w = self.windows
        harm = w.distance(seats + change, types) - w.distance(seats, types)
        return types[np.argsort(harm, kind="stable")]

    def _completions(
        self,
        wanted: np.ndarray,
        first: np.ndarray,
        second: np.ndarray,
        gain: np.ndarray,
        partner: np.ndarray | int,
    ) -> np.ndarray:
        """Which candidate pairs may have a fourth type ``d`` (key ``wanted``), not
        ``first`` or ``second``, that can gain a seat or is ``partner``: the pair swap's
        filter for all pairs at once, so only the promising ones reach the judge. Keys
        shared by several types (households) are kept and sorted out one by one."""
        if len(wanted) == 0:
            return np.zeros(0, dtype=bool)
        pos = np.minimum(np.searchsorted(self.sorted_keys, wanted), len(self.sorted_keys) - 1)
        found = self.sorted_keys[pos] == wanted
        d = self.first_type[pos]
        fits = (d != first) & (d != second) & (gain[d] | (d == partner))
        return np.asarray(found & (fits | ~self.single_key[pos]), dtype=bool)
